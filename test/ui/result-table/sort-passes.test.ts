import { describe, expect, it, vi } from 'vitest';
import { ChunkedRows, type ShownTable } from '../../../src/components/result-table/result-rows';
import { compareValues, jsonSortText, jsonTextSortText } from '../../../src/components/result-table/format';
import { drain, inPieces, PASS_ROWS, runInSlices } from '../../../src/components/result-table/sliced-sort';
import { readSortColumn } from '../../../src/components/result-table/sort-column';
import { planSort, sortRowIndexes, sortRowIndexesInSlices } from '../../../src/components/result-table/sort-rows';
import type { SqlTable, SqlValue } from '../../../workers/protocol';
import { encodeRows } from '../../../workers/row-chunk';

/** The `yield`s of a generator run to its end, and what it returned. */
function count<T>(steps: Generator<void, T>): { yields: number; value: T } {
  let yields = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { yields, value: step.value };
    yields++;
  }
}

describe('runInSlices', () => {
  it('pauses at a yield only once the slice has taken sliceMs', async () => {
    let clock = 0;
    const between: number[] = [];
    let work = 0;
    // Each piece of work takes 3 ms on this clock; a slice of 10 ms holds 4 of them.
    const steps = inPieces(0, 100 * PASS_ROWS, () => {
      clock += 3;
      work++;
    });
    const pause = async (): Promise<void> => {
      between.push(work);
      work = 0;
    };
    await runInSlices(steps, { sliceMs: 10, now: () => clock, pause });
    expect({ pauses: between.length, pieces: new Set(between) }).toEqual({ pauses: 25, pieces: new Set([4]) });
  });

  it('resolves undefined once cancelled, at its next pause', async () => {
    let pauses = 0;
    let clock = 0;
    const steps = inPieces(0, 10 * PASS_ROWS, () => void (clock += 50));
    const result = await runInSlices(steps, { sliceMs: 20, now: () => clock, pause: async () => void pauses++, cancelled: () => pauses >= 2 });
    expect({ result, pauses }).toEqual({ result: undefined, pauses: 2 });
  });
});

describe('a sort of many rows passes over them in pieces', () => {
  const n = 4 * PASS_ROWS;
  const row = (i: number): SqlValue[] => [
    (i * 7919) % 1000,
    i % 7 === 0 ? null : (i * 31) % 997 + 0.5,
    `${(i * 13) % 1000}.${i % 10}`,
    `row ${(i * 17) % 1000}`,
    i % 3 === 0,
    BigInt(i) * 3n,
    { n: i % 50 },
  ];
  const columns: SqlTable['columns'] = [
    { name: 'int', typeOid: 23, typeName: 'int4' },
    { name: 'float', typeOid: 701, typeName: 'float8' },
    { name: 'numeric', typeOid: 1700, typeName: 'numeric' },
    { name: 'text', typeOid: 25, typeName: 'text' },
    { name: 'bool', typeOid: 16, typeName: 'bool' },
    { name: 'big', typeOid: 20, typeName: 'int8' },
    { name: 'json', typeOid: 3802, typeName: 'jsonb' },
  ];
  const all = Array.from({ length: n }, (_, i) => row(i));
  // As the page keeps a large result: a head of rows, then chunks.
  const rows = new ChunkedRows(all.slice(0, PASS_ROWS));
  for (let at = PASS_ROWS; at < n; at += PASS_ROWS) rows.append(encodeRows(all.slice(at, at + PASS_ROWS), columns.length));
  const table: ShownTable = { columns, rows, rowCount: n, command: `SELECT ${n}` };

  // Passes over all the rows that the plan makes for each kind of column: reading it, then
  // (int, bool) packing small integers; (float, numeric, text, big, json) listing the rows
  // that are not NULL; (numeric) parsing the digits; (text, json) the common prefix and the keys.
  const planPasses = [2, 2, 3, 4, 2, 2, 4];
  it.each(columns.map((c, k) => [c.typeName, k, planPasses[k] ?? 0] as const))('%s: the plan yields after every piece of each of its passes, and so does the finish', (_type, column, passes) => {
    const plan = count(planSort(table, column, 'asc'));
    const { items, compare, finish } = plan.value;
    const finished = count(finish(compare ? items.slice().sort(compare) : items.slice().sort()));
    expect({ plan: plan.yields >= (passes * n) / PASS_ROWS, finish: finished.yields >= (2 * n) / PASS_ROWS }).toEqual({ plan: true, finish: true });
    expect(Array.from(finished.value)).toEqual(Array.from(sortRowIndexes({ ...table, rows: all }, column, 'asc')));
  });

  it('runs nothing in the caller’s task: the first read of a row comes after the first pause', async () => {
    let reads = 0;
    const counted: ShownTable = { ...table, rows: { length: n, at: (i: number) => (reads++, all[i]) } };
    let release = (): void => {};
    const first = new Promise<void>((resolve) => (release = resolve));
    let pauses = 0;
    const sorting = sortRowIndexesInSlices(counted, 4, 'asc', { pause: () => (pauses++ === 0 ? first : Promise.resolve()) });
    const before = reads;
    release();
    const order = await sorting;
    expect({ before, after: reads > 0 }).toEqual({ before: 0, after: true });
    expect(Array.from(order ?? [])).toEqual(Array.from(sortRowIndexes({ ...table, rows: all }, 4, 'asc')));
  });
});

