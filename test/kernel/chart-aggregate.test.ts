import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin } from 'vega-statistics';
import { aggregateQuery, isSelectStatement, quoteIdent } from '../../workers/sql/aggregate-query';
import { py, sql, startTestKernel, type TestKernel } from './harness';

describe('aggregateQuery', () => {
  it.each<[string, string, string]>([
    ['plain', 'a', '"a"'],
    ['quotes doubled', 'say "hi"', '"say ""hi"""'],
    ['case and spaces kept', 'Total Sales', '"Total Sales"'],
  ])('quoteIdent: %s', (_name, name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it('wraps the statement on lines of its own, so a trailing comment cannot swallow the parenthesis', () => {
    expect(aggregateQuery('SELECT * FROM t WHERE k = $1 -- note', { x: 'k"', y: 'v', color: 'c', aggregate: 'mean' })).toBe(
      'SELECT q."k""" AS x, q."c" AS color, avg(q."v")::float8 AS value\nFROM (\nSELECT * FROM t WHERE k = $1 -- note\n) AS q\nGROUP BY 1, 2\nORDER BY 1, 2',
    );
    expect(aggregateQuery('VALUES (1)', { x: 'column1', aggregate: 'count' })).toBe('SELECT q."column1" AS x, count(*) AS value\nFROM (\nVALUES (1)\n) AS q\nGROUP BY 1\nORDER BY 1');
  });

  it.each<[string, boolean]>([
    ['SELECT 1', true],
    ['  -- c\n/* d */ (select 1)', true],
    ['WITH a AS (SELECT 1) SELECT * FROM a', true],
    ['values (1)', true],
    ['TABLE t', true],
    ['INSERT INTO t VALUES (1)', false],
    ['', false],
  ])('isSelectStatement(%j) is %s', (text, expected) => {
    expect(isSelectStatement(text)).toBe(expected);
  });
});

describe('Kernel.aggregateForChart (real PGlite)', () => {
  let k: TestKernel;
  beforeAll(async () => {
    k = await startTestKernel();
    await k.load([
      py('p', 'lo = 3\nname = \'x"; DROP TABLE t; --\''),
      sql('setup', 'CREATE TABLE t (grp text, "Sales ""Q1""" int8, kind text); INSERT INTO t SELECT \'g\' || (i % 3), i, CASE WHEN i % 2 = 0 THEN \'even\' ELSE \'odd\' END FROM generate_series(1, 10) AS i'),
      sql('q', 'SELECT * FROM t WHERE "Sales ""Q1""" >= {lo} AND grp <> {name}'),
      sql('two', 'SELECT 1; SELECT 2'),
      sql('insert', 'INSERT INTO t VALUES (\'z\', 1, \'odd\')'),
    ]);
  });
  afterAll(() => k.kernel.shutdown());

  const rows = (result: Awaited<ReturnType<TestKernel['kernel']['aggregateForChart']>>) =>
    result.ok ? result.table.rows.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v))) : result.message;

  it('groups the cell\'s result in the database, with the cell\'s values bound', async () => {
    expect(rows(await k.kernel.aggregateForChart('q', { x: 'grp', y: 'Sales "Q1"', aggregate: 'sum' }))).toEqual([
      ['g0', 3 + 6 + 9],
      ['g1', 4 + 7 + 10],
      ['g2', 5 + 8],
    ]);
    expect(rows(await k.kernel.aggregateForChart('q', { x: 'grp', color: 'kind', aggregate: 'count' }))).toEqual([
      ['g0', 'even', 1],
      ['g0', 'odd', 2],
      ['g1', 'even', 2],
      ['g1', 'odd', 1],
      ['g2', 'even', 1],
      ['g2', 'odd', 1],
    ]);
  });

  it('binds the values the cell would bind now', async () => {
    await k.edit(py('p', 'lo = 9\nname = \'g0\''), 0);
    expect(rows(await k.kernel.aggregateForChart('q', { x: 'grp', y: 'Sales "Q1"', aggregate: 'max' }))).toEqual([['g1', 10]]);
  });

  it('refuses cells that are not one query, and says why a column is wrong', async () => {
    expect({
      two: rows(await k.kernel.aggregateForChart('two', { x: '?column?', aggregate: 'count' })),
      insert: rows(await k.kernel.aggregateForChart('insert', { x: 'grp', aggregate: 'count' })),
      python: rows(await k.kernel.aggregateForChart('p', { x: 'lo', aggregate: 'count' })),
      missing: rows(await k.kernel.aggregateForChart('q', { x: 'nope', aggregate: 'count' })),
    }).toEqual({
      two: 'Only a cell with a single SELECT can be aggregated in the database.',
      insert: 'Only a cell with a single SELECT can be aggregated in the database.',
      python: 'Only SQL cells can be aggregated in the database.',
      missing: expect.stringContaining('column q.nope does not exist'),
    });
  });
});

