/**
 * Rows of a large result, column by column, as they cross from the kernel to the page
 * (`RowChunk` in protocol.ts). A row array per row cost the page one object per row and
 * per string: 1,000,000 rows of five columns held about four million, and a chunk's
 * structured-clone decode (12–40 ms) met a garbage collection that copied them (15–32 ms),
 * in one task of 58–110 ms (`npm run bench -- --scenario large`, traced). Here a column
 * of a chunk is one typed array, or one string and the ends of its values: a few objects
 * per chunk, whatever its length. Values come back exactly as they went, one at a time,
 * only for the rows that are shown, sorted or exported.
 *
 * Pure: the kernel encodes, the page reads.
 */
import type { ColumnChunk, RowChunk, SqlValue } from './protocol';

/** Set where a value is NULL; absent when none is. */
function nullsOf(values: readonly SqlValue[]): Uint8Array | undefined {
  if (!values.includes(null)) return undefined;
  return Uint8Array.from(values, (v) => (v === null ? 1 : 0));
}

/** One column of a chunk: the most compact kind that holds every one of its values. */
export function encodeColumn(values: readonly SqlValue[]): ColumnChunk {
  const nulls = nullsOf(values);
  const present = nulls ? values.filter((v) => v !== null) : values;
  if (present.every((v) => typeof v === 'number')) {
    return { kind: 'number', values: Float64Array.from(values, (v) => (typeof v === 'number' ? v : 0)), ...(nulls && { nulls }) };
  }
  if (present.every((v) => typeof v === 'boolean')) {
    return { kind: 'boolean', values: Uint8Array.from(values, (v) => (v === true ? 1 : 0)), ...(nulls && { nulls }) };
  }
  if (present.every((v) => typeof v === 'bigint' && BigInt.asIntN(64, v) === v)) {
    return { kind: 'bigint', values: BigInt64Array.from(values, (v) => (typeof v === 'bigint' ? v : 0n)), ...(nulls && { nulls }) };
  }
  if (present.every((v) => typeof v === 'string')) {
    // Ends in UTF-16 code units, as `slice` counts: any string round-trips, lone surrogates too.
    const ends = new Uint32Array(values.length);
    let end = 0;
    values.forEach((v, i) => {
      end += typeof v === 'string' ? v.length : 0;
      ends[i] = end;
    });
    return { kind: 'text', text: values.map((v) => (typeof v === 'string' ? v : '')).join(''), ends, ...(nulls && { nulls }) };
  }
  // bytea, JSON, arrays, or mixed: as they are (structured clone keeps them exact).
  return { kind: 'values', values };
}

/** `rows` (each `width` values long) as a chunk. */
export function encodeRows(rows: readonly (readonly SqlValue[])[], width: number): RowChunk {
  const columns: ColumnChunk[] = [];
  for (let c = 0; c < width; c++) columns.push(encodeColumn(rows.map((row) => row[c] ?? null)));
  return { length: rows.length, columns };
}

/** Value `row` of a column. */
export function columnValue(column: ColumnChunk, row: number): SqlValue {
  if (column.kind === 'values') return column.values[row] ?? null;
  if (column.nulls?.[row] === 1) return null;
  switch (column.kind) {
    case 'number':
      return column.values[row] ?? null;
    case 'boolean':
      return column.values[row] === 1;
    case 'bigint':
      return column.values[row] ?? null;
    case 'text':
      return column.text.slice(row === 0 ? 0 : (column.ends[row - 1] ?? 0), column.ends[row] ?? 0);
  }
}

/** Row `row` of a chunk, as the kernel had it. */
export function chunkRow(chunk: RowChunk, row: number): SqlValue[] {
  return chunk.columns.map((column) => columnValue(column, row));
}

/** Every row of a chunk (tests, and small consumers). */
export function decodeRows(chunk: RowChunk): SqlValue[][] {
  return Array.from({ length: chunk.length }, (_, i) => chunkRow(chunk, i));
}
