import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
