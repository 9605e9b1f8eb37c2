/**
 * Jupyter `.ipynb` import (nbformat 4).
 *
 * - `code` cells become Python cells, their source kept exactly (a `source` may be a
 *   string or a list of strings, which are concatenated).
 * - A code cell whose first line starts with `%%sql` becomes a SQL cell without that
 *   line. Arguments on the `%%sql` line are ignored, except the jupysql/ipython-sql
 *   result assignment `%%sql name <<`, which becomes the cell's result name.
 * - `markdown` and `raw` cells (and any other cell type) are skipped: Ripple has no
 *   text cells. Outputs and execution counts are dropped.
 * - The title is `metadata.title` when it is a non-empty string, else 'Imported notebook'.
 * - The database is the first PostgreSQL connection string the notebook gives jupysql /
 *   ipython-sql: a `%sql postgresql://…` line, or an argument of `%%sql` (a SQLAlchemy
 *   driver suffix, `postgresql+psycopg2://`, is dropped). Then it is remote, with that
 *   string as it is (the caller keeps any password apart from it, as for `importPy`). A
 *   code cell made only of `%sql <connection string>` lines is dropped: it only connected
 *   (and as Python it does not parse). Without one, the database is PGlite with
 *   `storage: 'auto'` and `name: ''`: the caller assigns a fresh name, as for `importPy`.
 * IPython magics other than `%%sql` (`%matplotlib`, `!pip`, other `%sql` lines) are kept as they are.
 */
import { NotebookFileError } from './errors';
import { checkFileSize, isPythonIdentifier, MAX_CELLS } from './py-format';
import type { NotebookFile, NotebookFileCell, NotebookFileDatabase } from './types';

const DEFAULT_TITLE = 'Imported notebook';

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function importIpynb(text: string): NotebookFile {
  checkFileSize(text);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new NotebookFileError('Not a Jupyter notebook: the file is not valid JSON.');
  }
  if (!isRecord(doc)) throw new NotebookFileError('Not a Jupyter notebook: expected a JSON object.');
  if (doc.nbformat !== 4) {
    const version = typeof doc.nbformat === 'number' ? `nbformat ${doc.nbformat}` : 'a missing or invalid "nbformat"';
    throw new NotebookFileError(`Unsupported notebook format (${version}): only nbformat 4 can be imported.`);
  }
  if (!Array.isArray(doc.cells)) throw new NotebookFileError('Not a Jupyter notebook: "cells" must be a list.');
  const cells: NotebookFileCell[] = [];
  let connection: string | undefined;
  doc.cells.forEach((cell: unknown, index) => {
    if (!isRecord(cell) || typeof cell.cell_type !== 'string') {
      throw new NotebookFileError(`Cell ${index + 1} is not a notebook cell: expected an object with a "cell_type".`);
    }
    if (cell.cell_type !== 'code') return;
    const source = cellSource(cell.source, index + 1);
    const found = connectionOf(source);
    connection ??= found?.url;
    if (found?.connectOnly) return;
    if (cells.length === MAX_CELLS) throw new NotebookFileError(`A notebook file can hold at most ${MAX_CELLS} cells.`);
    cells.push(codeCell(source));
  });
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const title = typeof metadata.title === 'string' && metadata.title.trim() !== '' ? metadata.title : DEFAULT_TITLE;
  const database: NotebookFileDatabase = connection === undefined ? { kind: 'pglite', storage: 'auto', name: '' } : { kind: 'remote', url: connection };
  return { title, cells, database };
}

/** `postgresql://…`, `postgres://…` or with a SQLAlchemy driver (`postgresql+psycopg2://…`). */
const CONNECTION = /^(postgres(?:ql)?)(?:\+\w+)?(:\/\/\S+)$/i;

/**
 * The connection string a cell gives jupysql, if any: on a `%sql` line, or among the
 * `%%sql` arguments. `connectOnly`: every line of the cell is blank or `%sql <connection>`.
 */
function connectionOf(source: string): { url: string; connectOnly: boolean } | undefined {
  const lines = source.split(/\r?\n/);
  const magic = /^%%sql\s(.*)$/.exec(lines[0] ?? '');
  if (magic) {
    const url = (magic[1] ?? '').trim().split(/\s+/).map(asConnection).find((u) => u !== undefined);
    return url === undefined ? undefined : { url, connectOnly: false };
  }
  const urls = lines.map((line) => /^%sql\s+(\S+)\s*$/.exec(line)?.[1]).map((arg) => (arg === undefined ? undefined : asConnection(arg)));
  const url = urls.find((u) => u !== undefined);
  if (url === undefined) return undefined;
  return { url, connectOnly: lines.every((line, i) => line.trim() === '' || urls[i] !== undefined) };
}

function asConnection(argument: string): string | undefined {
  const m = CONNECTION.exec(argument);
  return m ? `${m[1]}${m[2]}` : undefined;
}

function cellSource(source: unknown, n: number): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s: unknown) => typeof s === 'string')) return source.join('');
  throw new NotebookFileError(`Cell ${n}: "source" must be a string or a list of strings.`);
}

function codeCell(source: string): NotebookFileCell {
  const newline = source.indexOf('\n');
  const first = (newline === -1 ? source : source.slice(0, newline)).replace(/\r$/, '');
  const magic = /^%%sql(?:\s([\s\S]*))?$/.exec(first);
  if (magic === null) return { kind: 'python', code: source };
  const code = newline === -1 ? '' : source.slice(newline + 1);
  // A connection among the arguments is the notebook's database, not the result name.
  const args = (magic[1] ?? '').trim().split(/\s+/).filter((arg) => asConnection(arg) === undefined).join(' ');
  const assignment = /^(\S+)\s*<<$/.exec(args);
  const resultName = assignment?.[1];
  return resultName !== undefined && isPythonIdentifier(resultName) ? { kind: 'sql', code, resultName } : { kind: 'sql', code };
}