describe('a JSON column sorts by each value’s JSON built once, in the order compareValues gives', () => {
  const n = 3 * PASS_ROWS + 123;
  const kinds = (i: number): SqlValue => {
    switch (i % 7) {
      case 0:
        return null;
      case 1:
        return { n: (i * 31) % 97, s: `x${i % 5}` };
      case 2:
        return `s${(i * 7) % 50}\u00e9"`;
      case 3:
        return i % 2 === 0;
      case 4:
        return [(i * 13) % 20, 'a'];
      case 5:
        return { n: (i * 31) % 97 };
      default:
        return [];
    }
  };
  const columns: SqlTable['columns'] = [
    { name: 'doc', typeOid: 3802, typeName: 'jsonb' },
    { name: 'with numbers', typeOid: 114, typeName: 'json' },
  ];
  const all = Array.from({ length: n }, (_, i): SqlValue[] => [kinds(i), i % 3 === 0 ? (i * 17) % 1000 : kinds(i)]);
  const rows = new ChunkedRows(all.slice(0, 1_000));
  for (let at = 1_000; at < n; at += 5_000) rows.append(encodeRows(all.slice(at, at + 5_000), columns.length));
  const table: ShownTable = { columns, rows, rowCount: n, command: `SELECT ${n}` };

  /** The order by compareValues itself: stable, NULLs last either way. */
  const expected = (column: number, direction: 'asc' | 'desc'): number[] => {
    const typeName = columns[column]?.typeName ?? '';
    const present = all.flatMap((r, i) => (r[column] === null ? [] : [i]));
    const sign = direction === 'asc' ? 1 : -1;
    present.sort((i, j) => sign * compareValues(all[i]?.[column] ?? null, all[j]?.[column] ?? null, typeName) || i - j);
    return [...present, ...all.flatMap((r, i) => (r[column] === null ? [i] : []))];
  };

  it.each([0, 1].flatMap((column) => (['asc', 'desc'] as const).map((direction) => [column, direction] as const)))('column %i %s', async (column, direction) => {
    const want = expected(column, direction);
    expect(Array.from(sortRowIndexes(table, column, direction))).toEqual(want);
    expect(Array.from(sortRowIndexes({ ...table, rows: all }, column, direction))).toEqual(want);
    expect(Array.from((await sortRowIndexesInSlices(table, column, direction, { pause: () => Promise.resolve() })) ?? [])).toEqual(want);
  });

  it('the column of objects, strings, booleans and arrays is read as text ranges; the one with numbers value by value', () => {
    expect([drain(readSortColumn(rows, 0, 'json')).kind, drain(readSortColumn(rows, 1, 'json')).kind]).toEqual(['text', 'values']);
  });

  it('a chunk sent as JSON text (workers/row-chunk.ts) is read from that text, no value parsed', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const kinds = rows.chunks.map((chunk) => chunk.columns[0]?.kind);
      drain(readSortColumn(rows, 0, 'json'));
      expect({ kinds: [...new Set(kinds)], parsed: parse.mock.calls.length }).toEqual({ kinds: ['json'], parsed: 0 });
    } finally {
      parse.mockRestore();
    }
  });

  it.each([...Array.from({ length: 14 }, (_, i) => kinds(i)).filter((v) => v !== null), 17, -3.5])('%j: its sort text from its JSON text is the one from the value', (value) => {
    expect(jsonTextSortText(JSON.stringify(value))).toBe(jsonSortText(value));
  });
});

describe('an int8 column kept in BigInt64Arrays', () => {
  const columns: SqlTable['columns'] = [{ name: 'id', typeOid: 20, typeName: 'int8' }];
  const kept = (values: readonly (bigint | null)[]): ShownTable => {
    const rows = new ChunkedRows(values.slice(0, 2).map((v) => [v]));
    for (let at = 2; at < values.length; at += 3) rows.append(encodeRows(values.slice(at, at + 3).map((v) => [v]), 1));
    return { columns, rows, rowCount: values.length, command: `SELECT ${values.length}` };
  };

  it('sorts as doubles while every value is exact as one, else value by value, exactly', () => {
    const safe = kept([5n, null, -(2n ** 53n) + 1n, 7n, 2n ** 53n - 1n, 5n, -3n, null]);
    const beyond = kept([2n ** 53n + 1n, null, 2n ** 53n, 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n]);
    expect(drain(readSortColumn(safe.rows, 0, 'text')).kind).toBe('number');
    expect(Array.from(sortRowIndexes(safe, 0, 'asc'))).toEqual([2, 6, 0, 5, 3, 4, 1, 7]);
    expect(drain(readSortColumn(beyond.rows, 0, 'text')).kind).toBe('values');
    expect(Array.from(sortRowIndexes(beyond, 0, 'desc'))).toEqual([4, 0, 6, 2, 3, 5, 1]);
  });
});
