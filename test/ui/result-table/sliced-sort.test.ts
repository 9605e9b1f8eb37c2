import { describe, expect, it } from 'vitest';
import { MERGE_PIECE, nextTask, sortInSlices } from '../../../src/components/result-table/sliced-sort';
import { sortRowIndexes, sortRowIndexesInSlices } from '../../../src/components/result-table/sort-rows';
import type { SqlTable, SqlValue } from '../../../workers/protocol';

/** A deterministic pseudo-random sequence (xorshift), so failures reproduce. */
function randoms(n: number, seed: number, range: number): Float64Array {
  let x = seed;
  return Float64Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % range;
  });
}

/** Items are key * 2^20 + original position; the comparator sees the key only, so stability shows. */
const byKey = (a: number, b: number): number => Math.floor(a / 2 ** 20) - Math.floor(b / 2 ** 20);
const keyed = (keys: Float64Array): Float64Array => keys.map((k, i) => k * 2 ** 20 + i);

describe('sortInSlices', () => {
  const sizes = [0, 1, 2, 7, 1_000, 100_003];
  const runs = [1, 7, 1_024];
  it.each(sizes.flatMap((n) => runs.map((run) => [n, run] as const)))('%i items, runs of %i: the same order as a stable sort', async (n, run) => {
    const items = keyed(randoms(n, 7 + n, 50));
    const expected = Array.from(items).sort(byKey);
    const numeric = randoms(n, 11 + n, 1_000);
    const numericExpected = Float64Array.from(numeric).sort();
    const options = { run, budget: 4_096, pause: () => Promise.resolve() };
    expect(Array.from((await sortInSlices(items.slice(), byKey, options))!)).toEqual(expected);
    expect(Array.from((await sortInSlices(numeric.slice(), undefined, options))!)).toEqual(Array.from(numericExpected));
  });

  it('pauses before a slice of work grows long: no stretch between pauses does much more than the budget', async () => {
    const run = 1_024;
    const budget = 4_096;
    let comparisons = 0;
    const between: number[] = [];
    const counting = (a: number, b: number): number => {
      comparisons++;
      return byKey(a, b);
    };
    const pause = async (): Promise<void> => {
      between.push(comparisons);
      comparisons = 0;
    };
    const sorted = await sortInSlices(keyed(randoms(200_000, 3, 1_000)), counting, { run, budget, pause });
    between.push(comparisons);
    expect(sorted).toHaveLength(200_000);
    // One run's native sort is about run * log2(run) comparisons; a merge piece at most 2 * budget.
    const bound = 2 * budget + 2 * run * Math.log2(run);
    expect({ pauses: between.length > 200, longest: Math.max(...between) <= bound }).toEqual({ pauses: true, longest: true });
  });

  it('also ends a slice once it has taken sliceMs, however large the item budget (a slow machine)', async () => {
    const run = 1_024;
    let clock = 0;
    let comparisons = 0;
    const between: number[] = [];
    // A clock that moves 1 µs per comparison: 20 ms are 20,000 comparisons.
    const counting = (a: number, b: number): number => {
      clock += 0.001;
      comparisons++;
      return byKey(a, b);
    };
    const pause = async (): Promise<void> => {
      between.push(comparisons);
      comparisons = 0;
    };
    const items = keyed(randoms(200_000, 3, 1_000));
    const expected = Array.from(items).sort(byKey);
    const sorted = await sortInSlices(items, counting, { run, budget: 1e9, sliceMs: 20, now: () => clock, pause });
    between.push(comparisons);
    expect(Array.from(sorted!)).toEqual(expected);
    // At most the time's worth, plus the merge piece or the run under way when it ran out.
    const bound = 20_000 + MERGE_PIECE + 2 * run * Math.log2(run);
    expect({ longest: Math.max(...between), within: Math.max(...between) <= bound }).toMatchObject({ within: true });
  });

  it('stops at the next pause once cancelled', async () => {
    let pauses = 0;
    const result = await sortInSlices(keyed(randoms(100_000, 5, 10)), byKey, {
      run: 1_000,
      budget: 1_000,
      pause: async () => {
        pauses++;
      },
      cancelled: () => pauses >= 3,
    });
    expect({ result, pauses }).toEqual({ result: undefined, pauses: 3 });
  });

  it('nextTask resolves in a later task', async () => {
    const order: string[] = [];
    const task = nextTask().then(() => order.push('next task'));
    await Promise.resolve().then(() => order.push('microtask'));
    await task;
    expect(order).toEqual(['microtask', 'next task']);
  });
});

describe('sortRowIndexesInSlices', () => {
  const keys = randoms(30_000, 9, 500);
  const rows: (readonly SqlValue[])[] = Array.from(keys, (k, i) => [
    i % 97 === 0 ? null : k,
    i % 89 === 0 ? null : `row ${k}`,
    i % 83 === 0 ? null : `${k}.${i % 10}`,
    i % 13 === 0 ? 2 ** 40 + k : k,
  ]);
  const table: SqlTable = {
    columns: [
      { name: 'int', typeOid: 23, typeName: 'int4' },
      { name: 'text', typeOid: 25, typeName: 'text' },
      { name: 'numeric', typeOid: 1700, typeName: 'numeric' },
      { name: 'wide', typeOid: 20, typeName: 'int8' },
    ],
    rows,
    rowCount: rows.length,
    command: `SELECT ${rows.length}`,
  };
  it.each([0, 1, 2, 3].flatMap((column) => (['asc', 'desc'] as const).map((direction) => [column, direction] as const)))(
    'column %i %s: the order of the one-task sort, NULLs last',
    async (column, direction) => {
      const sliced = await sortRowIndexesInSlices(table, column, direction, { run: 1_000, budget: 2_000, pause: nextTask });
      expect(Array.from(sliced!)).toEqual(Array.from(sortRowIndexes(table, column, direction)));
    },
  );
});
