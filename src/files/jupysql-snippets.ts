/**
 * jupysql's query snippets: `%%sql --save name` keeps a query, and a later query that
 * reads `name` (after FROM or JOIN, or named with `--with name`) runs with it as a CTE.
 * Ripple has no snippets, so the import writes what jupysql sent the database: the
 * query with `WITH name AS (…)` in front, for every snippet it needs, in the order they
 * were saved (a snippet may read an earlier one, and a CTE may read the CTEs before it).
 */
import { lex } from '../../workers/sql/lexer';

interface Snippet {
  readonly name: string;
  /** The saved query, without a trailing `;`. */
  readonly sql: string;
  /** Snippets it reads, by lower-case name. */
  readonly uses: readonly string[];
}

export interface Composed {
  readonly sql: string;
  /** Snippets put in front, in order. */
  readonly used: readonly string[];
  /** `--with` names never saved before this cell. */
  readonly missing: readonly string[];
}

export class SnippetBook {
  /** By lower-case name, in the order saved (a re-save keeps the first position). */
  private readonly saved = new Map<string, Snippet>();

  /** Saves `sql` as `name`; false when it is not one query (a CTE must be a single statement). */
  save(name: string, sql: string, withNames: readonly string[]): boolean {
    const body = singleStatement(sql);
    if (body === undefined) return false;
    const uses = [...new Set([...withNames.map((n) => n.toLowerCase()), ...this.readsIn(body)])].filter((n) => n !== name.toLowerCase() && this.saved.has(n));
    this.saved.set(name.toLowerCase(), { name, sql: body, uses });
    return true;
  }

  /** `sql` with the snippets it reads in front as CTEs; unchanged when it reads none. */
  compose(sql: string, withNames: readonly string[]): Composed {
    const missing = withNames.filter((n) => !this.saved.has(n.toLowerCase()));
    const direct = new Set([...withNames.map((n) => n.toLowerCase()), ...this.readsIn(sql)].filter((n) => this.saved.has(n)));
    const needed = new Set<string>();
    const visit = (name: string): void => {
      if (needed.has(name)) return;
      needed.add(name);
      for (const dep of this.saved.get(name)?.uses ?? []) visit(dep);
    };
    direct.forEach(visit);
    const ordered = [...this.saved.keys()].filter((n) => needed.has(n)).map((n) => this.saved.get(n)!);
    if (ordered.length === 0) return { sql, used: [], missing };
    const ctes = ordered.map((s) => `${s.name} AS (\n${s.sql}\n)`).join(',\n');
    // The query's own WITH list goes after the snippets, which it may read.
    const own = /^(\s*)with(\s+recursive)?\b/i.exec(sql);
    const composed = own
      ? `${own[1] ?? ''}WITH${own[2] ? ' RECURSIVE' : ''} ${ctes},\n${sql.slice(own[0].length).trimStart()}`
      : `WITH ${ctes}\n${sql}`;
    return { sql: composed, used: ordered.map((s) => s.name), missing };
  }

  /** Saved snippet names read after FROM or JOIN (lower case). */
  private readsIn(sql: string): string[] {
    const words = lex(sql).filter((t) => t.kind === 'word' || t.kind === 'other' || t.kind === 'openParen');
    const names: string[] = [];
    words.forEach((token, i) => {
      const word = sql.slice(token.start, token.end).toLowerCase();
      const before = words[i - 1];
      const prev = before === undefined ? '' : sql.slice(before.start, before.end).toLowerCase();
      if (token.kind === 'word' && (prev === 'from' || prev === 'join') && this.saved.has(word)) names.push(word);
    });
    return names;
  }
}

/** The statement without a trailing `;`, or undefined when the text holds more than one. */
function singleStatement(sql: string): string | undefined {
  const tokens = lex(sql);
  const semicolons = tokens.filter((t) => t.kind === 'semicolon');
  const last = [...tokens].reverse().find((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment');
  if (semicolons.length > 1 || (semicolons.length === 1 && semicolons[0] !== last)) return undefined;
  const end = semicolons.length === 1 ? (semicolons[0]?.start ?? sql.length) : sql.length;
  return sql.slice(0, end).trim();
}
