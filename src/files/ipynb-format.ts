/**
 * Jupyter `.ipynb` import (nbformat 4, and 3 converted as nbformat does: nbformat.ts).
 * It returns the notebook and a report of everything it changed (import-report.ts).
 *
 * - Code cells: Python, kept exactly, but for IPython syntax (ipynb-magics.ts): `%%sql`
 *   and `%sql` become SQL cells; what cannot run in the browser is commented out with
 *   its reason in the cell.
 * - A `%%sql` cell that Ripple exported and Jupyter left unchanged is read back from its
 *   `metadata.ripple` exactly (ipynb-export.ts).
 * - Markdown cells stay Markdown cells, exactly. Raw cells become Markdown cells holding
 *   the text as a fenced code block (the prose is the user's work; raw has no meaning in
 *   Ripple). Attachments (pasted images) and outputs are dropped, and the report says so.
 * - Title: `metadata.title` (nbformat 3: `metadata.name`), else the first Markdown
 *   heading, else the file name without its extension.
 * - Database: the first PostgreSQL connection string the notebook gives ipython-sql or
 *   jupysql (`%sql postgresql://…`, or on a `%%sql` line). Then it is remote, with that
 *   string as it is (the caller keeps any password apart from it, as for `importPy`);
 *   else PGlite with `storage: 'auto'` and `name: ''` (the caller assigns a name).
 */
import { NotebookFileError } from './errors';
import { mergeNotes, type ImportNote, type ImportReport } from './import-report';
import { convertCodeCell, type CellNote, type ImportedCell } from './ipynb-magics';
import { SnippetBook } from './jupysql-snippets';
import { readJupyter, type JupyterCell } from './nbformat';
import { checkFileSize, isPythonIdentifier, MAX_CELLS } from './py-format';
import { sqlSource } from './ipynb-export';
import { pythonDefinedNames, pythonTextNames } from './python-names';
import { redactUrls } from './sql-cell-import';
import type { NotebookFile, NotebookFileCell, NotebookFileDatabase } from './types';

export interface ImportedNotebook {
  readonly file: NotebookFile;
  readonly report: ImportReport;
}

export function importIpynb(text: string, fileName: string): ImportedNotebook {
  checkFileSize(text);
  const notebook = readJupyter(text);
  const code = notebook.cells.filter((c) => c.type === 'code').map((c) => c.source);
  const context = { defined: definedNames(code), textValues: new Set(code.flatMap((c) => [...pythonTextNames(c)])), snippets: new SnippetBook() };
  const cells: NotebookFileCell[] = [];
  const notes: ImportNote[] = [];
  let connection: string | undefined;
  const add = (imported: readonly ImportedCell[], fileNotes: readonly CellNote[] = []): void => {
    for (const { cell, notes: cellNotes } of imported) {
      if (cells.length === MAX_CELLS) throw new NotebookFileError(`A notebook file can hold at most ${MAX_CELLS} cells.`);
      cells.push(cell);
      notes.push(...cellNotes.map((note) => ({ ...note, cells: [cells.length] })));
    }
    // Notes about a file cell that became no Ripple cell belong to no cell.
    notes.push(...fileNotes.map((note) => ({ ...note, cells: imported.length > 0 ? [cells.length - imported.length + 1] : [] })));
  };
  let attachments = 0;
  let withOutputs = 0;
  const unknown = new Map<string, number>();
  for (const cell of notebook.cells) {
    attachments += cell.attachments.length;
    if (cell.outputs > 0) withOutputs += 1;
    const exported = cell.type === 'code' ? fromRippleExport(cell) : undefined;
    if (exported) {
      add([{ cell: withView(exported, cell), notes: [] }]);
    } else if (cell.type === 'code' && cell.source.trim() === '') {
      // An empty cell is still one the user made (and an exported empty cell comes back).
      add([{ cell: withView({ kind: 'python', code: cell.source }, cell), notes: [] }]);
    } else if (cell.type === 'code') {
      const converted = convertCodeCell(cell.source, context);
      connection ??= converted.connection;
      // A view belongs to the one cell it was exported with, not to the pieces of a split cell.
      const [only] = converted.cells;
      add(converted.cells.length === 1 && only ? [{ ...only, cell: withView(only.cell, cell) }] : converted.cells, converted.notes);
    } else if (cell.type === 'markdown') {
      add([{ cell: { kind: 'markdown', code: cell.source }, notes: [] }]);
    } else if (cell.type === 'raw') {
      if (cell.source.trim() !== '') add([rawCell(cell.source)]);
    } else {
      unknown.set(cell.type, (unknown.get(cell.type) ?? 0) + 1);
    }
  }
  if (attachments > 0) {
    notes.push({ kind: 'dropped', cells: [], message: `${attachments} attached ${attachments === 1 ? 'image' : 'images'}: Ripple cannot show images attached to Markdown cells yet` });
  }
  if (withOutputs > 0) {
    notes.push({ kind: 'dropped', cells: [], message: `the saved outputs of ${withOutputs} ${withOutputs === 1 ? 'cell' : 'cells'}: Ripple computes outputs when the cells run` });
  }
  for (const [type, n] of unknown) notes.push({ kind: 'dropped', cells: [], message: `${n} "${type}" ${n === 1 ? 'cell' : 'cells'}: not a Jupyter cell type Ripple knows` });
  if (notebook.nbformat === 3) notes.unshift({ kind: 'converted', cells: [], message: 'nbformat 3 notebook, converted to nbformat 4 (worksheets → cells, input → source)' });
  if (cells.length === 0) {
    notes.push({ kind: 'dropped', cells: [], message: notebook.cells.length === 0 ? 'the file has no cells' : 'no cell of the file holds anything Ripple can keep' });
  }
  const database: NotebookFileDatabase = connection === undefined ? { kind: 'pglite', storage: 'auto', name: '' } : { kind: 'remote', url: connection };
  const title = notebook.title ?? firstHeading(notebook.cells) ?? fileStem(fileName);
  const count = (kind: NotebookFileCell['kind']): number => cells.filter((c) => c.kind === kind).length;
  const report = { fileName, python: count('python'), sql: count('sql'), markdown: count('markdown'), notes: mergeNotes(notes) };
  return { file: { title, cells, database }, report };
}

