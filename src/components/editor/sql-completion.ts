/**
 * SQL completion for Ripple's SQL cells, kept apart from the view so it can be tested
 * as a function of (text, cursor, catalog). The only CodeMirror-facing piece is
 * `sqlCompletionSource`, a thin wrapper that fetches the catalog and calls `completeSql`.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { PostgreSQL } from '@codemirror/lang-sql';
import { lex, type Token } from '../../../workers/sql/lexer';

export interface SqlColumn { readonly name: string; readonly type: string }
export interface SqlTable { readonly schema: string; readonly name: string; readonly columns: readonly SqlColumn[] }
export interface SqlCompletionData { readonly tables: readonly SqlTable[]; readonly variables: readonly string[] }
/** Where the catalog comes from; structurally the editor's `SqlCompletionSource`. */
export interface SqlCatalogSource {
  tables(): Promise<readonly SqlTable[]>;
  variables(): Promise<readonly string[]>;
}

export const EMPTY_SQL_DATA: SqlCompletionData = { tables: [], variables: [] };

// Same character classes as the lexer: Postgres treats every char >= 0x80 as an identifier char.
const WORD_BEFORE = /[\w$\u0080-\uffff]*$/;
const IDENT_BEFORE = /[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*$/;
const QUOTED_BEFORE = /"((?:[^"]|"")*)"$/;
const PLACEHOLDER_BEFORE = /\{([A-Za-z_]\w*)?$/;
const VALID_FOR = /^[\w$\u0080-\uffff]*$/;

/** Keywords after which a relation name is expected, so columns would only be noise. */
const TABLE_POSITION = new Set(['from', 'join', 'into', 'update', 'table', 'only']);
/** Clause words that can follow a table reference and therefore are never its alias. */
const NOT_ALIAS = new Set(('where on using join inner left right full cross natural outer group order limit offset ' +
  'having window union intersect except returning set values lateral fetch for tablesample and or into select ' +
  'from as with').split(' '));
/** PostgreSQL's reserved words: a table or column named like one must be quoted. */
const RESERVED = new Set(('all analyse analyze and any array as asc asymmetric both case cast check collate column ' +
  'constraint create current_catalog current_date current_role current_time current_timestamp current_user default ' +
  'deferrable desc distinct do else end except false fetch for foreign from grant group having in initially ' +
  'intersect into lateral leading limit localtime localtimestamp not null offset on only or order placing primary ' +
  'references returning select session_user some symmetric system_user table then to trailing true union unique ' +
  'user using variadic when where window with').split(' '));

// Built once: the dialect's word lists are large and never change.
const TYPE_WORDS = new Set((PostgreSQL.spec.types ?? '').split(' ').filter(Boolean));
const KEYWORD_OPTIONS: readonly Completion[] = [
  ...[...new Set((PostgreSQL.spec.keywords ?? '').split(' '))]
    .filter((w) => w && !TYPE_WORDS.has(w))
    .map((w): Completion => ({ label: w.toUpperCase(), type: 'keyword', boost: -1 })),
  ...[...TYPE_WORDS].map((w): Completion => ({ label: w, type: 'type', detail: 'type', boost: -2 })),
];

/** Double-quotes an identifier when Postgres would otherwise fold or reject it. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Unquoted identifiers fold to lower case; quoted ones are taken literally. */
function normalizeIdent(raw: string): string {
  return raw.startsWith('"') ? raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined).replace(/""/g, '"') : raw.toLowerCase();
}

/** True when `pos` lies inside a string literal, quoted identifier or comment. */
function insideOpaqueToken(text: string, pos: number, tokens: readonly Token[]): boolean {
  const t = tokens.find((tok) => tok.start < pos && pos <= tok.end);
  if (!t) return false;
  switch (t.kind) {
    case 'string':
    case 'dollarString':
      return t.bodyStart !== undefined && t.bodyEnd !== undefined && pos >= t.bodyStart && pos <= t.bodyEnd;
    case 'lineComment':
      return true;
    case 'blockComment': {
      const closed = t.end - t.start >= 4 && text.startsWith('*/', t.end - 2);
      return pos < t.end || !closed;
    }
    case 'quotedIdent': {
      const closed = t.end - t.start >= 2 && text[t.end - 1] === '"';
      return pos < t.end || !closed;
    }
    default:
      return false;
  }
}

/** Reads `a.b.` backwards from `end` (the dot's index + 1); returns the identifiers in order. */
function qualifiersBefore(text: string, end: number): string[] | null {
  const quals: string[] = [];
  let i = end;
  while (text[i - 1] === '.') {
    const before = text.slice(0, i - 1);
    const m = before.endsWith('"') ? QUOTED_BEFORE.exec(before) : IDENT_BEFORE.exec(before);
    if (!m) return null;
    quals.unshift(normalizeIdent(m[0]));
    i = i - 1 - m[0].length;
  }
  return quals;
}

function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
}

