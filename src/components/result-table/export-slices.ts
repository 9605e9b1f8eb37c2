/**
 * CSV and TSV of a large table, built a slice of rows at a time: one `toCsv` of 1,000,000
 * rows held the main thread for over a second. The text comes back as parts, for a Blob
 * (a download, the clipboard) that never needs them joined into one string.
 */
import type { ShownTable } from './result-rows';
import { CSV, TSV } from './format';
import { DEFAULT_SLICE_MS } from './sliced-sort';

export type ExportFormat = 'csv' | 'tsv';

export interface ExportSliceOptions {
  /** Resolves when the page has had its turn (a new task). */
  readonly pause: () => Promise<void>;
  readonly cancelled?: () => boolean;
  readonly rowsPerSlice?: number;
  /** A slice also ends once it has taken this long, looked at every `CHECK_ROWS` rows. */
  readonly sliceMs?: number;
  /** The clock `sliceMs` is measured with. */
  readonly now?: () => number;
}

export const DEFAULT_ROWS_PER_SLICE = 20_000;
// As the sort's slices (sliced-sort.ts), and with its time: a count of rows does not bound
// a slice's time on every machine or for every table (wide rows, long texts).
export const CHECK_ROWS = 1_000;

/** The same text as toCsv / toTsv, in parts; undefined if cancelled. */
export async function exportInSlices(table: ShownTable, rowIndexes: ArrayLike<number> | undefined, format: ExportFormat, options: ExportSliceOptions): Promise<string[] | undefined> {
  const { header, record } = format === 'csv' ? CSV : TSV;
  // CSV ends every record with CRLF; TSV puts `\n` between lines, none after the last.
  const lines = (texts: string[]): string => (format === 'csv' ? `${texts.join('\r\n')}\r\n` : texts.map((t) => `\n${t}`).join(''));
  const parts = [format === 'csv' ? `${header(table)}\r\n` : header(table)];
  const count = rowIndexes ? rowIndexes.length : table.rows.length;
  const perSlice = options.rowsPerSlice ?? DEFAULT_ROWS_PER_SLICE;
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const now = options.now ?? (() => performance.now());
  let i = 0;
  while (i < count) {
    const texts: string[] = [];
    const began = now();
    const stop = Math.min(count, i + perSlice);
    while (i < stop) {
      const index = rowIndexes ? rowIndexes[i] : i;
      const row = index === undefined ? undefined : table.rows.at(index);
      if (row) texts.push(record(table, row));
      i++;
      if (i % CHECK_ROWS === 0 && now() - began >= sliceMs) break;
    }
    if (texts.length > 0) parts.push(lines(texts));
    await options.pause();
    if (options.cancelled?.()) return undefined;
  }
  return parts;
}
