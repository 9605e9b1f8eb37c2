/**
 * A SQL result as a virtualized, sortable, selectable table.
 *
 * - Only the visible rows (plus overscan) are in the DOM, so a 1,000,000-row result is
 *   cheap; rows have a fixed height (ROW_HEIGHT) and the scroll box a bounded height, so
 *   the visible range is arithmetic (`visibleRows`): nothing is measured per row, and
 *   rows that keep arriving (a large result comes in chunks) cost nothing to place.
 * - `aria-rowcount` counts the header row: rows.length + 1. `aria-rowindex` is 1 for the
 *   header and 2.. for data rows in display (sorted) order.
 * - Sorting orders an index array (`sortRowIndexes`); `table.rows` is never reordered.
 *   Header clicks cycle ascending -> descending -> unsorted. NULLs stay last. From
 *   SLICED_ROWS rows on, the order is computed in slices between paints; the
 *   previous order stays on screen meanwhile, and the status says "Sorting…".
 * - Click a cell to select it (and its row); Shift+click selects the rows between the
 *   anchor and the clicked row. "Copy as TSV" copies the selected rows, or all rows.
 * - A new result starts unsorted, unselected and scrolled to its top. One with the same
 *   columns as the table on screen (a reactive re-run: `select {x} + 1 as y`) is written
 *   into that table's rows and cells in place; a new table of a dozen elements would be
 *   built, styled and laid out in the frame that shows the re-run instead.
 * - Where there is no layout (happy-dom, a hidden container), the scroll box measures
 *   0px; the table then assumes VIEWPORT_FALLBACK so rows still render.
 * - A result without columns (INSERT, CREATE, ...) renders only its command tag.
 */
import { createComputed, createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show, untrack, type JSX } from 'solid-js';
import type { SqlColumn, SqlValue } from '../../../workers/protocol';
import { valueAt, type ShownTable } from './result-rows';
import { formatCount, formatRowCount, toCsv, toTsv, type SortDirection } from './format';
import { SLICED_ROWS, sortRowIndexes, sortRowIndexesInSlices } from './sort-rows';
import { nextTask } from './sliced-sort';
import { exportInSlices, type ExportFormat } from './export-slices';
import { visibleRows } from './visible-rows';
import { createGridRow, type RowContext } from './grid-row';
import { rawOf } from '../../raw-data';
import './result-table.css';

export const ROW_HEIGHT = 28;
export const HEADER_HEIGHT = 32;
export const MAX_HEIGHT = 400;
const OVERSCAN = 10;
const VIEWPORT_FALLBACK = MAX_HEIGHT;

export interface ResultTableProps {
  readonly table: ShownTable;
  readonly label: string;
  /** The first rows of a result the database is still reading: the count is not final. */
  readonly arriving?: boolean;
}

interface Sort {
  readonly column: number;
  readonly direction: SortDirection;
}

interface Selection {
  readonly anchor: number;
  readonly row: number;
  readonly column: number;
}

function columnWidth(column: SqlColumn): number {
  const byType = /^(int|float|oid|bool)/.test(column.typeName) ? 96 : column.typeName === 'numeric' ? 120 : 180;
  const byHeader = Math.ceil((column.name.length + column.typeName.length) * 7.5) + 32;
  return Math.min(360, Math.max(72, byType, byHeader));
}

/** What a table's grid is built from: its column names and types ('' for none). */
function shapeOf(table: ShownTable): string {
  return table.columns.length === 0 ? '' : JSON.stringify(table.columns.map((c) => [c.name, c.typeName]));
}

export function ResultTable(props: ResultTableProps): JSX.Element {
  // Keyed by the columns: other columns, another grid; the same ones, the same grid (see Grid).
  const shape = createMemo(() => shapeOf(props.table));
  return (
    <Show
      when={shape()}
      keyed
      fallback={
        <div class="rt rt-command" role="status" aria-label={props.label}>
          {props.table.command}
        </div>
      }
    >
      <Grid table={props.table} label={props.label} arriving={props.arriving === true} />
    </Show>
  );
}

/**
 * Mounted once per shape of table (see ResultTable): its columns are read once. A new
 * result with the same columns is a new `props.table`: it starts over as a new grid would
 * (no sort, no selection, at its top), and the cells on screen read their new values. Its
 * rows may also grow while a large result arrives (more chunks in the same rows object),
 * so every count below reads `rows()` where it is needed.
 */
