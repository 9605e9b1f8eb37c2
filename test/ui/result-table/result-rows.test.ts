import { describe, expect, it } from 'vitest';
import { chartRows } from '../../../src/charts/chart-data';
import { exportInSlices } from '../../../src/components/result-table/export-slices';
import { toCsv, toTsv } from '../../../src/components/result-table/format';
import { ChunkedRows, readColumn, valueAt, type ShownTable } from '../../../src/components/result-table/result-rows';
import { readSortColumn } from '../../../src/components/result-table/sort-column';
import { sortRowIndexes, sortRowIndexesInSlices } from '../../../src/components/result-table/sort-rows';
import type { SqlTable, SqlValue } from '../../../workers/protocol';
import { encodeRows } from '../../../workers/row-chunk';

const WIDTH = 5;
/** Five columns of the kinds a large result has, with NULLs, ties, and text beyond ASCII. */
const makeRow = (i: number): SqlValue[] => [
  (i * 7919) % 101,
  i % 13 === 0 ? null : `${i % 4 === 0 ? 'é' : ''}row ${(i * 31) % 97}`,
  i % 11 === 0 ? null : i % 3 === 0,
  i % 17 === 0 ? null : ((i * 13) % 50) / 4,
  i % 5 === 0 ? { n: i } : null,
];

/** `rows` as the page keeps a large result: the first `head` rows as arrays, the rest in chunks of the given sizes. */
function chunked(rows: SqlValue[][], head: number, sizes: readonly number[]): ChunkedRows {
  const out = new ChunkedRows(rows.slice(0, head));
  let at = head;
  for (let k = 0; at < rows.length; k++) {
    const size = sizes[k % sizes.length] ?? 1;
    out.append(encodeRows(rows.slice(at, at + size), WIDTH));
    at += size;
  }
  return out;
}

const rows = Array.from({ length: 1_237 }, (_, i) => makeRow(i));
const columns: SqlTable['columns'] = [
  { name: 'n', typeOid: 23, typeName: 'int4' },
  { name: 't', typeOid: 25, typeName: 'text' },
  { name: 'b', typeOid: 16, typeName: 'bool' },
  { name: 'x', typeOid: 701, typeName: 'float8' },
  { name: 'j', typeOid: 3802, typeName: 'jsonb' },
];
const asArrays: SqlTable = { columns, rows, rowCount: rows.length, command: `SELECT ${rows.length}` };
/** Chunks of uneven sizes, empty ones among them, after a head of 100 rows. */
const layouts: [string, ChunkedRows][] = [
  ['a head, then chunks of 1, 0, 37 and 500 rows', chunked(rows, 100, [1, 0, 37, 500])],
  ['no head, chunks of 250', chunked(rows, 0, [250])],
  ['all in the head', chunked(rows, rows.length, [1])],
];

describe('ChunkedRows', () => {
  it.each(layouts)('%s: every row and every value as the rows array has it', (_name, kept) => {
    expect(kept.length).toBe(rows.length);
    const built = Array.from({ length: kept.length }, (_, i) => kept.at(i));
    expect(built).toEqual(rows);
    for (let c = 0; c < WIDTH; c++) {
      const column = new Array<SqlValue>(rows.length);
      readColumn(kept, c, 0, rows.length, column);
      expect(column).toEqual(rows.map((r) => r[c]));
      expect(valueAt(kept, 700, c)).toEqual(rows[700]?.[c]);
    }
  });

  it('reads past either end as an array does', () => {
    const kept = chunked(rows, 100, [250]);
    expect([kept.at(-1), kept.at(-rows.length), kept.at(rows.length), kept.at(-rows.length - 1)]).toEqual([rows.at(-1), rows[0], undefined, undefined]);
    expect([0, 1, 2, 3, 4].map((c) => valueAt(kept, rows.length, c))).toEqual([null, null, null, null, null]);
  });

  it('grows by the chunks appended, in order', () => {
    const kept = new ChunkedRows([[1, 'a', true, 1, null]]);
    kept.append(encodeRows([[2, 'b', false, 2, null]], WIDTH));
    expect(kept.length).toBe(2);
    kept.append(encodeRows([[3, null, null, null, [1]]], WIDTH));
    expect([kept.length, kept.at(1), kept.at(2)]).toEqual([3, [2, 'b', false, 2, null], [3, null, null, null, [1]]]);
  });
});

