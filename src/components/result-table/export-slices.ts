/**
 * CSV and TSV of a large table, built a slice of rows at a time: one `toCsv` of 1,000,000
 * rows held the main thread for over a second. The text comes back as parts, for a Blob
 * (a download, the clipboard) that never needs them joined into one string.
 */
import type { ShownTable } from './result-rows';
import { CSV, TSV } from './format';

export type ExportFormat = 'csv' | 'tsv';

export interface ExportSliceOptions {
  /** Resolves when the page has had its turn (a new task). */
  readonly pause: () => Promise<void>;
  readonly cancelled?: () => boolean;
  readonly rowsPerSlice?: number;
}

export const DEFAULT_ROWS_PER_SLICE = 20_000;

/** The same text as toCsv / toTsv, in parts; undefined if cancelled. */
export async function exportInSlices(table: ShownTable, rowIndexes: ArrayLike<number> | undefined, format: ExportFormat, options: ExportSliceOptions): Promise<string[] | undefined> {
  const { header, record } = format === 'csv' ? CSV : TSV;
  // CSV ends every record with CRLF; TSV puts `\n` between lines, none after the last.
  const lines = (texts: string[]): string => (format === 'csv' ? `${texts.join('\r\n')}\r\n` : texts.map((t) => `\n${t}`).join(''));
  const parts = [format === 'csv' ? `${header(table)}\r\n` : header(table)];
  const count = rowIndexes ? rowIndexes.length : table.rows.length;
  const perSlice = options.rowsPerSlice ?? DEFAULT_ROWS_PER_SLICE;
  for (let start = 0; start < count; start += perSlice) {
    const texts: string[] = [];
    for (let i = start; i < Math.min(count, start + perSlice); i++) {
      const index = rowIndexes ? rowIndexes[i] : i;
      const row = index === undefined ? undefined : table.rows.at(index);
      if (row) texts.push(record(table, row));
    }
    if (texts.length > 0) parts.push(lines(texts));
    await options.pause();
    if (options.cancelled?.()) return undefined;
  }
  return parts;
}