function Grid(props: { table: ShownTable; label: string; arriving: boolean }): JSX.Element {
  const columns = untrack(() => props.table.columns);
  /** This result, as an object: it changes only when a new result comes. */
  const result = createMemo(() => props.table);
  const [sort, setSort] = createSignal<Sort | null>(null);
  const [selection, setSelection] = createSignal<Selection | null>(null);
  const [status, setStatus] = createSignal('');
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewport, setViewport] = createSignal(VIEWPORT_FALLBACK);
  let scrollEl: HTMLDivElement | undefined;
  /** The rows as the kernel sent them, not through the store (see raw-data.ts); tracked all the same. */
  const rows = (): ShownTable['rows'] => rawOf(result().rows);
  // A row reads its values tracking the result, not its rows: a table only grows at its
  // end, so a row on screen keeps its values while chunks arrive. Tracked, all ~150 cells
  // on screen ran again for every chunk (200 of them for 1,000,000 rows in chunks of
  // 5,000). A sort still moves them: `rowIndex` reads the order, which tracks the rows.
  // The rows themselves are plain elements with two effects each (grid-row.ts).
  const rowCount = (): number => rows().length;
  /** The table with its raw rows, for sorting and export, which read every row. */
  const plain = (): ShownTable => ({ columns, rows: rows(), rowCount: result().rowCount, command: result().command });

  // A large table's order, computed in slices; a newer sort (or more rows) cancels it.
  const [slicedOrder, setSlicedOrder] = createSignal<Uint32Array | null>(null);
  const [sorting, setSorting] = createSignal(false);
  let sortGeneration = 0;
  onCleanup(() => sortGeneration++);
  // A new result: before anything renders it, what belonged to the last one goes.
  createComputed(
    on(
      result,
      () => {
        sortGeneration++;
        setSort(null);
        setSelection(null);
        setSlicedOrder(null);
        setStatus('');
        // Written only when scrolled: setting scrollTop makes the browser lay the page out.
        if (untrack(scrollTop) !== 0) {
          if (scrollEl) scrollEl.scrollTop = 0;
          setScrollTop(0);
        }
      },
      { defer: true },
    ),
  );
  createEffect(() => {
    const s = sort();
    const t = plain();
    const generation = ++sortGeneration;
    if (!s || t.rows.length < SLICED_ROWS) return setSorting(false);
    setSorting(true);
    void sortRowIndexesInSlices(t, s.column, s.direction, { pause: nextTask, cancelled: () => generation !== sortGeneration }).then((sorted) => {
      if (!sorted || generation !== sortGeneration) return;
      setSlicedOrder(sorted);
      setSorting(false);
    });
  });
  const order = createMemo(() => {
    const s = sort();
    if (!s) return null;
    // plain() reads the rows: rows that arrive after a sort are sorted in too.
    const t = plain();
    return t.rows.length < SLICED_ROWS ? sortRowIndexes(t, s.column, s.direction) : slicedOrder();
  });
  /** Underlying row index of display row `i`. */
  const rowIndex = (i: number): number => {
    const o = order();
    return o ? (o[i] ?? i) : i;
  };
  /** Display row `i`'s value in column `c`: read again for a new result, not as rows arrive. */
  const valueOf = (i: number, c: number): SqlValue => {
    void result();
    return valueAt(untrack(rows), rowIndex(i), c);
  };
  const selectedRange = (): [number, number] | null => {
    const s = selection();
    return s ? [Math.min(s.anchor, s.row), Math.max(s.anchor, s.row)] : null;
  };
  const isRowSelected = (i: number): boolean => {
    const r = selectedRange();
    return r !== null && i >= r[0] && i <= r[1];
  };

  onMount(() => {
    if (!scrollEl) return;
    // The box's height from the observer, never read in between: no forced layout.
    const observer = new ResizeObserver((entries) => {
      const height = entries[entries.length - 1]?.contentRect.height ?? 0;
      setViewport(height > 0 ? height : VIEWPORT_FALLBACK);
    });
    observer.observe(scrollEl);
    onCleanup(() => observer.disconnect());
  });
  const visible = createMemo(() => visibleRows({ scrollTop: scrollTop(), viewport: viewport(), header: HEADER_HEIGHT, rowHeight: ROW_HEIGHT, count: rowCount(), overscan: OVERSCAN }));

  const cycleSort = (column: number): void => {
    const s = sort();
    if (!s || s.column !== column) setSort({ column, direction: 'asc' });
    else if (s.direction === 'asc') setSort({ column, direction: 'desc' });
    else setSort(null);
    setSelection(null);
  };
  const ariaSort = (column: number): 'ascending' | 'descending' | 'none' => {
    const s = sort();
    if (!s || s.column !== column) return 'none';
    return s.direction === 'asc' ? 'ascending' : 'descending';
  };
  const select = (row: number, column: number, e: MouseEvent): void => {
    const s = selection();
    setSelection(e.shiftKey && s ? { anchor: s.anchor, row, column } : { anchor: row, row, column });
  };

  /** Rows to export, in display order; undefined means all rows as stored. */
  const exportIndexes = (): number[] | Uint32Array | undefined => {
    const r = selectedRange();
    if (r) {
      const out: number[] = [];
      for (let i = r[0]; i <= r[1]; i++) out.push(rowIndex(i));
      return out;
    }
    return order() ?? undefined;
  };
  // A large table's text is built in slices (export-slices.ts); meanwhile the status says so.
  const [exporting, setExporting] = createSignal<number | undefined>();
  const large = (): boolean => rowCount() >= SLICED_ROWS;
  const textInSlices = async (indexes: ArrayLike<number> | undefined, format: ExportFormat): Promise<Blob> => {
    setExporting(indexes ? indexes.length : rowCount());
    try {
      const parts = await exportInSlices(plain(), indexes, format, { pause: nextTask });
      return new Blob(parts ?? [], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'text/plain' });
    } finally {
      setExporting(undefined);
    }
  };
  const copyTsv = async (): Promise<void> => {
    const indexes = exportIndexes();
    const count = indexes ? indexes.length : rowCount();
    try {
      // The clipboard takes a Blob still being built (ClipboardItem accepts a promise), so
      // the copy keeps the click's user activation however long the text takes.
      if (large() && typeof ClipboardItem !== 'undefined') await navigator.clipboard.write([new ClipboardItem({ 'text/plain': textInSlices(indexes, 'tsv') })]);
      else await navigator.clipboard.writeText(toTsv(plain(), indexes));
      setStatus(`Copied ${formatRowCount(count)}`);
    } catch (err) {
      setStatus(`Copy failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const download = (blob: Blob): void => {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'result.csv';
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const downloadCsv = (): void => {
    if (large()) void textInSlices(order() ?? undefined, 'csv').then(download);
    else download(new Blob([toCsv(plain(), order() ?? undefined)], { type: 'text/csv;charset=utf-8' }));
  };

  const widths = columns.map(columnWidth);
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const rowContext: RowContext = { columns, widths, rowHeight: ROW_HEIGHT, valueOf, selectedCell: selection, isRowSelected, select };
  const footerCount = (): string => {
    const shown = rowCount();
    if (props.arriving) return `${formatRowCount(shown)} so far, more arriving…`;
    const total = result().rowCount;
    return shown < total ? `Showing ${formatCount(shown)} of ${formatRowCount(total)}` : formatRowCount(total);
  };
  const selectedCount = () => {
    const r = selectedRange();
    return r ? r[1] - r[0] + 1 : 0;
  };

  return (
    <div class="rt">
      <div
        ref={scrollEl}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        class="rt-scroll"
        role="table"
        aria-label={props.label}
        aria-rowcount={rowCount() + 1}
        aria-colcount={columns.length}
        style={{ 'max-height': `${MAX_HEIGHT}px`, '--rt-width': `${totalWidth}px`, '--rt-row-height': `${ROW_HEIGHT}px`, '--rt-header-height': `${HEADER_HEIGHT}px` }}
      >
        <div role="rowgroup" class="rt-head">
          <div role="row" aria-rowindex={1} class="rt-row rt-header-row">
            <For each={columns}>
              {(column, c) => (
                <div role="columnheader" aria-sort={ariaSort(c())} aria-colindex={c() + 1} class="rt-header" style={`width:${widths[c()] ?? 0}px`} onClick={() => cycleSort(c())}>
                  <button type="button" class="rt-sort" title={`Sort by ${column.name}`}>
                    <span class="rt-name">{column.name}</span>
                    <span class="rt-type">{column.typeName}</span>
                    <span class="rt-arrow" aria-hidden="true">
                      {ariaSort(c()) === 'ascending' ? '▲' : ariaSort(c()) === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              )}
            </For>
          </div>
        </div>
        <div role="rowgroup" class="rt-body" style={{ height: `${rowCount() * ROW_HEIGHT}px` }}>
          <For each={visible()}>{(index) => createGridRow(index, rowContext)}</For>
        </div>
      </div>
      <div class="rt-footer">
        <span class="rt-count">{footerCount()}</span>
        <Show when={selectedCount() > 0}>
          <span class="rt-selected">{formatRowCount(selectedCount())} selected</span>
        </Show>
        <span class="rt-status" role="status">
          {sorting() ? `Sorting ${formatRowCount(rowCount())}…` : exporting() !== undefined ? `Preparing ${formatRowCount(exporting() ?? 0)}…` : status()}
        </span>
        <span class="rt-actions">
          <button type="button" onClick={() => void copyTsv()}>
            Copy as TSV
          </button>
          <button type="button" onClick={downloadCsv}>
            Download CSV
          </button>
        </span>
      </div>
    </div>
  );
}
