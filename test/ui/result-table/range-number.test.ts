import { describe, expect, it, vi } from 'vitest';
import { codeUnits, encodeRows } from '../../../workers/row-chunk';
import type { SqlTable, SqlValue } from '../../../workers/protocol';
import { compareDecimalKeys, compareValues, decimalKey } from '../../../src/components/result-table/format';
import { ChunkedRows, type ShownTable } from '../../../src/components/result-table/result-rows';
import { drain } from '../../../src/components/result-table/sliced-sort';
import { rangeNumber, readSortColumn, type TextRanges } from '../../../src/components/result-table/sort-column';
import { sortRowIndexes } from '../../../src/components/result-table/sort-rows';

/** Texts as one column of ranges over one array of code units, as a chunk keeps them. */
function ranges(texts: readonly string[]): TextRanges {
  const starts = new Uint32Array(texts.length);
  const ends = new Uint32Array(texts.length);
  let end = 0;
  texts.forEach((text, i) => {
    starts[i] = end;
    end += text.length;
    ends[i] = end;
  });
  return { units: [codeUnits(texts.join(''))], owner: new Uint32Array(texts.length), starts, ends, nulls: new Uint8Array(texts.length) };
}

/** Each value read from its units: the texts read so, and those whose double is not Number(text) (Object.is: -0 and NaN count). */
function read(texts: readonly string[]): { read: string[]; wrong: string[] } {
  const column = ranges(texts);
  const values = texts.map((_, i) => rangeNumber(column, i));
  return {
    read: texts.filter((_, i) => values[i] !== undefined),
    wrong: texts.filter((text, i) => values[i] !== undefined && !Object.is(values[i], Number(text))),
  };
}