/** Names defined anywhere in the notebook: by Python code, or as a `%%sql name <<` result. */
function definedNames(sources: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const source of sources) {
    pythonDefinedNames(source).forEach((n) => names.add(n));
    for (const m of source.matchAll(/^%%?sql\b[^\n]*?\b([A-Za-z_]\w*)\s*<</gm)) if (m[1]) names.add(m[1]);
  }
  return names;
}

/**
 * The cell with the views Ripple exported for it (Python and SQL cells have views; Python
 * cells displayed tables), and its output collapsed when Jupyter hid it.
 */
function withView(imported: NotebookFileCell, cell: JupyterCell): NotebookFileCell {
  const view = cell.view !== undefined && imported.kind !== 'markdown' ? { view: cell.view } : {};
  const displays = cell.displayViews !== undefined && imported.kind === 'python' ? { displayViews: cell.displayViews } : {};
  const collapsed = cell.outputsHidden === true && imported.kind !== 'markdown' ? { outputCollapsed: true } : {};
  return { ...imported, ...view, ...displays, ...collapsed };
}

/** A SQL cell Ripple exported, when Jupyter left it as it was (else it is read like every other %%sql cell). */
function fromRippleExport(cell: JupyterCell): NotebookFileCell | undefined {
  const sql = cell.rippleSql;
  if (!sql || sqlSource(sql) !== cell.source) return undefined;
  if (sql.resultName !== undefined && !isPythonIdentifier(sql.resultName)) return undefined;
  return sql.resultName === undefined ? { kind: 'sql', code: sql.code } : { kind: 'sql', code: sql.code, resultName: sql.resultName };
}

/** A raw cell's text as a fenced code block, with a fence longer than any backtick run in it. */
function rawCell(source: string): ImportedCell {
  const longest = Math.max(2, ...[...source.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return {
    cell: { kind: 'markdown', code: `${fence}\n${source.replace(/\n$/, '')}\n${fence}` },
    notes: [{ kind: 'converted', message: 'raw cells, kept as Markdown code blocks: Ripple has no raw cells' }],
  };
}

/** The first Markdown heading (`# Title` or `Title` underlined with `=`/`-`), as plain text. */
function firstHeading(cells: readonly JupyterCell[]): string | undefined {
  for (const cell of cells) {
    if (cell.type !== 'markdown') continue;
    const lines = cell.source.split(/\r?\n/);
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i] ?? '';
      const atx = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
      const setext = line.trim() !== '' && /^ {0,3}(=+|-+)\s*$/.test(lines[i + 1] ?? '') ? line : undefined;
      const heading = plain(atx?.[1] ?? setext ?? '');
      if (heading !== '') return heading;
    }
  }
  return undefined;
}

function plain(markdown: string): string {
  return redactUrls(markdown.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '').trim());
}

function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.ipynb$/i, '').trim();
  return stem === '' ? 'Imported notebook' : stem;
}
