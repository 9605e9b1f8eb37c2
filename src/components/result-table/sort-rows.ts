/**
 * Row orders for the result table: `table.rows` is never moved; a sort is an index array.
 * Large tables sort in slices (sliced-sort.ts), so the page keeps painting meanwhile.
 */
import type { ShownTable } from './result-rows';
import { readSortColumn, textComparator, type SortColumn } from './sort-column';
import { compareDecimalKeys, compareStrings, compareValues, decimalKey, JSON_TYPES, NUMERIC_TYPES, type DecimalKey, type SortDirection } from './format';
import { sortInSlices, type SliceOptions } from './sliced-sort';

/**
 * From this many rows on, the table sorts, copies and downloads in slices rather than in
 * one task. The text of rows kept by chunk is compared in place (sort-column.ts), a little
 * slower than JS strings: 100,000 rows of text sorted in one task took 56–78 ms (`npm run
 * bench -- --scenario large`), hence 50,000 rather than 200,000.
 */
export const SLICED_ROWS = 50_000;

/** An ascending comparator over the column's non-null values, with keys computed once per value. */
function keyedComparator(column: SortColumn, typeName: string): (i: number, j: number) => number {
  if (column.kind === 'number') {
    const keys = column.numbers;
    return (i, j) => {
      const a = keys[i] ?? 0;
      const b = keys[j] ?? 0;
      if (a < b) return -1;
      if (a > b) return 1;
      const nanA = Number.isNaN(a);
      return nanA === Number.isNaN(b) ? 0 : nanA ? 1 : -1;
    };
  }
  if (column.kind === 'text') return textComparator(column);
  const values = column.values;
  if (NUMERIC_TYPES.has(typeName) && values.every((v) => v === null || typeof v === 'string')) {
    // Rounding to float64 is monotonic, so unequal floats order the exact values; only
    // ties (and NaN/garbage) need the exact key, which is built lazily.
    const approx = Float64Array.from(values, (v) => (typeof v === 'string' ? Number(v) : 0));
    const keys: (DecimalKey | undefined)[] = [];
    const key = (i: number): DecimalKey => (keys[i] ??= decimalKey(typeof values[i] === 'string' ? String(values[i]) : '0'));
    return (i, j) => {
      const a = approx[i] ?? 0;
      const b = approx[j] ?? 0;
      return a !== b && a === a && b === b ? (a < b ? -1 : 1) : compareDecimalKeys(key(i), key(j));
    };
  }
  if (!JSON_TYPES.has(typeName) && values.every((v) => v === null || typeof v === 'string')) {
    const texts = values.map((v) => (typeof v === 'string' ? v : ''));
    return (i, j) => compareStrings(texts[i] ?? '', texts[j] ?? '');
  }
  return (i, j) => compareValues(values[i] ?? null, values[j] ?? null, typeName);
}

const INDEX_BITS = 2 ** 21;
const INT32_OFFSET = 2 ** 31;

/** What to sort (numbers), how, and how the sorted numbers become row indexes. */
interface SortPlan {
  readonly items: Float64Array;
  /** Undefined: the items' own numeric order. */
  readonly compare: ((a: number, b: number) => number) | undefined;
  readonly finish: (sorted: Float64Array) => Uint32Array;
}

/** The row indexes, then those of the NULLs, which stay last in both directions. */
function withNullsLast(nulls: Uint8Array, head: ArrayLike<number>, map: (item: number) => number): Uint32Array {
  const order = new Uint32Array(nulls.length);
  for (let k = 0; k < head.length; k++) order[k] = map(head[k] ?? 0);
  let tail = head.length;
  for (let i = 0; i < nulls.length; i++) if (nulls[i] === 1) order[tail++] = i;
  return order;
}

/**
 * Fast path for int2/int4-like columns (the common case): each row becomes one exact
 * float64, (key + 2^31) * 2^21 + index < 2^53, sorted natively without a comparator.
 * The index tie-break keeps it stable. Undefined when the values do not all fit
 * (non-integers, beyond int32, more than 2^21 rows).
 */
function smallIntegerPlan(column: SortColumn, direction: SortDirection): SortPlan | undefined {
  if (column.kind !== 'number' || column.numbers.length > INDEX_BITS) return undefined;
  const { numbers, nulls } = column;
  const packed = new Float64Array(numbers.length);
  let count = 0;
  for (let i = 0; i < numbers.length; i++) {
    if (nulls[i] === 1) continue;
    const v = numbers[i] ?? 0;
    if (!Number.isInteger(v) || v < -INT32_OFFSET || v >= INT32_OFFSET) return undefined;
    const key = direction === 'asc' ? v + INT32_OFFSET : INT32_OFFSET - 1 - v;
    packed[count++] = key * INDEX_BITS + i;
  }
  return { items: packed.subarray(0, count), compare: undefined, finish: (sorted) => withNullsLast(nulls, sorted, (item) => item % INDEX_BITS) };
}

/**
 * The plan, a pass over the rows at a time: each `yield` is a point where a sliced sort
 * lets the page paint (each pass over 1,000,000 rows takes 5–20 ms here).
 */
function* planSort(table: ShownTable, column: number, direction: SortDirection): Generator<void, SortPlan> {
  const typeName = table.columns[column]?.typeName ?? '';
  const values = yield* readSortColumn(table.rows, column, !NUMERIC_TYPES.has(typeName) && !JSON_TYPES.has(typeName));
  yield;
  const fast = smallIntegerPlan(values, direction);
  if (fast) return fast;
  yield;
  // A counted loop into a typed array: a callback and a growing array per row took one
  // task 63–71 ms over 1,000,000 rows in full runs of `npm run bench`.
  const nulls = values.nulls;
  const all = new Float64Array(nulls.length);
  let count = 0;
  for (let i = 0; i < nulls.length; i++) if (nulls[i] === 0) all[count++] = i;
  const present = all.subarray(0, count);
  yield;
  const compare = keyedComparator(values, typeName);
  yield;
  const sign = direction === 'asc' ? 1 : -1;
  return { items: present, compare: (i, j) => sign * compare(i, j) || i - j, finish: (sorted) => withNullsLast(values.nulls, sorted, (item) => item) };
}

/**
 * Row indexes of `table` in the order of column `column`. Stable; NULLs stay last in both
 * directions.
 */
export function sortRowIndexes(table: ShownTable, column: number, direction: SortDirection): Uint32Array {
  const steps = planSort(table, column, direction);
  let step = steps.next();
  while (!step.done) step = steps.next();
  const { items, compare, finish } = step.value;
  return finish(compare ? items.sort(compare) : items.sort());
}

/** The same order as sortRowIndexes, computed in slices; undefined if cancelled. */
export async function sortRowIndexesInSlices(table: ShownTable, column: number, direction: SortDirection, options: SliceOptions): Promise<Uint32Array | undefined> {
  const steps = planSort(table, column, direction);
  let step = steps.next();
  while (!step.done) {
    await options.pause();
    if (options.cancelled?.()) return undefined;
    step = steps.next();
  }
  const { items, compare, finish } = step.value;
  const sorted = await sortInSlices(items, compare, options);
  return sorted && finish(sorted);
}
