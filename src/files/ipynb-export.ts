/**
 * Jupyter `.ipynb` export (nbformat 4.5), so a Ripple notebook opens in Jupyter with its
 * prose, Python and SQL:
 * - Python cells → code cells, as they are.
 * - SQL cells → code cells of jupysql: `%%sql` (`%%sql name <<` with a result name), then
 *   the query, with `{name}` written as jupysql's `{{name}}`; the cell's metadata keeps
 *   Ripple's text, so importIpynb reads an unchanged cell back exactly.
 * - Markdown cells → markdown cells.
 * - A Python or SQL cell's Table / Chart view → its `metadata.ripple_view`.
 * - A collapsed output → Jupyter's own `metadata.jupyter.outputs_hidden` (JupyterLab) and
 *   `metadata.collapsed` (classic Notebook), so Jupyter hides it too.
 * No outputs (Ripple computes them), no database password: the database is not written.
 */
import { checkFileSize, MAX_CELLS } from './py-format';
import { NotebookFileError } from './errors';
import type { NotebookFile, NotebookFileCell } from './types';
import { plainDisplayViews, plainOutputView, type DisplayViews, type OutputView } from '../charts/settings';

type JupyterSource = string[];

export interface ExportedCell {
  readonly id: string;
  readonly cell_type: 'code' | 'markdown';
  /**
   * SQL cells: `ripple` holds the cell as Ripple has it. jupysql's `{{name}}` is text
   * substitution, which the importer reads with care (review notes, literals); a cell
   * Jupyter left unchanged comes back exactly from here instead.
   */
  readonly metadata: {
    readonly ripple?: { readonly kind: 'sql'; readonly code: string; readonly resultName?: string };
    /** The cell's Table / Chart view (src/charts/settings.ts), as in `.py` files. */
    readonly ripple_view?: OutputView;
    /** Python cells: the views of the tables it shows with `display()`, as in `.py` files. */
    readonly ripple_display_views?: DisplayViews;
    /** nbformat's own fields for a collapsed output. */
    readonly collapsed?: true;
    readonly jupyter?: { readonly outputs_hidden: true };
  };
  readonly source: JupyterSource;
  readonly execution_count?: null;
  readonly outputs?: [];
}

/** nbformat stores text as lines that keep their line breaks. */
function sourceLines(text: string): JupyterSource {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

/** The `%%sql` cell Jupyter sees; importIpynb recognises it when it is unchanged. */
export function sqlSource(cell: { readonly code: string; readonly resultName?: string }): string {
  const magic = cell.resultName === undefined ? '%%sql' : `%%sql ${cell.resultName} <<`;
  const query = cell.code.replace(/\{([A-Za-z_]\w*)\}/g, '{{$1}}');
  return query === '' ? magic : `${magic}\n${query}`;
}

function exportCell(cell: NotebookFileCell, n: number): ExportedCell {
  // Ids: nbformat 4.5 requires one per cell, unique, of [A-Za-z0-9_-]{1,64}.
  const id = `cell-${n}`;
  const view = {
    ...(cell.view === undefined ? {} : { ripple_view: plainOutputView(cell.view) }),
    ...(cell.outputCollapsed === true ? { collapsed: true, jupyter: { outputs_hidden: true } } as const : {}),
  };
  switch (cell.kind) {
    case 'markdown':
      return { id, cell_type: 'markdown', metadata: {}, source: sourceLines(cell.code) };
    case 'sql':
      return { id, cell_type: 'code', metadata: { ripple: { kind: 'sql', code: cell.code, ...(cell.resultName !== undefined ? { resultName: cell.resultName } : {}) }, ...view }, source: sourceLines(sqlSource(cell)), execution_count: null, outputs: [] };
    case 'python': {
      const displays = cell.displayViews === undefined ? undefined : plainDisplayViews(cell.displayViews);
      return { id, cell_type: 'code', metadata: { ...view, ...(displays === undefined ? {} : { ripple_display_views: displays }) }, source: sourceLines(cell.code), execution_count: null, outputs: [] };
    }
  }
}

export function exportIpynb(notebook: NotebookFile): string {
  if (notebook.cells.length > MAX_CELLS) {
    throw new NotebookFileError(`A notebook file can hold at most ${MAX_CELLS} cells; this notebook has ${notebook.cells.length}.`);
  }
  const doc = {
    cells: notebook.cells.map((cell, i) => exportCell(cell, i + 1)),
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
      title: notebook.title,
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const text = `${JSON.stringify(doc, null, 1)}\n`;
  checkFileSize(text, 'The exported file');
  return text;
}