describe('a table kept by chunk sorts, exports and charts as its rows array does', () => {
  const table: ShownTable = { ...asArrays, rows: layouts[0]![1] };

  it.each([0, 1, 2, 3, 4].flatMap((column) => [[column, 'asc'] as const, [column, 'desc'] as const]))('sort by column %i, %s', async (column, direction) => {
    const expected = Array.from(sortRowIndexes(asArrays, column, direction));
    expect(Array.from(sortRowIndexes(table, column, direction))).toEqual(expected);
    const sliced = await sortRowIndexesInSlices(table, column, direction, { pause: () => Promise.resolve() });
    expect(Array.from(sliced ?? [])).toEqual(expected);
  });

  it('copy, download and their sliced forms', async () => {
    const order = sortRowIndexes(asArrays, 1, 'asc');
    expect(toCsv(table)).toBe(toCsv(asArrays));
    expect(toTsv(table, order)).toBe(toTsv(asArrays, order));
    const parts = await exportInSlices(table, order, 'csv', { rowsPerSlice: 100, pause: () => Promise.resolve() });
    expect(parts?.join('')).toBe(toCsv(asArrays, order));
  });

  it('chart rows', () => {
    expect(chartRows(table, ['n', 't', 'x'], 50)).toEqual(chartRows(asArrays, ['n', 't', 'x'], 50));
  });
});

describe('sorting columns kept by chunk, awkward ones', () => {
  const n = 60;
  const texts = ['b', 'a', 'ab', '', 'é', 'z', '😀', '\uffff', 'A', 'a\u0000'];
  /** Chunks of 10 after a head of 10: rows 30–39 form a chunk of NULLs only in column 0. */
  const awkward = Array.from({ length: n }, (_, i): SqlValue[] => [
    i >= 30 && i < 40 ? null : (texts[(i * 7) % texts.length] ?? ''),
    ['10', '9.5', '-1', '1e3', '0.10', '0.1'][i % 6] ?? null,
    i < 40 ? i % 9 : `t${i % 4}`,
    [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, -1.5, null][i % 6] ?? null,
    ['row', 'row 1', 'row 10', 'row 1\u0000', 'row 2', 'row 10a', 'row\u0000', 'row 1000000', 'row 100000'][i % 9] ?? '',
    i % 4 === 0 ? null : 'the same long text in every row',
  ]);
  const awkwardColumns: SqlTable['columns'] = [
    { name: 'text', typeOid: 25, typeName: 'text' },
    { name: 'numeric', typeOid: 1700, typeName: 'numeric' },
    { name: 'json', typeOid: 3802, typeName: 'jsonb' },
    { name: 'float', typeOid: 701, typeName: 'float8' },
    { name: 'prefixed', typeOid: 25, typeName: 'text' },
    { name: 'same', typeOid: 25, typeName: 'text' },
  ];
  const plain: SqlTable = { columns: awkwardColumns, rows: awkward, rowCount: n, command: `SELECT ${n}` };
  const kept = new ChunkedRows(awkward.slice(0, 10));
  for (let at = 10; at < n; at += 10) kept.append(encodeRows(awkward.slice(at, at + 10), 6));
  const table: ShownTable = { ...plain, rows: kept };

  it.each([0, 1, 2, 3, 4, 5].flatMap((column) => [[column, 'asc'] as const, [column, 'desc'] as const]))('column %i, %s: the order of the rows array', (column, direction) => {
    expect(Array.from(sortRowIndexes(table, column, direction))).toEqual(Array.from(sortRowIndexes(plain, column, direction)));
  });

  it('a text column is read as ranges of the chunks’ code units, not a string per row', () => {
    const steps = readSortColumn(kept, 0, 'text');
    let step = steps.next();
    while (!step.done) step = steps.next();
    const column = step.value;
    expect(column.kind).toBe('text');
    // The head's 10 values and one array per text chunk (the chunk of NULLs has none).
    expect(column.kind === 'text' && column.units.length).toBe(10 + 4);
  });

  it('a numeric column too: its digits are parsed from the ranges, not kept as a string per row', () => {
    const steps = readSortColumn(kept, 1, 'decimal');
    let step = steps.next();
    while (!step.done) step = steps.next();
    const column = step.value;
    expect({ kind: column.kind, sources: column.kind === 'decimal' && column.units.length }).toEqual({ kind: 'decimal', sources: 10 + 5 });
  });
});
