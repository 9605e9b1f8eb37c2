/**
 * Row orders for the result table: `table.rows` is never moved; a sort is an index array.
 * Large tables sort in slices (sliced-sort.ts), so the page keeps painting meanwhile.
 */
import type { ShownTable } from './result-rows';
import { rangeNumber, rangeText, readSortColumn, textComparator, type SortColumn, type TextAs } from './sort-column';
import { compareDecimalKeys, compareStrings, compareValues, decimalKey, JSON_TYPES, NUMERIC_TYPES, type DecimalKey, type SortDirection } from './format';
import { drain, inPieces, runInSlices, sortInSlices, type SliceOptions, type SortItems } from './sliced-sort';
import type { SqlValue } from '../../../workers/protocol';

/**
 * From this many rows on, the table sorts, copies and downloads in slices rather than in
 * one task. The text of rows kept by chunk is compared in place (sort-column.ts), a little
 * slower than JS strings: 100,000 rows of text sorted in one task took 56–78 ms (`npm run
 * bench -- --scenario large`), hence 50,000 rather than 200,000.
 */
export const SLICED_ROWS = 50_000;

type Compare = (i: number, j: number) => number;

/**
 * Numeric values in their exact decimal order. Rounding to float64 is monotonic, so
 * unequal floats order the exact values; only ties (and NaN/garbage) need the exact key,
 * which is built lazily, unless both values were read exactly (`exactNumber(i)`, see
 * rangeNumber: equal doubles then mean equal values). `text(i)`: value i's digits (a
 * string that need not live long).
 */
function* decimalComparator(count: number, text: (i: number) => string, exactNumber?: (i: number) => number | undefined): Generator<void, Compare> {
  const approx = new Float64Array(count);
  const isExact = new Uint8Array(count);
  yield* inPieces(0, count, (from, to) => {
    for (let i = from; i < to; i++) {
      const value = exactNumber?.(i);
      if (value === undefined) approx[i] = Number(text(i));
      else {
        approx[i] = value;
        isExact[i] = 1;
      }
    }
  });
  const keys: (DecimalKey | undefined)[] = [];
  const key = (i: number): DecimalKey => (keys[i] ??= decimalKey(text(i)));
  return (i, j) => {
    const a = approx[i] ?? 0;
    const b = approx[j] ?? 0;
    if (a !== b && a === a && b === b) return a < b ? -1 : 1;
    return a === b && isExact[i] === 1 && isExact[j] === 1 ? 0 : compareDecimalKeys(key(i), key(j));
  };
}

/** Whether every value is NULL or a string (a pass; stops at the first that is not). */
function* nullsOrStrings(values: readonly SqlValue[]): Generator<void, boolean> {
  let all = true;
  yield* inPieces(0, values.length, (from, to) => {
    for (let i = from; i < to; i++) {
      const v = values[i] ?? null;
      if (v !== null && typeof v !== 'string') return (all = false);
    }
  });
  return all;
}

/** An ascending comparator over the column's non-null values, with keys computed once per value. */
function* keyedComparator(column: SortColumn, typeName: string): Generator<void, Compare> {
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
  if (column.kind === 'decimal') return yield* decimalComparator(column.nulls.length, (i) => rangeText(column, i), (i) => rangeNumber(column, i));
  const values = column.values;
  const n = values.length;
  if (JSON_TYPES.has(typeName) || !(yield* nullsOrStrings(values))) return (i, j) => compareValues(values[i] ?? null, values[j] ?? null, typeName);
  if (NUMERIC_TYPES.has(typeName)) {
    return yield* decimalComparator(n, (i) => {
      const v = values[i];
      return typeof v === 'string' ? v : '0';
    });
  }
  const texts = new Array<string>(n);
  yield* inPieces(0, n, (from, to) => {
    for (let i = from; i < to; i++) {
      const v = values[i];
      texts[i] = typeof v === 'string' ? v : '';
    }
  });
  return (i, j) => compareStrings(texts[i] ?? '', texts[j] ?? '');
}

const INDEX_BITS = 2 ** 21;
const INT32_OFFSET = 2 ** 31;

/** What to sort (numbers), how, and how the sorted numbers become row indexes. */
export interface SortPlan {
  readonly items: SortItems;
  /** Undefined: the items' own numeric order. */
  readonly compare: Compare | undefined;
  readonly finish: (sorted: SortItems) => Generator<void, Uint32Array>;
}

