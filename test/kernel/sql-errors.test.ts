import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellError } from '../../workers/protocol';
import { BACKENDS, py, sql, startBackendKernel, type BackendKernel } from './harness';

// The errors a SQL cell shows, on each backend: the same message, SQLSTATE, detail,
// hint, and position in the cell as the user wrote it (with `{name}`, before binding).

interface ErrorCase {
  readonly name: string;
  readonly sql: string;
  readonly error: CellError;
}

const cases: ErrorCase[] = [
  {
    name: 'a syntax error after a {name}, positioned in the source as written',
    sql: 'SELECT {who},\n  1 +\nFROM t',
    error: { kind: 'sql', message: 'syntax error at or near "FROM"', sqlstate: '42601', position: { line: 3, column: 1, offset: 20 } },
  },
  {
    name: 'an unknown column',
    sql: 'SELECT nope FROM t WHERE id = {who}',
    error: { kind: 'sql', message: 'column "nope" does not exist', sqlstate: '42703', position: { line: 1, column: 8, offset: 7 } },
  },
  {
    name: 'an unknown table in the second statement',
    sql: 'SELECT 1;\nSELECT * FROM missing_table',
    error: { kind: 'sql', message: 'relation "missing_table" does not exist', sqlstate: '42P01', position: { line: 2, column: 15, offset: 24 } },
  },
  {
    name: 'a unique violation with its detail',
    sql: 'INSERT INTO t VALUES (1)',
    error: { kind: 'sql', message: 'duplicate key value violates unique constraint "t_pkey"', sqlstate: '23505', detail: 'Key (id)=(1) already exists.' },
  },
  {
    name: 'a run-time error without a position',
    sql: 'SELECT 1 / (id - 1) FROM t',
    error: { kind: 'sql', message: 'division by zero', sqlstate: '22012' },
  },
  {
    name: 'RAISE with detail, hint and a custom SQLSTATE',
    sql: "DO $$ BEGIN RAISE EXCEPTION 'boom' USING DETAIL = 'the detail', HINT = 'the hint', ERRCODE = 'R0001'; END $$",
    error: { kind: 'sql', message: 'boom', sqlstate: 'R0001', detail: 'the detail', hint: 'the hint' },
  },
  {
    name: 'a bound value the server rejects for its type',
    sql: 'SELECT {word}::int',
    error: { kind: 'sql', message: 'invalid input syntax for type integer: "forty-two"', sqlstate: '22P02' },
  },
  {
    name: 'a {name} whose type Postgres cannot infer, named in the hint',
    sql: 'SELECT {nothing} IS NULL',
    error: {
      kind: 'sql',
      message: 'could not determine data type of parameter $1',
      sqlstate: '42P18',
      hint: 'Postgres cannot infer the type of {nothing} here (None and str take their type from context); add a cast, e.g. {nothing}::text.',
    },
  },
];

describe.each(BACKENDS)('SQL errors (%s)', (backend) => {
  let k: BackendKernel;

  beforeAll(async () => {
    k = await startBackendKernel(backend);
    await k.load([
      sql('setup', 'CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)'),
      py('vars', "who = 1\nword = 'forty-two'\nnothing = None"),
      ...cases.map((c, i) => sql(`e${i}`, c.sql)),
    ]);
  });

  afterAll(() => k.stop());

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', (_, i) => {
    expect({ status: k.status(`e${i}`), error: k.error(`e${i}`) }).toEqual({ status: 'error', error: cases[i]!.error });
  });

  it('a failing statement leaves the earlier ones committed, and the connection usable', async () => {
    await k.edit(sql('partial', 'INSERT INTO t VALUES (2);\nINSERT INTO t VALUES (2);'), 100);
    await k.edit(sql('count', 'SELECT count(*) AS n FROM t'), 101);
    expect({ partial: k.error('partial'), count: k.rows('count') }).toEqual({
      partial: {
        kind: 'sql',
        message: 'duplicate key value violates unique constraint "t_pkey"',
        sqlstate: '23505',
        detail: 'Key (id)=(2) already exists.',
      },
      count: [[2n]],
    });
  });
});
