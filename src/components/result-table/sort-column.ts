/**
 * A column as a sort reads it. Rows kept by chunk (result-rows.ts) are not turned into a
 * string or a boxed number per row: a 1,000,000-row text column read that way put a
 * million young strings behind one array, and each young-generation collection then
 * copied them and walked the array, 37–53 ms inside one slice of the sort (traced,
 * `npm run bench -- --scenario large`). Numbers are read into a Float64Array, text as
 * ranges of the chunks' own code units (a numeric column's too: read value by value, its
 * 1,000,000 strings held the sort's slices up 82–123 ms); anything else value by value.
 */
import type { ColumnChunk, SqlValue } from '../../../workers/protocol';
import { codeUnits, columnValue, textAt, unitsText, type CodeUnits } from '../../../workers/row-chunk';
import { jsonSortText, jsonTextSortText } from './format';
import { ChunkedRows, readColumn, valueAt, type RowList } from './result-rows';
import { inPieces } from './sliced-sort';

export type SortColumn =
  | { readonly kind: 'number'; readonly numbers: Float64Array; readonly nulls: Uint8Array }
  | TextColumn
  | DecimalColumn
  | { readonly kind: 'values'; readonly values: readonly SqlValue[]; readonly nulls: Uint8Array };

/** How a sort reads a column of text: as strings, as decimal numbers (numeric types), or as JSON. */
export type TextAs = 'text' | 'decimal' | 'json';

/** Value i is code units `starts[i]` to `ends[i]` of `units[owner[i]]`, never a string for the whole column. */
export interface TextRanges {
  readonly units: readonly CodeUnits[];
  readonly owner: Uint32Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly nulls: Uint8Array;
}

/**
 * Every value begins with the same `common` code units; `keys[i]` packs the three after
 * them, so most comparisons are one of two numbers (compared char by char in JS, 1,000,000
 * rows of text sorted in 816 ms against 491 ms for JS strings; with the keys, see the README).
 */
export interface TextColumn extends TextRanges {
  readonly kind: 'text';
  readonly common: number;
  readonly keys: Float64Array;
}

/** A numeric column's text: each value is built for a moment, to be parsed, or when a tie needs its exact digits. */
export interface DecimalColumn extends TextRanges {
  readonly kind: 'decimal';
}

const NO_UNITS: CodeUnits = new Uint8Array(0);

/** Value `i` of a column kept as ranges (a new string). */
export function rangeText(column: TextRanges, i: number): string {
  return unitsText(column.units[column.owner[i] ?? 0] ?? NO_UNITS, column.starts[i] ?? 0, column.ends[i] ?? 0);
}

