/**
 * A `%%sql` cell (or `%sql` line) of ipython-sql / jupysql as a Ripple SQL cell: the SQL
 * on the magic line and below it, `name <<` as the result name, other tools' substitution
 * as bound `{name}` (sql-templates.ts), jupysql snippets as CTEs (jupysql-snippets.ts).
 * Whatever cannot be carried over is named in a note; nothing is dropped silently.
 */
import { redactConnectionString } from '../../workers/redact';
import type { CellNote, ConvertedCode } from './ipynb-magics';
import { SnippetBook } from './jupysql-snippets';
import type { SqlMagicLine } from './sql-magic';
import { translateTemplates } from './sql-templates';

export interface SqlImportContext {
  /** Names the notebook's Python code (or a `name <<`) defines: see python-names.ts. */
  readonly defined: ReadonlySet<string>;
  /** Those of them given a Python string (python-names.ts `pythonTextNames`). */
  readonly textValues: ReadonlySet<string>;
  readonly snippets: SnippetBook;
}

/** Any `scheme://…` in a line written into a cell or a note loses its password. */
export function redactUrls(text: string): string {
  return text.replace(/\b[A-Za-z][\w+.-]*:\/\/\S+/g, (url) => redactConnectionString(url));
}

export function otherConnectionNote(connection: string): CellNote {
  return {
    kind: 'dropped',
    message: `the connection ${redactUrls(connection)} was not kept: Ripple runs SQL on this notebook's own database (PGlite, or a PostgreSQL server in Database settings)`,
  };
}

export function convertSqlCell(magic: SqlMagicLine, body: string, ctx: SqlImportContext, written: '%%sql' | '%sql' = '%%sql'): ConvertedCode {
  const notes: CellNote[] = [];
  const connectionPart = magic.connection !== undefined ? { connection: magic.connection } : {};
  if (magic.otherConnection !== undefined) notes.push(otherConnectionNote(magic.otherConnection));
  for (const option of magic.ignored) notes.push({ kind: 'dropped', message: `${written} ${redactUrls(option)} was ignored: Ripple has one database per notebook and no such option` });
  // The magic line's own SQL is the start of the query (`%%sql df << select a` + `from t`).
  const raw = [magic.sql, body].filter((part) => part.trim() !== '').join('\n');
  if (raw.trim() === '' && magic.save === undefined) {
    if (magic.connection !== undefined) {
      notes.push({ kind: 'dropped', message: `${written} ${redactConnectionString(magic.connection)}: it connected to the database, which is now this notebook's database` });
    }
    // A bare `%%sql` cell with nothing in it is still a cell the user made.
    const cells = magic.connection === undefined && magic.otherConnection === undefined ? [{ cell: { kind: 'sql' as const, code: '' }, notes }] : [];
    return { cells, notes: cells.length === 0 ? notes : [], ...connectionPart };
  }
  notes.push({ kind: 'converted', message: `${written} → SQL cell` });
  const translated = translateTemplates(raw, ctx.defined, ctx.textValues);
  if (translated.untranslatable !== undefined) {
    const code = commentSql(raw, `this query is commented out: ${translated.untranslatable}. Rewrite it with {name} values.`);
    notes.push({ kind: 'commented-out', message: `The query was commented out: ${translated.untranslatable}` });
    return { cells: [{ cell: { kind: 'sql', code }, notes }], notes: [], ...connectionPart };
  }
  notes.push(...translated.converted.map((message): CellNote => ({ kind: 'converted', message })));
  const composed = ctx.snippets.compose(translated.sql, magic.with);
  if (composed.used.length > 0) {
    notes.push({ kind: 'converted', message: `the jupysql snippets it reads (${composed.used.join(', ')}) were put in front of it as WITH … AS (…)` });
  }
  for (const name of composed.missing) notes.push({ kind: 'review', message: `--with ${name}: no earlier cell saves a snippet called ${name}` });
  let code = composed.sql;
  if (magic.save !== undefined) {
    const saved = ctx.snippets.save(magic.save, translated.sql, magic.with);
    notes.push(
      saved
        ? { kind: 'converted', message: `--save ${magic.save}: later queries that read ${magic.save} get this query as a CTE` }
        : { kind: 'review', message: `--save ${magic.save}: it holds more than one statement, so it cannot be used as a CTE` },
    );
  }
  if (translated.review.length > 0) {
    code = `-- Ripple: review this query: ${translated.review.map((r) => r.split('(')[0]?.trim()).join('; ')}.\n${code}`;
    notes.push(...translated.review.map((message): CellNote => ({ kind: 'review', message })));
  }
  const resultName = magic.resultName !== undefined ? { resultName: magic.resultName } : {};
  if (magic.noExecute) {
    const why = `jupysql --no-execute: it was saved${magic.save ? ` as ${magic.save}` : ''}, not run, so it is commented out here.`;
    notes.push({ kind: 'commented-out', message: `--no-execute: the query is kept as a comment${magic.save ? `; queries that read ${magic.save} include it` : ''}` });
    return { cells: [{ cell: { kind: 'sql', code: commentSql(code, why) }, notes }], notes: [], ...connectionPart };
  }
  return { cells: [{ cell: { kind: 'sql', code, ...resultName }, notes }], notes: [], ...connectionPart };
}

function commentSql(code: string, reason: string): string {
  const lines = code.split('\n').map((line) => (line.trim() === '' ? line : `-- ${line}`));
  return [`-- Ripple: ${reason}`, ...lines].join('\n');
}
