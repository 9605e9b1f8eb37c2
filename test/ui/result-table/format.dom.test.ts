import { describe, expect, it } from 'vitest';
import type { SqlTable, SqlValue } from '../../../workers/protocol';
import {
  compareValues,
  formatRowCount,
  formatValue,
  toCsv,
  toTsv,
  type ValueKind,
} from '../../../src/components/result-table/format';
import { sortRowIndexes } from '../../../src/components/result-table/sort-rows';

const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i % 256);

describe('formatValue', () => {
  const cases: [string, SqlValue, string, string, ValueKind][] = [
    ['SQL NULL', null, 'text', 'NULL', 'null'],
    ['the text NULL', 'NULL', 'text', 'NULL', 'text'],
    ['int4', 42, 'int4', '42', 'number'],
    ['int8 beyond 2^53', 9007199254740993n, 'int8', '9007199254740993', 'number'],
    ['numeric string kept exact', '12345678901234567890.000000000001', 'numeric', '12345678901234567890.000000000001', 'number'],
    ['oid is a number', 1234, 'oid', '1234', 'number'],
    ['float8 NaN', Number.NaN, 'float8', 'NaN', 'number'],
    ['float8 Infinity', Infinity, 'float8', 'Infinity', 'number'],
    ['float4 -Infinity', -Infinity, 'float4', '-Infinity', 'number'],
    ['bool true', true, 'bool', 'true', 'bool'],
    ['bool false', false, 'bool', 'false', 'bool'],
    ['timestamptz as printed', '2024-01-02 03:04:05+00', 'timestamptz', '2024-01-02 03:04:05+00', 'text'],
    ['jsonb object compact', { a: 1, b: [true, null] }, 'jsonb', '{"a":1,"b":[true,null]}', 'json'],
    ['json string keeps quotes', 'x', 'json', '"x"', 'json'],
    ['json top-level array', [1, 2], 'json', '[1,2]', 'json'],
    ['bytea hex', Uint8Array.from([0, 1, 255]), 'bytea', '\\x0001ff', 'bytes'],
    ['int4 array with NULL', [1, 2, null], '_int4', '{1,2,NULL}', 'array'],
    ['2-D array', [[1, 2], [3, 4]], '_int4', '{{1,2},{3,4}}', 'array'],
    ['text array quoting', ['a b', 'c', 'NULL', '', 'q"\\'], '_text', '{"a b",c,"NULL","","q\\"\\\\"}', 'array'],
    ['int8 array with bigint', [9007199254740993n], '_int8', '{9007199254740993}', 'array'],
  ];
  it.each(cases)('%s', (_name, value, typeName, text, kind) => {
    expect(formatValue(value, typeName)).toEqual({ text, kind });
  });

  it('cuts bytea past 64 bytes with a length note', () => {
    const { text, kind } = formatValue(bytes(100), 'bytea');
    expect(kind).toBe('bytes');
    expect(text).toBe(`\\x${Array.from(bytes(64), (b) => b.toString(16).padStart(2, '0')).join('')}… (100 bytes)`);
  });

  it('shows exactly 64 bytes uncut', () => {
    expect(formatValue(bytes(64), 'bytea').text).toHaveLength(2 + 128);
  });
});

describe('compareValues', () => {
  const cases: [string, SqlValue, SqlValue, string, -1 | 0 | 1][] = [
    ['NULL after a number', null, 1, 'int4', 1],
    ['number before NULL', 1, null, 'int4', -1],
    ['two NULLs equal', null, null, 'text', 0],
    ['NULL after the text NULL', null, 'NULL', 'text', 1],
    ['ints numerically, not as text', 9, 10, 'int4', -1],
    ['bigints beyond 2^53', 9007199254740993n, 9007199254740992n, 'int8', 1],
    ['bigint vs number exactly', 9007199254740993n, 9007199254740992, 'int8', 1],
    ['numeric 10.5 > 9.75', '10.5', '9.75', 'numeric', 1],
    ['numeric -1 < 9.75', '-1', '9.75', 'numeric', -1],
    ['numeric -10.5 < -9.75', '-10.5', '-9.75', 'numeric', -1],
    ['numeric trailing zeros equal', '1.50', '1.5', 'numeric', 0],
    ['numeric zero forms equal', '-0.00', '0', 'numeric', 0],
    ['numeric beyond float precision', '12345678901234567890.000000000002', '12345678901234567890.000000000001', 'numeric', 1],
    ['numeric 0.05 < 0.5', '0.05', '0.5', 'numeric', -1],
    ['numeric NaN after Infinity', 'NaN', 'Infinity', 'numeric', 1],
    ['float NaN after Infinity', Number.NaN, Infinity, 'float8', 1],
    ['text by code unit', 'B', 'a', 'text', -1],
    ['dates as ISO text', '2024-01-10', '2024-02-01', 'date', -1],
    ['false < true', false, true, 'bool', -1],
    ['bytea bytewise', Uint8Array.from([1, 2]), Uint8Array.from([1, 10]), 'bytea', -1],
    ['arrays element-wise', [1, 10], [1, 9], '_int4', 1],
  ];
  it.each(cases)('%s', (_name, a, b, typeName, expected) => {
    expect(Math.sign(compareValues(a, b, typeName))).toBe(expected);
  });
});

