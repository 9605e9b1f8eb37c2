import { describe, expect, it } from 'vitest';
import { CHECK_ROWS, exportInSlices } from '../../../src/components/result-table/export-slices';
import { toCsv, toTsv } from '../../../src/components/result-table/format';
import type { SqlTable, SqlValue } from '../../../workers/protocol';

const rows: (readonly SqlValue[])[] = Array.from({ length: 103 }, (_, i) => [
  i,
  i % 7 === 0 ? null : `row ${i}${i % 5 === 0 ? '\t"tab"' : ''}${i % 11 === 0 ? '\nline' : ''}`,
  i % 3 === 0 ? '=1+1' : '',
  i % 2 === 0,
]);
const table: SqlTable = {
  columns: [
    { name: 'n', typeOid: 23, typeName: 'int4' },
    { name: 'label, "quoted"', typeOid: 25, typeName: 'text' },
    { name: 'formula', typeOid: 25, typeName: 'text' },
    { name: 'flag', typeOid: 16, typeName: 'bool' },
  ],
  rows,
  rowCount: rows.length,
  command: 'SELECT 103',
};
const reversed = Uint32Array.from({ length: 50 }, (_, i) => 100 - 2 * i);
const empty: SqlTable = { ...table, rows: [], rowCount: 0 };

describe('exportInSlices', () => {
  const cases = [
    ['CSV, every row', table, undefined, 'csv'],
    ['TSV, every row', table, undefined, 'tsv'],
    ['CSV, in an order', table, reversed, 'csv'],
    ['TSV, in an order', table, reversed, 'tsv'],
    ['CSV, no rows', empty, undefined, 'csv'],
    ['TSV, no rows', empty, undefined, 'tsv'],
  ] as const;
  it.each(cases)('%s: the same text as the one-task export, a slice of rows per task', async (_name, t, indexes, format) => {
    let pauses = 0;
    const parts = await exportInSlices(t, indexes, format, { rowsPerSlice: 10, pause: async () => void pauses++ });
    const whole = format === 'csv' ? toCsv(t, indexes) : toTsv(t, indexes);
    const rowsOut = indexes ? indexes.length : t.rows.length;
    expect({ text: parts?.join(''), pauses }).toEqual({ text: whole, pauses: Math.ceil(rowsOut / 10) });
  });

  it('also ends a slice once it has taken sliceMs, however many rows a slice may have (a slow machine)', async () => {
    const many: SqlTable = { ...table, rows: Array.from({ length: 10_000 }, (_, i) => rows[i % rows.length]!), rowCount: 10_000 };
    // A clock 7 ms later at each look: a slice ends at its third look (21 ms), 3 * CHECK_ROWS rows in.
    let looks = 0;
    let pauses = 0;
    const parts = await exportInSlices(many, undefined, 'csv', { rowsPerSlice: 1e9, sliceMs: 20, now: () => 7 * looks++, pause: async () => void pauses++ });
    expect({ text: parts?.join(''), pauses }).toEqual({ text: toCsv(many), pauses: Math.ceil(10_000 / (3 * CHECK_ROWS)) });
  });

  it('stops at the next pause once cancelled', async () => {
    let pauses = 0;
    const parts = await exportInSlices(table, undefined, 'csv', { rowsPerSlice: 10, pause: async () => void pauses++, cancelled: () => pauses >= 2 });
    expect({ parts, pauses }).toEqual({ parts: undefined, pauses: 2 });
  });
});