/** The row indexes, then those of the NULLs, which stay last in both directions. */
function* withNullsLast(nulls: Uint8Array, head: SortItems, map: (item: number) => number): Generator<void, Uint32Array> {
  const order = new Uint32Array(nulls.length);
  yield* inPieces(0, head.length, (from, to) => {
    for (let k = from; k < to; k++) order[k] = map(head[k] ?? 0);
  });
  let tail = head.length;
  yield* inPieces(0, nulls.length, (from, to) => {
    for (let i = from; i < to; i++) if (nulls[i] === 1) order[tail++] = i;
  });
  return order;
}

/**
 * Fast path for int2/int4-like columns (the common case): each row becomes one exact
 * float64, (key + 2^31) * 2^21 + index < 2^53, sorted natively without a comparator.
 * The index tie-break keeps it stable. Undefined when the values do not all fit
 * (non-integers, beyond int32, more than 2^21 rows).
 */
function* smallIntegerPlan(column: SortColumn, direction: SortDirection): Generator<void, SortPlan | undefined> {
  if (column.kind !== 'number' || column.numbers.length > INDEX_BITS) return undefined;
  const { numbers, nulls } = column;
  const packed = new Float64Array(numbers.length);
  let count = 0;
  let fits = true;
  yield* inPieces(0, numbers.length, (from, to) => {
    for (let i = from; i < to; i++) {
      if (nulls[i] === 1) continue;
      const v = numbers[i] ?? 0;
      if (!Number.isInteger(v) || v < -INT32_OFFSET || v >= INT32_OFFSET) return (fits = false);
      const key = direction === 'asc' ? v + INT32_OFFSET : INT32_OFFSET - 1 - v;
      packed[count++] = key * INDEX_BITS + i;
    }
  });
  if (!fits) return undefined;
  return { items: packed.subarray(0, count), compare: undefined, finish: (sorted) => withNullsLast(nulls, sorted, (item) => item % INDEX_BITS) };
}

/**
 * The plan, a piece of PASS_ROWS rows at a time: each `yield` is a point where a sliced
 * sort may pause. Every pass over the rows is in pieces, the plan's result's `finish` too.
 */
export function* planSort(table: ShownTable, column: number, direction: SortDirection): Generator<void, SortPlan> {
  const typeName = table.columns[column]?.typeName ?? '';
  const textAs: TextAs = NUMERIC_TYPES.has(typeName) ? 'decimal' : JSON_TYPES.has(typeName) ? 'json' : 'text';
  const values = yield* readSortColumn(table.rows, column, textAs);
  const fast = yield* smallIntegerPlan(values, direction);
  if (fast) return fast;
  // A counted loop into a typed array: a callback and a growing array per row took one
  // task 63–71 ms over 1,000,000 rows in full runs of `npm run bench`.
  const nulls = values.nulls;
  const all = new Uint32Array(nulls.length);
  let count = 0;
  yield* inPieces(0, nulls.length, (from, to) => {
    for (let i = from; i < to; i++) if (nulls[i] === 0) all[count++] = i;
  });
  const present = all.subarray(0, count);
  const compare = yield* keyedComparator(values, typeName);
  const sign = direction === 'asc' ? 1 : -1;
  return { items: present, compare: (i, j) => sign * compare(i, j) || i - j, finish: (sorted) => withNullsLast(values.nulls, sorted, (item) => item) };
}

/**
 * Row indexes of `table` in the order of column `column`. Stable; NULLs stay last in both
 * directions.
 */
export function sortRowIndexes(table: ShownTable, column: number, direction: SortDirection): Uint32Array {
  const { items, compare, finish } = drain(planSort(table, column, direction));
  return drain(finish(compare ? items.sort(compare) : items.sort()));
}

/**
 * The same order as sortRowIndexes, computed in slices; undefined if cancelled. Nothing
 * runs in the caller's task (the click's, which should only show "Sorting…"), and each
 * stage starts a slice of its own.
 */
export async function sortRowIndexesInSlices(table: ShownTable, column: number, direction: SortDirection, options: SliceOptions): Promise<Uint32Array | undefined> {
  const turn = async (): Promise<boolean> => {
    await options.pause();
    return options.cancelled?.() !== true;
  };
  if (!(await turn())) return undefined;
  const plan = await runInSlices(planSort(table, column, direction), options);
  if (!plan || !(await turn())) return undefined;
  const sorted = await sortInSlices(plan.items, plan.compare, options);
  if (!sorted || !(await turn())) return undefined;
  return runInSlices(plan.finish(sorted), options);
}