const table: SqlTable = {
  columns: [
    { name: 'id', typeOid: 23, typeName: 'int4' },
    { name: 'note', typeOid: 25, typeName: 'text' },
  ],
  rows: [
    [1, 'plain'],
    [2, 'say "hi", then\nleave'],
    [3, '=HYPERLINK("http://x")'],
    [-4, null],
    [5, ''],
    [6, '-2+3'],
    [7, '@SUM(A1)'],
    [8, 'tab\there'],
  ],
  rowCount: 8,
  command: 'SELECT 8',
};

describe('toCsv', () => {
  const csv = toCsv(table);
  const cases: [string, string][] = [
    ['header record', 'id,note\r\n'],
    ['plain row', '1,plain\r\n'],
    ['quotes, comma and newline quoted (RFC 4180)', '2,"say ""hi"", then\nleave"\r\n'],
    ['formula guarded and quoted', `3,"'=HYPERLINK(""http://x"")"\r\n`],
    ['negative number not guarded; NULL empty', '-4,\r\n'],
    ['empty string quoted apart from NULL', '5,""\r\n'],
    ['leading minus in text guarded', "6,'-2+3\r\n"],
    ['leading @ guarded', "7,'@SUM(A1)\r\n"],
  ];
  it.each(cases)('%s', (_name, fragment) => {
    expect(csv).toContain(fragment);
  });

  it('follows the given row order', () => {
    expect(toCsv(table, [4, 0])).toBe('id,note\r\n5,""\r\n1,plain\r\n');
  });
});

describe('toTsv', () => {
  it('writes all rows with NULL empty and tabs/newlines/quotes quoted', () => {
    expect(toTsv(table)).toBe(
      [
        'id\tnote',
        '1\tplain',
        '2\t"say ""hi"", then\nleave"',
        '3\t"=HYPERLINK(""http://x"")"',
        '-4\t',
        '5\t',
        '6\t-2+3',
        '7\t@SUM(A1)',
        '8\t"tab\there"',
      ].join('\n'),
    );
  });

  it('writes only the given rows, in order', () => {
    expect(toTsv(table, [5, 0])).toBe('id\tnote\n6\t-2+3\n1\tplain');
  });
});

describe('sortRowIndexes', () => {
  const t: SqlTable = {
    columns: [{ name: 'n', typeOid: 1700, typeName: 'numeric' }],
    rows: [['10.5'], [null], ['9.75'], ['-1'], ['9.75']],
    rowCount: 5,
    command: 'SELECT 5',
  };
  it('orders indexes ascending, NULLs last, without moving rows', () => {
    expect(Array.from(sortRowIndexes(t, 0, 'asc'))).toEqual([3, 2, 4, 0, 1]);
    expect(t.rows[0]).toEqual(['10.5']);
  });
  it('orders descending stably with NULLs still last', () => {
    expect(Array.from(sortRowIndexes(t, 0, 'desc'))).toEqual([0, 2, 4, 3, 1]);
  });
  const one = (typeName: string, values: SqlValue[]): SqlTable => ({
    columns: [{ name: 'v', typeOid: 0, typeName }],
    rows: values.map((v) => [v]),
    rowCount: values.length,
    command: '',
  });
  const orders: [string, SqlTable, 'asc' | 'desc', number[]][] = [
    ['int4 fast path, asc', one('int4', [3, null, 1, 3, -2147483648]), 'asc', [4, 2, 0, 3, 1]],
    ['int4 fast path, desc stable', one('int4', [3, null, 1, 3, 2147483647]), 'desc', [4, 0, 3, 2, 1]],
    ['float8 with NaN after numbers', one('float8', [1.5, Number.NaN, null, -0.5]), 'asc', [3, 0, 1, 2]],
    ['int8 bigints beyond 2^53', one('int8', [9007199254740993n, 9007199254740992n, null, -1n]), 'asc', [3, 1, 0, 2]],
    ['text by code unit', one('text', ['b', null, 'B', 'a']), 'desc', [0, 3, 2, 1]],
    ['numeric exact where floats tie', one('numeric', ['1e-3', '12345678901234567890.000000000002', '12345678901234567890.000000000001']), 'asc', [0, 2, 1]],
    ['numeric specials', one('numeric', ['NaN', '5', null, '-Infinity', 'Infinity']), 'asc', [3, 1, 4, 0, 2]],
    ['jsonb by compact text', one('jsonb', [{ b: 1 }, { a: 2 }]), 'asc', [1, 0]],
  ];
  it.each(orders)('%s', (_name, tb, direction, expected) => {
    expect(Array.from(sortRowIndexes(tb, 0, direction))).toEqual(expected);
  });
});

describe('formatRowCount', () => {
  const cases: [number, string][] = [
    [0, '0 rows'],
    [1, '1 row'],
    [2, '2 rows'],
    [1_000_000, '1,000,000 rows'],
    [1_234_567, '1,234,567 rows'],
  ];
  it.each(cases)('%d -> %s', (n, expected) => {
    expect(formatRowCount(n)).toBe(expected);
  });
});
