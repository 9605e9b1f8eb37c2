/**
 * A column as a sort reads it. Rows kept by chunk (result-rows.ts) are not turned into a
 * string or a boxed number per row: a 1,000,000-row text column read that way put a
 * million young strings behind one array, and each young-generation collection then
 * copied them and walked the array, 37–53 ms inside one slice of the sort (traced,
 * `npm run bench -- --scenario large`). Numbers are read into a Float64Array, text as
 * ranges of the chunks' own strings; anything else value by value.
 */
import type { ColumnChunk, SqlValue } from '../../../workers/protocol';
import { columnValue } from '../../../workers/row-chunk';
import { ChunkedRows, readColumn, type RowList } from './result-rows';

export type SortColumn =
  | { readonly kind: 'number'; readonly numbers: Float64Array; readonly nulls: Uint8Array }
  | TextColumn
  | { readonly kind: 'values'; readonly values: readonly SqlValue[]; readonly nulls: Uint8Array };

/**
 * Value i is `strings[owner[i]].slice(starts[i], ends[i])`, never built. Every value
 * begins with the same `common` code units; `keys[i]` packs the three after them, so most
 * comparisons are one of two numbers (compared char by char in JS, 1,000,000 rows of
 * text sorted in 816 ms against 491 ms for JS strings; with the keys, see the README).
 */
export interface TextColumn {
  readonly kind: 'text';
  readonly strings: readonly string[];
  readonly owner: Uint32Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly nulls: Uint8Array;
  readonly common: number;
  readonly keys: Float64Array;
}

/** Values read per slice of a sliced sort. */
const READ_SLICE_ROWS = 100_000;

type Part = { readonly start: number; readonly length: number } & ({ readonly head: readonly (readonly SqlValue[])[] } | { readonly chunk: ColumnChunk });

const allNull = (chunk: ColumnChunk): boolean => chunk.kind !== 'values' && chunk.nulls !== undefined && chunk.nulls.every((n) => n === 1);

function partKind(part: Part, column: number): 'number' | 'text' | 'null' | 'other' {
  if ('head' in part) {
    let kind: 'number' | 'text' | 'null' | 'other' = 'null';
    for (const row of part.head) {
      const v = row[column] ?? null;
      const k = v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'string' ? 'text' : 'other';
      if (k === 'null' || k === kind) continue;
      if (kind !== 'null') return 'other';
      kind = k;
    }
    return kind;
  }
  const chunk = part.chunk;
  if (allNull(chunk)) return 'null';
  if (chunk.kind === 'number' || chunk.kind === 'text') return chunk.kind;
  return 'other';
}

/** The kind every part agrees on (parts of NULLs only agree with any), or `other`. */
function commonKind(parts: readonly Part[], column: number): 'number' | 'text' | 'other' {
  let kind: 'number' | 'text' | 'null' = 'null';
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
 * Column `column` of `rows`, a slice at a time (each `yield` lets a sliced sort pause).
 * `text`: whether text may be compared as plain strings (not numeric or JSON text).
 */
export function* readSortColumn(rows: RowList, column: number, text: boolean): Generator<void, SortColumn> {
  const count = rows.length;
  const nulls = new Uint8Array(count);
  const kind = rows instanceof ChunkedRows ? commonKind(partsOf(rows, column), column) : 'other';
  if (!(rows instanceof ChunkedRows) || kind === 'other' || (kind === 'text' && !text)) {
    const values = new Array<SqlValue>(count);
    for (let start = 0; start < count; start += READ_SLICE_ROWS) {
      readColumn(rows, column, start, Math.min(count, start + READ_SLICE_ROWS), values);
      yield;
    }
    values.forEach((v, i) => (nulls[i] = v === null ? 1 : 0));
    if (!values.every((v) => v === null || typeof v === 'number')) return { kind: 'values', values, nulls };
    return { kind: 'number', numbers: Float64Array.from(values, (v) => (typeof v === 'number' ? v : 0)), nulls };
  }
  const parts = partsOf(rows, column);
  if (kind === 'number') {
    const numbers = new Float64Array(count);
    for (const part of parts) {
      for (let i = 0; i < part.length; i++) {
        const v = 'head' in part ? (part.head[i]?.[column] ?? null) : columnValue(part.chunk, i);
        numbers[part.start + i] = typeof v === 'number' ? v : 0;
        nulls[part.start + i] = v === null ? 1 : 0;
      }
      yield;
    }
    return { kind: 'number', numbers, nulls };
  }
  const strings: string[] = [];
  const owner = new Uint32Array(count);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  for (const part of parts) {
    if ('head' in part) {
      part.head.forEach((row, i) => {
        const v = row[column] ?? null;
        if (typeof v === 'string') {
          owner[i] = strings.push(v) - 1;
          ends[i] = v.length;
        } else nulls[i] = 1;
      });
    } else if (part.chunk.kind === 'text') {
      const chunk = part.chunk;
      const k = strings.push(chunk.text) - 1;
      for (let i = 0; i < part.length; i++) {
        const at = part.start + i;
        owner[at] = k;
        starts[at] = i === 0 ? 0 : (chunk.ends[i - 1] ?? 0);
        ends[at] = chunk.ends[i] ?? 0;
        nulls[at] = chunk.nulls?.[i] ?? 0;
      }
    } else nulls.fill(1, part.start, part.start + part.length);
    yield;
  }
  const charAt = (i: number, k: number): number => (starts[i] ?? 0) + k < (ends[i] ?? 0) ? (strings[owner[i] ?? 0] ?? '').charCodeAt((starts[i] ?? 0) + k) : -1;
  // The longest prefix all values share: 'row 1', 'row 2', ... share 'row '.
  const first = nulls.indexOf(0);
  let common = first < 0 ? 0 : (ends[first] ?? 0) - (starts[first] ?? 0);
  for (const part of parts) {
    for (let i = part.start; i < part.start + part.length && common > 0; i++) {
      if (nulls[i] === 1) continue;
      let k = 0;
      while (k < common && charAt(i, k) === charAt(first, k)) k++;
      common = k;
    }
    yield;
  }
  // A missing code unit counts as 0, like U+0000: a tie that the full comparison settles.
  const keys = new Float64Array(count);
  for (const part of parts) {
    for (let i = part.start; i < part.start + part.length; i++) {
      keys[i] = Math.max(0, charAt(i, common)) * 2 ** 32 + Math.max(0, charAt(i, common + 1)) * 2 ** 16 + Math.max(0, charAt(i, common + 2));
    }
    yield;
  }
  return { kind: 'text', strings, owner, starts, ends, nulls, common, keys };
}

/** Compares two values of a text sort column in UTF-16 code-unit order, as `<` compares strings. */
export function textComparator(column: TextColumn): (i: number, j: number) => number {
  const { strings, owner, starts, ends, common, keys } = column;
  return (i, j) => {
    const keyA = keys[i] ?? 0;
    const keyB = keys[j] ?? 0;
    if (keyA !== keyB) return keyA < keyB ? -1 : 1;
    const a = strings[owner[i] ?? 0] ?? '';
    const b = strings[owner[j] ?? 0] ?? '';
    let p = (starts[i] ?? 0) + common;
    let q = (starts[j] ?? 0) + common;
    const pEnd = ends[i] ?? 0;
    const qEnd = ends[j] ?? 0;
    for (; p < pEnd && q < qEnd; p++, q++) {
      const d = a.charCodeAt(p) - b.charCodeAt(q);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    const restA = pEnd - p;
    const restB = qEnd - q;
    return restA === restB ? 0 : restA < restB ? -1 : 1;
  };
}
