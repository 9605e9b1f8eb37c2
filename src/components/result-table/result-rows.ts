/**
 * A result's rows as the page keeps them. A table that came whole is its rows array; a
 * large one is its first rows and then the column-by-column chunks the kernel sent
 * (workers/row-chunk.ts), never turned into a row array per row: 1,000,000 rows stay a
 * few hundred objects, so neither their arrival nor a later garbage collection walks
 * millions of them. A row is built when it is read: the few on screen, or each in turn
 * while a sort or an export passes over the table in slices.
 */
import type { CellOutput, RowChunk, SqlTable, SqlValue } from '../../../workers/protocol';
import { chunkRow, columnValue } from '../../../workers/row-chunk';

/** Rows by index; an array of rows is one. */
export interface RowList {
  readonly length: number;
  at(index: number): readonly SqlValue[] | undefined;
}

/** A table as the page shows it: its rows may be kept by chunk. */
export type ShownTable = Omit<SqlTable, 'rows'> & { readonly rows: RowList };

/** A cell output as the page holds it. */
export type ShownOutput = Exclude<CellOutput, { type: 'table' }> | { readonly type: 'table'; readonly table: ShownTable };

export class ChunkedRows implements RowList {
  private readonly chunkList: RowChunk[] = [];
  /** Index of each chunk's first row. */
  private readonly startList: number[] = [];
  private count: number;
  /** The row last built: a row's cells are read one after another. */
  private last: { index: number; row: readonly SqlValue[] } | undefined;

  constructor(readonly head: readonly (readonly SqlValue[])[]) {
    this.count = head.length;
  }

  get length(): number {
    return this.count;
  }

  /** The chunks after the head, in order. */
  get chunks(): readonly RowChunk[] {
    return this.chunkList;
  }

  /** Index of each chunk's first row. */
  get starts(): readonly number[] {
    return this.startList;
  }

  append(chunk: RowChunk): void {
    if (chunk.length === 0) return;
    this.chunkList.push(chunk);
    this.startList.push(this.count);
    this.count += chunk.length;
  }

  /** The chunk holding row `index` (past the head), by binary search over their starts. */
  private chunkOf(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(index: number): readonly SqlValue[] | undefined {
    const i = index < 0 ? index + this.count : index;
    if (!(i >= 0 && i < this.count)) return undefined;
    if (i < this.head.length) return this.head[i];
    if (this.last?.index === i) return this.last.row;
    const k = this.chunkOf(i);
    const chunk = this.chunks[k];
    if (!chunk) return undefined;
    const row = chunkRow(chunk, i - (this.starts[k] ?? 0));
    this.last = { index: i, row };
    return row;
  }

  /** Column `column` of row `index`, without building the row. */
  value(index: number, column: number): SqlValue {
    if (!(index >= 0 && index < this.count)) return null;
    if (index < this.head.length) return this.head[index]?.[column] ?? null;
    const k = this.chunkOf(index);
    const part = this.chunks[k]?.columns[column];
    return part ? columnValue(part, index - (this.starts[k] ?? 0)) : null;
  }

  /** Rows `[start, end)` of column `column` into `into`, a chunk at a time. */
  readColumn(column: number, start: number, end: number, into: SqlValue[]): void {
    let i = start;
    for (; i < Math.min(end, this.head.length); i++) into[i] = this.head[i]?.[column] ?? null;
    for (let k = i < end ? this.chunkOf(i) : this.chunks.length; k < this.chunks.length && i < end; k++) {
      const chunk = this.chunks[k];
      const part = chunk?.columns[column];
      const first = this.starts[k] ?? 0;
      const stop = Math.min(end, first + (chunk?.length ?? 0));
      for (; i < stop; i++) into[i] = part ? columnValue(part, i - first) : null;
    }
  }
}

/** Column `column` of row `index`; null past the end. */
export function valueAt(rows: RowList, index: number, column: number): SqlValue {
  if (rows instanceof ChunkedRows) return rows.value(index, column);
  return rows.at(index)?.[column] ?? null;
}

/** Rows `[start, end)` of column `column`, written into `into` at the same indexes. */
export function readColumn(rows: RowList, column: number, start: number, end: number, into: SqlValue[]): void {
  if (rows instanceof ChunkedRows) return rows.readColumn(column, start, end, into);
  for (let i = start; i < end; i++) into[i] = rows.at(i)?.[column] ?? null;
}