interface References { readonly aliases: Map<string, SqlTable>; readonly tables: Set<SqlTable> }

/** Finds `FROM|JOIN|, [schema.]table [AS] alias` so `u.` can resolve to the table behind alias `u`. */
function findReferences(text: string, tokens: readonly Token[], data: SqlCompletionData): References {
  const sig = significant(tokens);
  const aliases = new Map<string, SqlTable>();
  const tables = new Set<SqlTable>();
  const ident = (t: Token | undefined): string | undefined =>
    t && (t.kind === 'word' || t.kind === 'quotedIdent') ? normalizeIdent(text.slice(t.start, t.end)) : undefined;
  for (let i = 0; i < sig.length; i++) {
    const lead = sig[i];
    const leadText = lead ? text.slice(lead.start, lead.end).toLowerCase() : '';
    if (!(leadText === 'from' || leadText === 'join' || leadText === ',')) continue;
    let j = i + 1;
    const first = ident(sig[j]);
    if (first === undefined) continue;
    let schema: string | undefined;
    let name = first;
    if (sig[j + 1] && text[sig[j + 1]!.start] === '.' && ident(sig[j + 2]) !== undefined) {
      schema = first;
      name = ident(sig[j + 2])!;
      j += 2;
    }
    const table = resolveTable(data, name, schema);
    if (!table) continue;
    tables.add(table);
    let k = j + 1;
    if (ident(sig[k]) === 'as' && sig[k]?.kind === 'word') k += 1;
    const alias = ident(sig[k]);
    if (alias !== undefined && !(sig[k]?.kind === 'word' && NOT_ALIAS.has(alias))) aliases.set(alias, table);
  }
  return { aliases, tables };
}

/** A table by name, preferring the given schema, then `public`, then any. */
function resolveTable(data: SqlCompletionData, name: string, schema?: string): SqlTable | undefined {
  const named = data.tables.filter((t) => t.name === name || t.name.toLowerCase() === name);
  if (schema !== undefined) return named.find((t) => t.schema === schema || t.schema.toLowerCase() === schema);
  return named.find((t) => t.schema === 'public') ?? named[0];
}

function columnOptions(table: SqlTable, boost = 0): Completion[] {
  return table.columns.map((c) => ({ label: c.name, apply: quoteIdent(c.name), type: 'property', detail: c.type, boost }));
}

function tableOption(t: SqlTable, qualify: boolean, boost = 0): Completion {
  const qualified = qualify && t.schema !== 'public';
  return {
    label: t.name,
    apply: qualified ? `${quoteIdent(t.schema)}.${quoteIdent(t.name)}` : quoteIdent(t.name),
    type: 'type',
    detail: qualified ? `table in ${t.schema}` : 'table',
    boost,
  };
}

function schemaOptions(data: SqlCompletionData): Completion[] {
  const names = [...new Set(data.tables.map((t) => t.schema))];
  return names.map((s) => ({ label: s, apply: quoteIdent(s), type: 'namespace', detail: 'schema', boost: -1 }));
}

/** Every column name once; the tables the statement reads come first. */
function allColumnOptions(data: SqlCompletionData, referenced: Set<SqlTable>): Completion[] {
  const byName = new Map<string, { type: string; tables: SqlTable[] }>();
  for (const t of data.tables) {
    for (const c of t.columns) {
      const entry = byName.get(c.name);
      if (entry) entry.tables.push(t);
      else byName.set(c.name, { type: c.type, tables: [t] });
    }
  }
  return [...byName].map(([name, { type, tables }]) => ({
    label: name,
    apply: quoteIdent(name),
    type: 'property',
    detail: tables.length === 1 ? `${type} · ${tables[0]!.name}` : `${tables.length} tables`,
    boost: tables.some((t) => referenced.has(t)) ? 2 : 0,
  }));
}

/** What kind of name the cursor is completing; null where nothing should be offered. */
export type SqlCompletionContext =
  | { readonly kind: 'variable'; readonly from: number; readonly closed: boolean }
  | { readonly kind: 'member'; readonly from: number; readonly qualifiers: readonly string[] }
  | { readonly kind: 'general'; readonly from: number; readonly tablePosition: boolean };

/**
 * Classifies the cursor without any catalog, so the editor can skip fetching it: nothing in
 * strings/comments/quoted identifiers, in numbers, or on an empty word unless asked explicitly.
 */