/** 20,000 random decimals of 1 to `maxDigits` digits, a sign or none, the point anywhere or nowhere. */
function randomDecimals(maxDigits: number, seed: number): string[] {
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  return Array.from({ length: 20_000 }, () => {
    const digits = Array.from({ length: 1 + random(maxDigits) }, () => String(random(10))).join('');
    const point = random(digits.length + 2);
    const body = point > digits.length ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`;
    return `${['', '-', '+'][random(3)]}${body}`;
  });
}

describe('rangeNumber: a numeric value read from its code units, exactly Number(text), or undefined', () => {
  it.each([
    ['integers', ['0', '7', '42', '-42', '+42', '000123', '999999999999999', '-999999999999999'], true],
    ['fractions', ['0.5', '-0.5', '.5', '5.', '3.14159', '-2.71828182845904', '0.1', '0.2', '0.3', '123456.789012345'], true],
    ['zeros', ['0.0', '-0', '-0.000', '0.000000000000000000000'], true],
    ['22 places after the point', ['0.0000000000000000000001', '-0.0000000000000000000025', '1234567.00000000'], true],
    ['more than 15 significant digits', ['1234567890123456', '0.1234567890123456', '9007199254740993', '12345678901234567890123.5'], false],
    ['more than 22 places', ['0.00000000000000000000001', '0.000000000000000000000000000123', '1.00000000000000000000000'], false],
    ['special and malformed', ['NaN', 'Infinity', '-Infinity', '', '-', '+', '.', '1.2.3', '1e5', ' 1', '1 ', '१२', '12a'], false],
  ])('%s', (_, texts, fast) => {
    expect(read(texts)).toEqual({ read: fast ? texts : [], wrong: [] });
  });

  it('agrees with Number on 20,000 random decimals of 1 to 20 digits', () => {
    const { read: fast, wrong } = read(randomDecimals(20, 12345));
    expect({ wrong, fast: fast.length > 5_000 }).toEqual({ wrong: [], fast: true });
  });

  it('values read so that share a double are the same decimal (a sort takes them as equal without their digits)', () => {
    // Many digits and many collisions: 1 to 16 digits over a small range of magnitudes.
    const texts = [...randomDecimals(16, 777), '0.1', '0.10', '+.100', '1.5', '1.50', '-0', '0'];
    const column = ranges(texts);
    const byDouble = new Map<number, string[]>();
    texts.forEach((text, i) => {
      const value = rangeNumber(column, i);
      if (value !== undefined) byDouble.set(value, [...(byDouble.get(value) ?? []), text]);
    });
    const differing = [...byDouble.values()].filter((same) => same.some((text) => compareDecimalKeys(decimalKey(text), decimalKey(same[0] ?? '')) !== 0));
    const shared = [...byDouble.values()].filter((same) => same.length > 1).length;
    expect({ differing, shared: shared > 100 }).toEqual({ differing: [], shared: true });
  });

  it('reads 16-bit code units as well as bytes', () => {
    // A value beyond Latin-1 in the same array makes it 16-bit.
    const texts = ['12.5', 'Ω', '-0.25'];
    const column = ranges(texts);
    expect({ bits: column.units[0]?.BYTES_PER_ELEMENT, values: [0, 1, 2].map((i) => rangeNumber(column, i)) }).toEqual({ bits: 2, values: [12.5, undefined, -0.25] });
  });
});

describe('a numeric column kept by chunk sorts in exact decimal order', () => {
  // Values that share a double but not their digits, equal values written differently, specials.
  const texts = [
    '0.1', '0.10000000000000001', '0.1000000000000000055511151231257827', '0.10', '+.1', '-0', '0', '0.0',
    '9007199254740993', '9007199254740992', '9007199254740992.0', '1.5', '1.50', 'NaN', 'Infinity', '-Infinity', '-1.5', '12345678901234567890.000000000002', '12345678901234567890.000000000001',
  ];
  const values: SqlValue[] = Array.from({ length: 3_000 }, (_, i) => (i % 11 === 0 ? null : texts[(i * 7) % texts.length] ?? null));
  const columns: SqlTable['columns'] = [{ name: 'v', typeOid: 1700, typeName: 'numeric' }];
  const rows = new ChunkedRows(values.slice(0, 100).map((v) => [v]));
  for (let at = 100; at < values.length; at += 700) rows.append(encodeRows(values.slice(at, at + 700).map((v) => [v]), 1));
  const table: ShownTable = { columns, rows, rowCount: values.length, command: '' };

  it.each(['asc', 'desc'] as const)('%s: the order compareValues gives, stable, NULLs last', (direction) => {
    const sign = direction === 'asc' ? 1 : -1;
    const present = values.flatMap((v, i) => (v === null ? [] : [i]));
    present.sort((i, j) => sign * compareValues(values[i] ?? null, values[j] ?? null, 'numeric') || i - j);
    const want = [...present, ...values.flatMap((v, i) => (v === null ? [i] : []))];
    expect(drain(readSortColumn(rows, 0, 'decimal')).kind).toBe('decimal');
    expect(Array.from(sortRowIndexes(table, 0, direction))).toEqual(want);
  });
});

it('a numeric column of ordinary values (ties among them) sorts without building a string per value', () => {
  const values: SqlValue[] = Array.from({ length: 5_000 }, (_, i) => (i % 13 === 0 ? null : `${(i * 37) % 500}.${i % 4}`));
  const rows = new ChunkedRows(values.slice(0, 10).map((v) => [v]));
  for (let at = 10; at < values.length; at += 1_000) rows.append(encodeRows(values.slice(at, at + 1_000).map((v) => [v]), 1));
  const table: ShownTable = { columns: [{ name: 'v', typeOid: 1700, typeName: 'numeric' }], rows, rowCount: values.length, command: '' };
  const built = vi.spyOn(String, 'fromCharCode');
  try {
    const order = sortRowIndexes(table, 0, 'asc');
    expect({ strings: built.mock.calls.length, first: values[order[0] ?? -1], last: values[order[values.length - 1] ?? -1] }).toEqual({ strings: 0, first: '0.0', last: null });
  } finally {
    built.mockRestore();
  }
});