/** 10^0 to 10^22: each exactly a double. */
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Value i as a double, read from its code units without a string, when that double is
 * exactly `Number(text)` and no other value with the same double can differ from it: a
 * sign, digits and one point, at most 15 significant digits (below 2^53: the mantissa is
 * exact; and 15 digits survive a round trip through a double, so two such values differ
 * exactly when their doubles do), at most 22 after the point (10^k exact), so the one
 * division rounds correctly, as Number does (Clinger's fast path). Undefined otherwise
 * ('NaN', 'Infinity', more digits): the caller goes through the string. Building every
 * value's string first, a 1,000,000-row numeric sort painted in 568-603 ms; read so,
 * 313-344 ms (`npm run bench -- --scenario large`).
 */
export function rangeNumber(column: TextRanges, i: number): number | undefined {
  const units = column.units[column.owner[i] ?? 0] ?? NO_UNITS;
  const end = column.ends[i] ?? 0;
  let p = column.starts[i] ?? 0;
  const sign = units[p];
  const negative = sign === 45; // '-'
  if (negative || sign === 43) p++; // '+'
  let mantissa = 0;
  let significant = 0;
  let digits = 0;
  let fraction = -1; // digits after the point, once there is one
  for (; p < end; p++) {
    const unit = units[p] ?? 0;
    if (unit >= 48 && unit <= 57) {
      mantissa = mantissa * 10 + (unit - 48);
      if (significant > 0 || unit !== 48) significant++;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (unit === 46 && fraction < 0) fraction = 0; // '.'
    else return undefined;
  }
  if (digits === 0 || significant > 15 || fraction > 22) return undefined;
  const value = fraction > 0 ? mantissa / (POWERS_OF_TEN[fraction] ?? 1) : mantissa;
  return negative ? -value : value;
}

type Part = { readonly start: number; readonly length: number } & ({ readonly head: readonly (readonly SqlValue[])[] } | { readonly chunk: ColumnChunk });

const allNull = (chunk: ColumnChunk): boolean => chunk.kind !== 'values' && chunk.nulls !== undefined && chunk.nulls.every((n) => n === 1);

type PartKind = 'number' | 'boolean' | 'bigint' | 'text' | 'null' | 'other';

function partKind(part: Part, column: number): PartKind {
  if ('head' in part) {
    let kind: PartKind = 'null';
    for (const row of part.head) {
      const v = row[column] ?? null;
      const k: PartKind = v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : typeof v === 'bigint' ? 'bigint' : typeof v === 'string' ? 'text' : 'other';
      if (k === 'null' || k === kind) continue;
      if (kind !== 'null') return 'other';
      kind = k;
    }
    return kind;
  }
  const chunk = part.chunk;
  if (allNull(chunk)) return 'null';
  // A JSON chunk's values are read one by one (each parsed), as values kept so are.
  return chunk.kind === 'values' || chunk.kind === 'json' ? 'other' : chunk.kind;
}

/** The kind every part agrees on (parts of NULLs only agree with any), or `other`. */
function commonKind(parts: readonly Part[], column: number): Exclude<PartKind, 'null'> {
  let kind: PartKind = 'null';
  for (const part of parts) {
    const k = partKind(part, column);
    if (k === 'other' || (k !== 'null' && kind !== 'null' && k !== kind)) return 'other';
    if (k !== 'null') kind = k;
  }
  return kind === 'null' ? 'number' : kind;
}

function partsOf(rows: ChunkedRows, column: number): Part[] {
  const parts: Part[] = [{ start: 0, length: rows.head.length, head: rows.head }];
  rows.chunks.forEach((chunk, k) => {
    const part = chunk.columns[column];
    if (part) parts.push({ start: rows.starts[k] ?? 0, length: chunk.length, chunk: part });
  });
  return parts;
}

/**
 * Column `column` of `rows`, in pieces of PASS_ROWS rows (each `yield` lets a sliced sort pause).
 */
export function* readSortColumn(rows: RowList, column: number, textAs: TextAs): Generator<void, SortColumn> {
  const count = rows.length;
  const nulls = new Uint8Array(count);
  // Rows kept by chunk are read part by part; plain rows (a small result) value by value.
  const parts = rows instanceof ChunkedRows ? partsOf(rows, column) : [];
  const kind = rows instanceof ChunkedRows ? commonKind(parts, column) : 'other';
  if (textAs === 'json' && kind !== 'number' && kind !== 'boolean') {
    const ranges = yield* readJson(rows, column, count, nulls);
    if (ranges) return yield* keyedText(ranges);
  }
  if (kind === 'bigint') {
    const numbers = yield* readSafeIntegers(parts, column, count, nulls);
    if (numbers) return { kind: 'number', numbers, nulls };
  }
  if (kind === 'other' || kind === 'bigint' || (kind === 'text' && textAs === 'json')) {
    const values = new Array<SqlValue>(count);
    let allNumbers = true;
    yield* inPieces(0, count, (from, to) => {
      readColumn(rows, column, from, to, values);
      for (let i = from; i < to; i++) {
        const v = values[i] ?? null;
        nulls[i] = v === null ? 1 : 0;
        if (v !== null && typeof v !== 'number') allNumbers = false;
      }
    });
    if (!allNumbers) return { kind: 'values', values, nulls };
    const numbers = new Float64Array(count);
    yield* inPieces(0, count, (from, to) => {
      for (let i = from; i < to; i++) {
        const v = values[i];
        numbers[i] = typeof v === 'number' ? v : 0;
      }
    });
    return { kind: 'number', numbers, nulls };
  }
  if (kind === 'number' || kind === 'boolean') {
    // Booleans as 0 and 1: false first, as compareValues has them, without an array of a
    // million values (its allocation alone took 25-35 ms here).
    const numbers = new Float64Array(count);
    for (const part of parts) {
      yield* inPieces(0, part.length, (from, to) => {
        for (let i = from; i < to; i++) {
          const v = 'head' in part ? (part.head[i]?.[column] ?? null) : columnValue(part.chunk, i);
          numbers[part.start + i] = typeof v === 'number' ? v : v === true ? 1 : 0;
          nulls[part.start + i] = v === null ? 1 : 0;
        }
      });
    }
    return { kind: 'number', numbers, nulls };
  }
  const ranges = yield* readRanges(parts, column, count, nulls);
  if (textAs === 'decimal') return { kind: 'decimal', ...ranges };
  return yield* keyedText(ranges);
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * 64-bit integers as doubles, when every one is within ±(2^53 − 1) and so exact (ids and
 * counts are); undefined otherwise, for the exact comparison. Sets `nulls`.
 */
function* readSafeIntegers(parts: readonly Part[], column: number, count: number, nulls: Uint8Array): Generator<void, Float64Array | undefined> {
  const numbers = new Float64Array(count);
  let safe = true;
  for (const part of parts) {
    yield* inPieces(0, part.length, (from, to) => {
      for (let i = from; i < to; i++) {
        const v = 'head' in part ? (part.head[i]?.[column] ?? null) : columnValue(part.chunk, i);
        nulls[part.start + i] = v === null ? 1 : 0;
        if (typeof v !== 'bigint') continue;
        if (v > SAFE || v < -SAFE) return (safe = false);
        numbers[part.start + i] = Number(v);
      }
    });
    if (!safe) break;
  }
  return safe ? numbers : undefined;
}

/** Text ranges with the prefix every value shares, and keys that pack the three code units after it. */
function* keyedText(ranges: TextRanges): Generator<void, TextColumn> {
  const { units, owner, starts, ends, nulls } = ranges;
  const count = nulls.length;
  const charAt = (i: number, k: number): number => ((starts[i] ?? 0) + k < (ends[i] ?? 0) ? ((units[owner[i] ?? 0] ?? NO_UNITS)[(starts[i] ?? 0) + k] ?? -1) : -1);
  // The longest prefix all values share: 'row 1', 'row 2', ... share 'row '.
  const first = nulls.indexOf(0);
  let common = first < 0 ? 0 : (ends[first] ?? 0) - (starts[first] ?? 0);
  yield* inPieces(0, count, (from, to) => {
    for (let i = from; i < to && common > 0; i++) {
      if (nulls[i] === 1) continue;
      let k = 0;
      while (k < common && charAt(i, k) === charAt(first, k)) k++;
      common = k;
    }
    return common > 0;
  });
  // A missing code unit counts as 0, like U+0000: a tie that the full comparison settles.
  const keys = new Float64Array(count);
  yield* inPieces(0, count, (from, to) => {
    for (let i = from; i < to; i++) {
      keys[i] = Math.max(0, charAt(i, common)) * 2 ** 32 + Math.max(0, charAt(i, common + 1)) * 2 ** 16 + Math.max(0, charAt(i, common + 2));
    }
  });
  return { kind: 'text', ...ranges, common, keys };
}

/**
 * A JSON column as ranges of the text jsonSortText gives each value, code units per piece
 * (the values' own strings die young: a million of them kept would each be copied by
 * young-generation collections). Undefined if a value is a number or bytes; sets `nulls`.
 */
function* readJson(rows: RowList, column: number, count: number, nulls: Uint8Array): Generator<void, TextRanges | undefined> {
  const sortTextAt = jsonSortTexts(rows, column);
  const units: CodeUnits[] = [];
  const owner = new Uint32Array(count);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  let comparable = true;
  yield* inPieces(0, count, (from, to) => {
    const texts: string[] = [];
    const k = units.length;
    let end = 0;
    for (let i = from; i < to; i++) {
      const text = sortTextAt(i);
      owner[i] = k;
      starts[i] = end;
      if (text === null) nulls[i] = 1;
      else {
        if (text === undefined) return (comparable = false);
        texts.push(text);
        end += text.length;
      }
      ends[i] = end;
    }
    units.push(codeUnits(texts.join('')));
  });
  if (!comparable) {
    nulls.fill(0);
    return undefined;
  }
  return { units, owner, starts, ends, nulls };
}

/**
 * Reads jsonSortText of value i, for i from 0 up (null for NULL, undefined for a number or
 * bytes). A chunk sent as JSON text (workers/row-chunk.ts) gives it from that text, unparsed.
 */
function jsonSortTexts(rows: RowList, column: number): (i: number) => string | null | undefined {
  const ofValue = (v: SqlValue): string | null | undefined => (v === null ? null : jsonSortText(v));
  if (!(rows instanceof ChunkedRows)) return (i) => ofValue(valueAt(rows, i, column));
  const parts = partsOf(rows, column);
  let p = 0;
  return (i) => {
    let part = parts[p];
    while (part && i >= part.start + part.length && p < parts.length - 1) part = parts[++p];
    if (!part) return null;
    const at = i - part.start;
    if ('head' in part) return ofValue(part.head[at]?.[column] ?? null);
    const chunk = part.chunk;
    if (chunk.kind !== 'json') return ofValue(columnValue(chunk, at));
    return chunk.nulls?.[at] === 1 ? null : jsonTextSortText(textAt(chunk, at));
  };
}

/** A column of text as ranges of the chunks' own code units (the head's values one by one); sets `nulls`. */
function* readRanges(parts: readonly Part[], column: number, count: number, nulls: Uint8Array): Generator<void, TextRanges> {
  const units: CodeUnits[] = [];
  const owner = new Uint32Array(count);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  for (const part of parts) {
    if ('head' in part) {
      const head = part.head;
      yield* inPieces(0, head.length, (from, to) => {
        for (let i = from; i < to; i++) {
          const v = head[i]?.[column] ?? null;
          if (typeof v === 'string') {
            owner[i] = units.push(codeUnits(v)) - 1;
            ends[i] = v.length;
          } else nulls[i] = 1;
        }
      });
    } else if (part.chunk.kind === 'text') {
      const chunk = part.chunk;
      const k = units.push(chunk.units) - 1;
      yield* inPieces(0, part.length, (from, to) => {
        for (let i = from; i < to; i++) {
          const at = part.start + i;
          owner[at] = k;
          starts[at] = i === 0 ? 0 : (chunk.ends[i - 1] ?? 0);
          ends[at] = chunk.ends[i] ?? 0;
          nulls[at] = chunk.nulls?.[i] ?? 0;
        }
      });
    } else nulls.fill(1, part.start, part.start + part.length);
  }
  return { units, owner, starts, ends, nulls };
}

/** Compares two values of a text sort column in UTF-16 code-unit order, as `<` compares strings. */
export function textComparator(column: TextColumn): (i: number, j: number) => number {
  const { units, owner, starts, ends, common, keys } = column;
  return (i, j) => {
    const keyA = keys[i] ?? 0;
    const keyB = keys[j] ?? 0;
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    const a = units[owner[i] ?? 0] ?? NO_UNITS;
    const b = units[owner[j] ?? 0] ?? NO_UNITS;
    let p = (starts[i] ?? 0) + common;
    let q = (starts[j] ?? 0) + common;
    const pEnd = ends[i] ?? 0;
    const qEnd = ends[j] ?? 0;
    for (; p < pEnd && q < qEnd; p++, q++) {
      const d = (a[p] ?? 0) - (b[q] ?? 0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    const restA = pEnd - p;
    const restB = qEnd - q;
    return restA === restB ? 0 : restA < restB ? -1 : 1;
  };
}