export function sqlContextAt(text: string, pos: number, explicit = false, tokens: readonly Token[] = lex(text)): SqlCompletionContext | null {
  if (insideOpaqueToken(text, pos, tokens)) return null;
  const before = text.slice(0, pos);
  const placeholder = PLACEHOLDER_BEFORE.exec(before);
  if (placeholder) {
    // closeBrackets usually typed the `}` already; otherwise the completion closes the reference.
    const closed = text[pos] === '}' || /\w/.test(text[pos] ?? '');
    return { kind: 'variable', from: pos - (placeholder[1]?.length ?? 0), closed };
  }
  const word = WORD_BEFORE.exec(before)?.[0] ?? '';
  if (/^[0-9$]/.test(word)) return null; // a number or a `$1` parameter
  const from = pos - word.length;
  const qualifiers = qualifiersBefore(text, from);
  if (qualifiers === null) return null;
  if (qualifiers.length > 0) return { kind: 'member', from, qualifiers };
  if (word === '' && !explicit) return null;
  const previous = significant(tokens).filter((t) => t.end <= from).at(-1);
  const previousWord = previous?.kind === 'word' ? text.slice(previous.start, previous.end).toLowerCase() : '';
  return { kind: 'general', from, tablePosition: TABLE_POSITION.has(previousWord) };
}

/** The completions at `pos`, unfiltered: CodeMirror matches them against `text.slice(from, pos)`. */
export function completeSql(text: string, pos: number, data: SqlCompletionData, explicit = false): CompletionResult | null {
  const tokens = lex(text);
  const ctx = sqlContextAt(text, pos, explicit, tokens);
  if (!ctx) return null;
  const { from } = ctx;
  switch (ctx.kind) {
    case 'variable': {
      const options = data.variables.map((v): Completion => ({ label: v, apply: ctx.closed ? v : `${v}}`, type: 'variable', detail: 'Python' }));
      return { from, options, validFor: /^\w*$/ };
    }
    case 'member': {
      const refs = findReferences(text, tokens, data);
      const quals = ctx.qualifiers;
      const options: Completion[] = [];
      if (quals.length === 1) {
        const q = quals[0]!;
        for (const t of data.tables) if (t.schema === q || t.schema.toLowerCase() === q) options.push(tableOption(t, false));
        const table = refs.aliases.get(q) ?? resolveTable(data, q);
        if (table) options.push(...columnOptions(table));
      } else {
        // `db.schema.table.` also works: only the last two qualifiers matter.
        const table = resolveTable(data, quals[quals.length - 1]!, quals[quals.length - 2]);
        if (table) options.push(...columnOptions(table));
      }
      return options.length > 0 ? { from, options, validFor: VALID_FOR } : null;
    }
    case 'general': {
      const tables = data.tables.map((t) => tableOption(t, true, 1));
      if (ctx.tablePosition) return { from, options: [...tables, ...schemaOptions(data), ...KEYWORD_OPTIONS], validFor: VALID_FOR };
      const refs = findReferences(text, tokens, data);
      const options = [...allColumnOptions(data, refs.tables), ...tables, ...schemaOptions(data), ...KEYWORD_OPTIONS];
      return { from, options, validFor: VALID_FOR };
    }
  }
}

/** Catalog cache: one fetch per `maxAgeMs`, shared by every completion in that window. */
export interface CatalogLoader { get(): Promise<SqlCompletionData> }

export function createCatalogLoader(
  source: SqlCatalogSource,
  { maxAgeMs = 2000, graceMs = 300, now = () => Date.now() }: { maxAgeMs?: number; graceMs?: number; now?: () => number } = {},
): CatalogLoader {
  let entry: { at: number; promise: Promise<SqlCompletionData> } | undefined;
  let settled: SqlCompletionData | undefined;
  // The kernel may be busy or not started: a failed fetch completes with what is known, never throws into CodeMirror.
  const attempt = <T>(fetch: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return fetch().catch(() => fallback);
    } catch {
      return Promise.resolve(fallback);
    }
  };
  return {
    get() {
      const t = now();
      if (!entry || t - entry.at >= maxAgeMs) {
        const promise = Promise.all([attempt(() => source.tables(), settled?.tables ?? []), attempt(() => source.variables(), settled?.variables ?? [])])
          .then(([tables, variables]) => (settled = { tables, variables }));
        entry = { at: t, promise };
      }
      const previous = settled;
      if (!previous) return entry.promise;
      // A slow refresh must not hold the popup back: after a short grace the last answer is used.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const fallback = new Promise<SqlCompletionData>((resolve) => { timer = setTimeout(() => resolve(previous), graceMs); });
      return Promise.race([entry.promise, fallback]).finally(() => clearTimeout(timer));
    },
  };
}

/**
 * The CodeMirror source. Contexts where nothing is offered answer synchronously, so typing in a
 * string or comment never starts a catalog fetch; otherwise the catalog is awaited (CodeMirror
 * keeps accepting input meanwhile and drops answers that arrive for an outdated document).
 */
export function sqlCompletionSource(getLoader: () => CatalogLoader | undefined): CompletionSource {
  return (context: CompletionContext) => {
    const text = context.state.doc.toString();
    if (!sqlContextAt(text, context.pos, context.explicit)) return null;
    const loader = getLoader();
    if (!loader) return completeSql(text, context.pos, EMPTY_SQL_DATA, context.explicit);
    return loader.get().then((data) => (context.aborted ? null : completeSql(text, context.pos, data, context.explicit)));
  };
}
