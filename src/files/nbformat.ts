/**
 * Reads the cells of a Jupyter notebook file, nbformat 4 or 3, into one shape. Nothing
 * here decides what Ripple makes of a cell (ipynb-format.ts does); this only checks the
 * JSON and maps nbformat 3 onto 4.
 *
 * nbformat 3 → 4 (as nbformat's own v4/convert.py does): the cells of every worksheet, in
 * order; a code cell's `input` is its source; a `heading` cell of level n is a Markdown
 * cell `#`×n + ' ' + its text; the notebook's name is `metadata.name`.
 */
import { isDisplayViews, isOutputView, plainDisplayViews, plainOutputView, type DisplayViews, type OutputView } from '../charts/settings';
import { NotebookFileError } from './errors';

export interface JupyterCell {
  /** `code`, `markdown`, `raw`, or whatever else the file says (unknown types are reported, not imported). */
  readonly type: string;
  readonly source: string;
  /** Names of attached files (images in Markdown cells). */
  readonly attachments: readonly string[];
  readonly outputs: number;
  /** A SQL cell as Ripple exported it (ipynb-export.ts), from the cell's `metadata.ripple`. */
  readonly rippleSql?: { readonly code: string; readonly resultName?: string };
  /** The Table / Chart view Ripple exported with a code cell (`metadata.ripple_view`), when valid. */
  readonly view?: OutputView;
  /** The views of a Python cell's displayed tables (`metadata.ripple_display_views`), when valid. */
  readonly displayViews?: DisplayViews;
  /** A code cell whose output Jupyter hides: `metadata.jupyter.outputs_hidden`, or `collapsed` (classic Notebook; nbformat 3). */
  readonly outputsHidden?: boolean;
}

export interface JupyterNotebook {
  readonly nbformat: 3 | 4;
  /** `metadata.title` (nbformat 4) or `metadata.name` (nbformat 3), when a non-blank string. */
  readonly title: string | undefined;
  readonly cells: readonly JupyterCell[];
}

type JsonObject = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readJupyter(text: string): JupyterNotebook {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new NotebookFileError('Not a Jupyter notebook: the file is not valid JSON.');
  }
  if (!isRecord(doc)) throw new NotebookFileError('Not a Jupyter notebook: expected a JSON object.');
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  if (doc.nbformat === 4) {
    if (!Array.isArray(doc.cells)) throw new NotebookFileError('Not a Jupyter notebook: "cells" must be a list.');
    return { nbformat: 4, title: titleOf(metadata.title), cells: doc.cells.map((cell: unknown, i) => readCell(cell, i + 1, 'source')) };
  }
  if (doc.nbformat === 3) {
    if (!Array.isArray(doc.worksheets)) throw new NotebookFileError('Not a Jupyter notebook: "worksheets" must be a list (nbformat 3).');
    const cells: unknown[] = [];
    for (const sheet of doc.worksheets as unknown[]) {
      if (!isRecord(sheet) || !Array.isArray(sheet.cells)) throw new NotebookFileError('Not a Jupyter notebook: each worksheet must have a list of "cells" (nbformat 3).');
      cells.push(...(sheet.cells as unknown[]));
    }
    return { nbformat: 3, title: titleOf(metadata.name), cells: cells.map((cell, i) => readCell(cell, i + 1, 'input')) };
  }
  if (doc.nbformat === 1 || doc.nbformat === 2) {
    throw new NotebookFileError(
      `Unsupported notebook format (nbformat ${doc.nbformat}, from IPython before 1.0): Ripple imports nbformat 3 and 4. Open and save it in Jupyter to convert it.`,
    );
  }
  const version = typeof doc.nbformat === 'number' ? `nbformat ${doc.nbformat}` : 'a missing or invalid "nbformat"';
  throw new NotebookFileError(`Unsupported notebook format (${version}): Ripple imports nbformat 3 and 4.`);
}

function titleOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `codeField`: where a code cell keeps its text: `source` (v4) or `input` (v3). */
function readCell(cell: unknown, n: number, codeField: 'source' | 'input'): JupyterCell {
  if (!isRecord(cell) || typeof cell.cell_type !== 'string') {
    throw new NotebookFileError(`Cell ${n} is not a notebook cell: expected an object with a "cell_type".`);
  }
  const field = cell.cell_type === 'code' ? codeField : 'source';
  const source = text(cell[field], n, field);
  const outputs = Array.isArray(cell.outputs) ? cell.outputs.length : 0;
  const attachments = isRecord(cell.attachments) ? Object.keys(cell.attachments) : [];
  if (cell.cell_type === 'heading') {
    const level = Number.isInteger(cell.level) ? Math.min(6, Math.max(1, cell.level as number)) : 1;
    return { type: 'markdown', source: `${'#'.repeat(level)} ${source}`, attachments, outputs };
  }
  const rippleSql = rippleSqlOf(cell.metadata);
  const view = isRecord(cell.metadata) && isOutputView(cell.metadata.ripple_view) ? plainOutputView(cell.metadata.ripple_view) : undefined;
  const rawDisplays = isRecord(cell.metadata) ? cell.metadata.ripple_display_views : undefined;
  const displayViews = isDisplayViews(rawDisplays) ? plainDisplayViews(rawDisplays) : undefined;
  // nbformat 3 kept `collapsed` on the cell itself.
  const metadata = isRecord(cell.metadata) ? cell.metadata : {};
  const outputsHidden = cell.collapsed === true || metadata.collapsed === true || (isRecord(metadata.jupyter) && metadata.jupyter.outputs_hidden === true);
  const hidden = outputsHidden ? { outputsHidden } : {};
  return { type: cell.cell_type, source, attachments, outputs, ...(rippleSql ? { rippleSql } : {}), ...(view ? { view } : {}), ...(displayViews ? { displayViews } : {}), ...hidden };
}

function rippleSqlOf(metadata: unknown): JupyterCell['rippleSql'] {
  const ripple = isRecord(metadata) ? metadata.ripple : undefined;
  if (!isRecord(ripple) || ripple.kind !== 'sql' || typeof ripple.code !== 'string') return undefined;
  if (ripple.resultName !== undefined && typeof ripple.resultName !== 'string') return undefined;
  return ripple.resultName === undefined ? { code: ripple.code } : { code: ripple.code, resultName: ripple.resultName };
}

/** A source may be a string or a list of strings, which are concatenated. */
function text(value: unknown, n: number, field: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((s: unknown) => typeof s === 'string')) return value.join('');
  throw new NotebookFileError(`Cell ${n}: "${field}" must be a string or a list of strings.`);
}