/**
 * What Vega-Lite draws for `bin: { maxbins }` over these values: vega-statistics `bin`
 * for the bins, and vega-transforms `Bin`'s formula for each value's bin.
 */
function vegaHistogram(values: readonly number[], maxbins: number): [number, number][] {
  const extent: [number, number] = [Math.min(...values), Math.max(...values)];
  const b = bin({ extent, maxbins });
  const stop = b.start + Math.ceil((b.stop - b.start) / b.step) * b.step;
  const counts = new Map<number, number>();
  for (const v of values) {
    const k = Math.floor(1e-14 + (Math.max(b.start, Math.min(v, stop - b.step)) - b.start) / b.step);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort(([a], [c]) => a - c).map(([k, n]) => [b.start + k * b.step, n]);
}

describe('a histogram binned in the database (real PGlite), against Vega-Lite\'s own bins', () => {
  let k: TestKernel;
  // g * 7919 % 1000 walks 0..999 unevenly; the cell holds the same numbers as `spread`.
  const spread = Array.from({ length: 2000 }, (_, i) => ((i + 1) * 7919) % 1000 / 10 - 13);
  const unit = Array.from({ length: 1001 }, (_, i) => i / 1000);
  beforeAll(async () => {
    k = await startTestKernel();
    await k.load([
      py('p', 'top = 1000'),
      sql('spread', "SELECT (g * 7919 % {top}) / 10.0 - 13 AS v, CASE WHEN g % 3 = 0 THEN 'a' ELSE 'b' END AS kind FROM generate_series(1, 2000) AS g UNION ALL SELECT NULL, 'a'"),
      // Values on the bin edges (multiples of 0.05): where float division alone misplaces them.
      sql('unit', 'SELECT g / 1000.0 AS v FROM generate_series(0, 1000) AS g'),
      sql('same', 'SELECT 500 AS v FROM generate_series(1, 5)'),
      sql('words', "SELECT 'a' AS v"),
    ]);
  });
  afterAll(() => k.kernel.shutdown());

  const histogram = async (cell: string, bins: number, color?: string) => {
    const result = await k.kernel.aggregateForChart(cell, { x: 'v', aggregate: 'count', bins, ...(color === undefined ? {} : { color }) });
    if (!result.ok) return result.message;
    return { columns: result.table.columns.map((c) => c.name), rows: result.table.rows.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v))) };
  };
  const starts = (h: Awaited<ReturnType<typeof histogram>>) => (typeof h === 'string' ? h : h.rows.map((r) => [r[0], r.at(-1)]));

  it.each<[string, readonly number[], number]>([
    ['uneven values, 30 bins', spread, 30],
    ['uneven values, 7 bins', spread, 7],
    ['values on the bin edges', unit, 30],
    ['one value repeated', [500, 500, 500, 500, 500], 30],
  ])('%s: the same bins and counts as Vega, every non-null row counted once', async (name, values, bins) => {
    const cell = { 'uneven values, 30 bins': 'spread', 'uneven values, 7 bins': 'spread', 'values on the bin edges': 'unit', 'one value repeated': 'same' }[name]!;
    const got = starts(await histogram(cell, bins));
    const want = vegaHistogram(values, bins);
    expect(got).toHaveLength(want.length);
    for (const [i, [start, n]] of want.entries()) {
      expect((got as number[][])[i]![0]).toBeCloseTo(start, 9);
      expect((got as number[][])[i]![1]).toBe(n);
    }
  });

  it('names its columns x, x_end, colour and value, and counts per colour', async () => {
    const h = await histogram('spread', 30, 'kind');
    if (typeof h === 'string') throw new Error(h);
    const width = (h.rows[0]![1] as number) - (h.rows[0]![0] as number);
    expect({
      columns: h.columns,
      width,
      kinds: [...new Set(h.rows.map((r) => r[2]))].sort(),
      total: h.rows.reduce((sum, r) => sum + (r[3] as number), 0),
      // The NULL v (kind a) is not counted.
      a: h.rows.filter((r) => r[2] === 'a').reduce((sum, r) => sum + (r[3] as number), 0),
    }).toEqual({ columns: ['x', 'x_end', 'color', 'value'], width: 5, kinds: ['a', 'b'], total: 2000, a: 666 });
  });

  it('says why a column cannot be binned, and refuses a bin count out of range', async () => {
    expect({ words: await histogram('words', 30), none: await histogram('spread', 0), many: await histogram('spread', 201) }).toEqual({
      words: expect.stringContaining('invalid input syntax for type double precision'),
      none: 'A histogram has 1 to 200 bins, not 0.',
      many: 'A histogram has 1 to 200 bins, not 201.',
    });
  });
});
