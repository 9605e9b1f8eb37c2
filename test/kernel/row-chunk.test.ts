import { describe, expect, it } from 'vitest';
import type { ColumnChunk, SqlValue } from '../../workers/protocol';
import { codeUnits, columnValue, decodeRows, encodeColumn, encodeRows, unitsText } from '../../workers/row-chunk';

/** Each column: the kind it is sent as, and values that must come back exactly. */
const columns: [string, ColumnChunk['kind'], SqlValue[]][] = [
  ['integers', 'number', [1, 2, -3, 2 ** 31 - 1]],
  ['floats, with -0, NaN and the infinities', 'number', [1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324]],
  ['numbers and NULLs', 'number', [null, 0, null, 7]],
  ['booleans and NULLs', 'boolean', [true, false, null, true]],
  ['text: empty strings are not NULLs', 'text', ['', null, 'a', '']],
  ['text beyond ASCII: surrogate pairs, a lone surrogate, NUL, newlines', 'text', ['😀x', '\ud800', 'a\u0000b', 'line\r\nline', 'é']],
  ['numeric and timestamps as the kernel prints them', 'text', ['1.50', '2026-12-02 02:35:47.123+00', '-0.000']],
  ['NULLs only', 'number', [null, null]],
  ['int8 as bigint, its whole range', 'bigint', [1n, 2n ** 63n - 1n, null, -(2n ** 63n), 0n]],
  ['a bigint beyond 64 bits', 'values', [1n, 2n ** 63n]],
  ['bytea', 'values', [new Uint8Array([0, 255]), null]],
  ['JSON values of several kinds', 'json', [{ a: [1, 'x'] }, 'text', 2, null, true]],
  ['JSON text beyond ASCII: quotes, a lone surrogate, NUL, large and small numbers', 'json', [{ 'k"ey': '\ud800', n: 'a\u0000b\n' }, ['😀', { x: null }], 1.5e300, 5e-324, -7, false]],
  ['arrays', 'json', [[1, 2], [null, 'a'], []]],
  ['JSON holding -0 (it would come back as 0)', 'values', [{ a: -0 }, { a: 1 }]],
  ['arrays holding NaN, bytes or a bigint', 'values', [[1, Number.NaN], [new Uint8Array([1])], [2n]]],
  ['numbers and text mixed', 'values', [1, '1']],
];

describe('encodeColumn', () => {
  it.each(columns)('%s: sent as %s, every value back exactly', (_name, kind, values) => {
    const column = encodeColumn(values);
    expect(column.kind).toBe(kind);
    const back = values.map((_, i) => columnValue(column, i));
    expect(back).toEqual(values);
    // -0 stays -0 and NaN NaN, compared one by one with Object.is (objects by toEqual above).
    expect(back.every((v, i) => Object.is(v, values[i]) || typeof v === 'object')).toBe(true);
  });

  it('a column of typed values is one typed array (text too: its code units), however long', () => {
    const n = 10_000;
    const chunk = encodeRows(
      Array.from({ length: n }, (_, i) => [i, `row ${i}`, i % 2 === 0, i % 3 === 0 ? null : i * 1.5, BigInt(i) - 2n ** 40n, { i, tags: ['a', i % 5] }]),
      6,
    );
    const holder = (c: ColumnChunk): string => (c.kind === 'values' ? 'array' : c.kind === 'text' || c.kind === 'json' ? c.units.constructor.name : c.values.constructor.name);
    expect(chunk.columns.map((c) => [c.kind, holder(c)])).toEqual([
      ['number', 'Float64Array'],
      ['text', 'Uint8Array'],
      ['boolean', 'Uint8Array'],
      ['number', 'Float64Array'],
      ['bigint', 'BigInt64Array'],
      ['json', 'Uint8Array'],
    ]);
    expect(chunk.columns.map((c) => ('nulls' in c && c.nulls ? c.nulls.length : 0))).toEqual([0, 0, 0, n, 0, 0]);
  });
});

it.each([
  ['ASCII', 'row 1 two', 'Uint8Array'],
  ['Latin-1 beyond ASCII', 'é ÿ \u0080 \u009f', 'Uint8Array'],
  ['beyond Latin-1: surrogate pairs, a lone surrogate', '😀 \ud800 € x', 'Uint16Array'],
  ['longer than one slice of the reader', 'é'.repeat(20_000) + 'x'.repeat(5), 'Uint8Array'],
] as const)('text as code units, %s: back exactly', (_name, text, kind) => {
  const units = codeUnits(text);
  expect([units.constructor.name, units.length, unitsText(units, 0, units.length), unitsText(units, 2, 4)]).toEqual([kind, text.length, text, text.slice(2, 4)]);
});

describe('encodeRows / decodeRows', () => {
  it('rows come back as they went, short rows padded with NULL', () => {
    const rows: SqlValue[][] = [
      [1, 'a', true, 1n],
      [null, '', false, null],
      [3, null, null, 3n],
    ];
    expect(decodeRows(encodeRows(rows, 4))).toEqual(rows);
    expect(decodeRows(encodeRows([[1], [2, 'x']], 2))).toEqual([
      [1, null],
      [2, 'x'],
    ]);
  });

  it('no rows: a chunk of no rows, with its columns', () => {
    const chunk = encodeRows([], 2);
    expect({ length: chunk.length, columns: chunk.columns.length, rows: decodeRows(chunk) }).toEqual({ length: 0, columns: 2, rows: [] });
  });

  it('survives a structured clone (what postMessage does to it)', () => {
    const rows: SqlValue[][] = [
      [1.5, 'b', true, { k: 1 }],
      [null, '😀', null, null],
    ];
    expect(decodeRows(structuredClone(encodeRows(rows, 4)))).toEqual(rows);
  });
});
