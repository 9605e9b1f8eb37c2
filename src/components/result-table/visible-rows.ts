/**
 * The rows a fixed-height table shows: arithmetic on the scroll offset, so the cost does
 * not depend on how many rows there are (a general virtualizer measures every row, which
 * for 1,000,000 rows took longer than the page may block, and again as rows arrived).
 */
export interface VisibleRowsInput {
  /** The scroll box's scrollTop (it scrolls the header and the rows). */
  readonly scrollTop: number;
  /** The scroll box's height. */
  readonly viewport: number;
  /** The sticky header's height, above the first row. */
  readonly header: number;
  readonly rowHeight: number;
  readonly count: number;
  /** Extra rows rendered above and below, so fast scrolling shows no gap. */
  readonly overscan: number;
}

/** Indexes of the rows to render, in order. */
export function visibleRows(input: VisibleRowsInput): number[] {
  const { scrollTop, viewport, header, rowHeight, count, overscan } = input;
  if (count <= 0 || rowHeight <= 0) return [];
  const top = Math.max(0, scrollTop - header);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((top + viewport) / rowHeight) + overscan);
  const rows: number[] = [];
  for (let i = first; i <= last; i++) rows.push(i);
  return rows;
}
