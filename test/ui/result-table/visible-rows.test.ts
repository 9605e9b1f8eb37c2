import { describe, expect, it } from 'vitest';
import { visibleRows } from '../../../src/components/result-table/visible-rows';

const base = { scrollTop: 0, viewport: 400, header: 32, rowHeight: 28, count: 1_000_000, overscan: 10 };
const range = (rows: number[]) => (rows.length === 0 ? [] : [rows[0], rows.at(-1), rows.length]);

describe('visibleRows', () => {
  it.each([
    ['top of a large table: the rows in the box plus overscan below', base, [0, 25, 26]],
    ['scrolled past the header: overscan above too', { ...base, scrollTop: 32 + 28 * 1000 }, [990, 1025, 36]],
    ['inside the header only', { ...base, scrollTop: 20 }, [0, 25, 26]],
    ['the bottom of 1,000,000 rows: never past the last row', { ...base, scrollTop: 32 + 28 * 1_000_000 - 400 }, [999_975, 999_999, 25]],
    ['fewer rows than fit', { ...base, count: 3 }, [0, 2, 3]],
    ['no rows', { ...base, count: 0 }, []],
    ['rows still arriving: the same offset shows the rows that exist', { ...base, count: 20_000, scrollTop: 32 + 28 * 19_990 }, [19_980, 19_999, 20]],
  ] as const)('%s', (_name, input, expected) => {
    expect(range(visibleRows(input))).toEqual(expected);
  });
});
