/**
 * Rows of a large result, column by column, as they cross from the kernel to the page
 * (`RowChunk` in protocol.ts). A row array per row cost the page one object per row and
 * per string: 1,000,000 rows of five columns held about four million, and a chunk's
 * structured-clone decode (12–40 ms) met a garbage collection that copied them (15–32 ms),
 * in one task of 58–110 ms (`npm run bench -- --scenario large`, traced). Here a column
 * of a chunk is one typed array (text and JSON: their code units, and the ends of the
 * values): a few objects per chunk, whatever its length. Values come back exactly as they went, one at a time,
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
    return { kind: 'text', ...joined(values.map((v) => (typeof v === 'string' ? v : null))), ...(nulls && { nulls }) };
  }
  // JSON or arrays: as text, a string per chunk where objects were a few heap objects per
  // value (a 1,000,000-row jsonb result went in chunks of 5,000 rows, and the page's young
  // collections copied and promoted the values they held).
  if (present.some((v) => typeof v === 'object') && present.every(isExactJson)) {
    return { kind: 'json', ...joined(values.map((v) => (v === null ? null : JSON.stringify(v)))), ...(nulls && { nulls }) };
  }
  // bytea, bigints past 64 bits, or mixed: as they are (structured clone keeps them exact).
  return { kind: 'values', values };
}

/** A text's UTF-16 code units: as bytes when every one is under 256 (Latin-1), else 16-bit. */
export type CodeUnits = Uint8Array | Uint16Array;

const ascii = new TextEncoder();

/**
 * A string's code units in a typed array, exactly (lone surrogates too). Why not the
 * string itself: a chunk's column joined into one string is a V8 large object (over 128
 * KB for 20,000 rows of timestamps), and V8 frees dead large objects in the main thread's
 * final pause of a full collection. Traced in the bench's large scenario (a 1,000,000-row
 * result replacing another), that pause took 35–74 ms inside a chunk's handler. Strings
 * cut small instead became young objects that the young collections copied (355 ms of
 * them over 4 results, against 19). A typed array's bytes are outside the heap: neither.
 */
export function codeUnits(text: string): CodeUnits {
  // ASCII (the common case) in one native pass: its UTF-8 is its code units, a byte each.
  // Any other character takes two or more bytes, so the array fills before the text ends.
  const bytes = new Uint8Array(text.length);
  if (ascii.encodeInto(text, bytes).read === text.length) return bytes;
  const units = /[^\x00-\xff]/.test(text) ? new Uint16Array(text.length) : bytes;
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Code units `[start, end)` as a string. */
export function unitsText(units: CodeUnits, start: number, end: number): string {
  let text = '';
  // In slices: fromCharCode takes its units as arguments, and a long value would pass too many.
  for (let at = start; at < end; at += 8192) text += String.fromCharCode(...units.subarray(at, Math.min(end, at + 8192)));
  return text;
}

/** Texts one after another, and where each ends in UTF-16 code units, as `slice` counts: every string round-trips, lone surrogates too. */
function joined(texts: readonly (string | null)[]): { units: CodeUnits; ends: Uint32Array } {
  const ends = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((t, i) => {
    end += t?.length ?? 0;
    ends[i] = end;
  });
  return { units: codeUnits(texts.map((t) => t ?? '').join('')), ends };
}

/**
 * Whether JSON.parse(JSON.stringify(value)) gives it back exactly: plain objects, arrays,
 * strings, booleans, null and finite numbers other than -0, however nested. Not bytes,
 * bigints, NaN or the infinities (which JSON cannot hold), nor -0 (it comes back as 0).
 */
function isExactJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isExactJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isExactJson);
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
      return textAt(column, row);
    case 'json':
      return JSON.parse(textAt(column, row)) as SqlValue;
  }
}

/** Value `row` of a text or JSON column, as its text. */
export function textAt(column: { readonly units: CodeUnits; readonly ends: Uint32Array }, row: number): string {
  return unitsText(column.units, row === 0 ? 0 : (column.ends[row - 1] ?? 0), column.ends[row] ?? 0);
}

/** Row `row` of a chunk, as the kernel had it. */
export function chunkRow(chunk: RowChunk, row: number): SqlValue[] {
  return chunk.columns.map((column) => columnValue(column, row));
}

/** Every row of a chunk (tests, and small consumers). */
export function decodeRows(chunk: RowChunk): SqlValue[][] {
  return Array.from({ length: chunk.length }, (_, i) => chunkRow(chunk, i));
}
