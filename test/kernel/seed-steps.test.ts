import { beforeAll, describe, expect, it } from 'vitest';
import { py, sql, startTestKernel, type TestKernel } from './harness';

// The seed plan's manual verification, played against a real kernel:
// real Pyodide, real PGlite, reactive re-runs through the graph.
describe('seed manual steps', () => {
  let k: TestKernel;
  const setup = sql(
    'setup',
    `CREATE TABLE users (id int PRIMARY KEY, name text);
     INSERT INTO users VALUES (42, 'Ada'), (99, 'Grace'), (1, 'Alan');`,
  );

  beforeAll(async () => {
    k = await startTestKernel();
    await k.load([setup, py('uid', 'user_id = 42'), sql('q', 'SELECT * FROM users WHERE id = {user_id}')]);
  });

  it('binds user_id = 42 and returns its row', () => {
    expect({ status: k.status('q'), rows: k.rows('q') }).toEqual({ status: 'done', rows: [[42, 'Ada']] });
  });

  it('logs the executed SQL with $1 and the parameter value', () => {
    expect(k.logs('q')).toEqual(['Executing: SELECT * FROM users WHERE id = $1\nParameters: [42]']);
  });

  it('re-runs the SQL cell by itself when user_id changes to 99', async () => {
    await k.edit(py('uid', 'user_id = 99'), 1);
    expect({ status: k.status('q'), rows: k.rows('q') }).toEqual({ status: 'done', rows: [[99, 'Grace']] });
  });

  it('reports invalid SQL with SQLSTATE and the position in the cell', async () => {
    await k.edit(sql('bad', 'SELECT *\nFROM users\nWHERE id = {user_id} ORDR BY id'), 3);
    expect(k.error('bad')).toEqual({
      kind: 'sql',
      message: 'syntax error at or near "ORDR"',
      sqlstate: '42601',
      position: { line: 3, column: 22, offset: 41 },
    });
  });

  it('names a missing variable', async () => {
    await k.edit(sql('missing', 'SELECT * FROM users WHERE id = {nobody}'), 4);
    expect(k.error('missing')).toEqual({ kind: 'bind', name: 'nobody', message: '`nobody` is not defined by any cell.' });
  });

  it('makes a named SQL result a Python variable that re-runs downstream', async () => {
    await k.edit(sql('named', 'SELECT id, name FROM users WHERE id = {user_id}', 'found'), 5);
    await k.edit(py('use', 'found.rows[0][1] + " has id " + str(found[0]["id"])'), 6);
    const first = k.output('use');
    await k.edit(py('uid', 'user_id = 1'), 1);
    expect([first, k.output('use')]).toEqual([
      { type: 'text', text: "'Grace has id 99'" },
      { type: 'text', text: "'Alan has id 1'" },
    ]);
  });
});
