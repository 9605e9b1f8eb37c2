import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsWithinLimits, type ResultLimits } from '../../workers/sql/decode';
import { BACKENDS, py, sql, startBackendKernel, type BackendKernel } from './harness';

describe('rowsWithinLimits', () => {
  const rows = (n: number, text: string | null): (string | null)[][] => Array.from({ length: n }, () => [text]);
  // One value costs 32 bytes plus 2 per character.
  const cases: [string, (string | null)[][], ResultLimits, number][] = [
    ['everything fits', rows(10, 'abc'), { maxRows: 100, maxBytes: Infinity }, 10],
    ['the row cap', rows(10, 'abc'), { maxRows: 4, maxBytes: Infinity }, 4],
    ['the byte budget, exactly reached', rows(10, 'abc'), { maxRows: 100, maxBytes: 5 * 38 }, 5],
    ['the byte budget, one byte short', rows(10, 'abc'), { maxRows: 100, maxBytes: 5 * 38 - 1 }, 4],
    ['NULLs cost their slot only', rows(10, null), { maxRows: 100, maxBytes: 64 }, 2],
    ['a first row over budget keeps nothing', rows(3, 'x'.repeat(100)), { maxRows: 100, maxBytes: 100 }, 0],
    ['the lower of the two wins', rows(10, 'abc'), { maxRows: 3, maxBytes: 5 * 38 }, 3],
    ['no rows', [], { maxRows: 0, maxBytes: 0 }, 0],
  ];
  it.each(cases)('%s', (_name, input, limits, expected) => {
    expect(rowsWithinLimits(input, limits)).toEqual(expected);
  });
});

describe.each(BACKENDS)('a result over the limits, through the kernel (%s)', (backend) => {
  let k: BackendKernel;
  beforeAll(async () => {
    k = await startBackendKernel(backend, { resultLimits: { maxRows: 100, maxBytes: 50_000 } });
  });
  afterAll(() => k.stop());

  it('keeps the first rows, says how many the query returned, and Python sees the same', async () => {
    await k.load([
      sql('many', 'SELECT i FROM generate_series(1, 1000) AS i', 'many'),
      // 1,000 characters per row: 2,032 estimated bytes, so 24 rows fit in 50,000.
      sql('wide', "SELECT repeat('x', 1000) AS w FROM generate_series(1, 100)", 'wide'),
      py('seen', '(len(many), many.row_count, many.rows[-1], len(wide), wide.row_count, repr(many).splitlines()[0])'),
    ]);
    const summary = (id: string) => {
      const output = k.output(id);
      return output?.type === 'table' ? { kept: output.table.rows.length, rowCount: output.table.rowCount, command: output.table.command } : output;
    };
    expect({ many: summary('many'), wide: summary('wide'), seen: k.output('seen') }).toEqual({
      many: { kept: 100, rowCount: 1000, command: 'SELECT 1000' },
      wide: { kept: 24, rowCount: 100, command: 'SELECT 100' },
      seen: { type: 'text', text: "(100, 1000, (100,), 24, 100, 'SqlResult(100 of 1,000 rows x 1 columns: SELECT 1000)')" },
    });
  });
});
