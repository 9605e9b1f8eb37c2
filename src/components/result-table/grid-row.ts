/**
 * One display row of a result table: a row element whose cells are plain elements,
 * written by two render effects (the row's values; the selection), not a component each.
 *
 * Why not a component per cell: a grid is built anew for every result of new columns,
 * in the task that shows the result's first rows, and a cell with its own memo, `Show`
 * and attribute effects made ~5 computations each, ~600 for the ~24 × 5 cells on screen.
 * Traced on the bench's large scenario (slow kind of host), that task took 40–79 ms, a
 * young collection of 4–24 ms in it, and was the one task over 50 ms left while a
 * 1,000,000-row result arrived.
 *
 * What a cell shows is what the component showed: `rt-cell rt-<kind>`, `selected` on the
 * selected cell (and on its row), the text cut at MAX_CELL_CHARS, a title when the text
 * probably does not fit, and NULL as a labelled span. A value that did not change is not
 * written again (a reactive re-run with the same values leaves the DOM as it is).
 */
import { createRenderEffect } from 'solid-js';
import type { SqlColumn, SqlValue } from '../../../workers/protocol';
import { formatValue, type FormattedValue } from './format';

/** Longer values are cut in the cell (CSS ellipsis does the visible part) and the title. */
const MAX_CELL_CHARS = 500;
const MAX_TITLE_CHARS = 10_000;
/** Roughly the width of a character in a cell, for the title's guess (no layout to measure). */
const CHAR_PX = 7.5;
/** A cell's horizontal padding and border. */
const CELL_INSET_PX = 16;

export interface RowContext {
  readonly columns: readonly SqlColumn[];
  readonly widths: readonly number[];
  readonly rowHeight: number;
  /** Display row `i`'s value in column `c` (tracked as the grid decides). */
  valueOf(i: number, c: number): SqlValue;
  /** The selected cell, or null when none is (tracked). */
  selectedCell(): { readonly row: number; readonly column: number } | null;
  isRowSelected(i: number): boolean;
  select(row: number, column: number, e: MouseEvent): void;
}

function titleFor(formatted: FormattedValue, width: number): string | undefined {
  const { text, kind } = formatted;
  if (kind === 'null' || text.length * CHAR_PX <= width - CELL_INSET_PX) return undefined;
  return text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS)}…` : text;
}

function writeContent(cell: HTMLElement, formatted: FormattedValue, width: number): void {
  if (formatted.kind === 'null') {
    const span = document.createElement('span');
    span.className = 'null';
    span.setAttribute('aria-label', 'null');
    span.textContent = 'NULL';
    cell.replaceChildren(span);
  } else {
    const t = formatted.text;
    cell.textContent = t.length > MAX_CELL_CHARS ? `${t.slice(0, MAX_CELL_CHARS)}…` : t;
  }
  const title = titleFor(formatted, width);
  if (title === undefined) cell.removeAttribute('title');
  else cell.title = title;
}

/** Builds display row `index`; call inside a reactive owner (the grid's `For`), which disposes its effects. */
export function createGridRow(index: number, ctx: RowContext): HTMLDivElement {
  const { columns, widths } = ctx;
  const row = document.createElement('div');
  row.setAttribute('role', 'row');
  row.setAttribute('aria-rowindex', String(index + 2));
  row.style.transform = `translateY(${index * ctx.rowHeight}px)`;
  const cells: HTMLDivElement[] = [];
  for (let c = 0; c < columns.length; c++) {
    const cell = document.createElement('div');
    cell.setAttribute('role', 'cell');
    cell.style.width = `${widths[c] ?? 0}px`;
    cells.push(cell);
  }
  row.append(...cells);

  const shown: (FormattedValue | undefined)[] = new Array<FormattedValue | undefined>(columns.length);
  createRenderEffect(() => {
    for (let c = 0; c < columns.length; c++) {
      const cell = cells[c];
      const column = columns[c];
      if (!cell || !column) continue;
      const next = formatValue(ctx.valueOf(index, c), column.typeName);
      const last = shown[c];
      if (last && last.text === next.text && last.kind === next.kind) continue;
      if (last?.kind !== next.kind) {
        if (last) cell.classList.replace(`rt-${last.kind}`, `rt-${next.kind}`);
        else cell.className = `rt-cell rt-${next.kind}`;
      }
      writeContent(cell, next, widths[c] ?? 0);
      shown[c] = next;
    }
  });
  createRenderEffect(() => {
    const rowClass = ctx.isRowSelected(index) ? 'rt-row selected' : 'rt-row';
    if (row.className !== rowClass) row.className = rowClass;
    const s = ctx.selectedCell();
    for (let c = 0; c < cells.length; c++) cells[c]?.classList.toggle('selected', s !== null && s.row === index && s.column === c);
  });
  row.addEventListener('click', (e) => {
    const cell = e.target instanceof Element ? e.target.closest('[role="cell"]') : null;
    const c = cells.findIndex((each) => each === cell);
    if (c >= 0) ctx.select(index, c, e);
  });
  return row;
}
