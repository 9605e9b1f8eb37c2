/**
 * Rebuilds Postgres' command tag (`INSERT 0 3`, `CREATE TABLE`) for backends that only
 * report the first keyword and a row count.
 */
const COUNTED = new Set(['UPDATE', 'DELETE', 'SELECT', 'MERGE', 'FETCH', 'MOVE', 'COPY']);
const TWO_WORD = new Set(['CREATE', 'DROP', 'ALTER']);
const CREATE_MODIFIERS = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNIQUE', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'MATERIALIZED', 'RECURSIVE', 'TRUSTED', 'PROCEDURAL', 'DEFAULT']);

/** Leading keywords of a statement, ignoring leading comments. */
function leadingWords(text: string): string[] {
  const stripped = text.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
  return stripped.split(/[^A-Za-z_]+/, 8).map((w) => w.toUpperCase());
}

export function commandTag(text: string, rowsCommand: string | undefined, affected: number, rowCount: number): string {
  const words = leadingWords(text);
  const first = words[0] ?? '';
  if (rowsCommand === 'SELECT' && !['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(first)) return `SELECT ${rowCount}`;
  if (first === 'INSERT') return `INSERT 0 ${affected}`;
  if (COUNTED.has(first)) return `${first} ${first === 'SELECT' ? rowCount : affected}`;
  if (first === 'WITH') return rowsCommand ? `SELECT ${rowCount}` : 'WITH';
  if (TWO_WORD.has(first)) {
    const object = words.slice(1).find((w) => !CREATE_MODIFIERS.has(w));
    const materialized = words.includes('MATERIALIZED') ? 'MATERIALIZED ' : '';
    return object ? `${first} ${materialized}${object}` : first;
  }
  return first || 'OK';
}
