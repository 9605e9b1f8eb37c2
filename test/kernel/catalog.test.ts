import { beforeAll, expect, it } from 'vitest';
import { py, sql, startTestKernel, type TestKernel } from './harness';

// What SQL autocompletion reads: the database's tables and columns, and Python names.
let k: TestKernel;

beforeAll(async () => {
  k = await startTestKernel();
  await k.load([
    sql('ddl', 'CREATE TABLE users (id int PRIMARY KEY, name text, score numeric(5,2)); CREATE VIEW names AS SELECT name FROM users'),
    py('vars', 'user_id = 42\n_private = 1\ndef helper(): pass'),
  ]);
});

it('lists user tables and views with typed columns, not system catalogs', async () => {
  expect(await k.kernel.schema()).toEqual({
    tables: [
      { schema: 'public', name: 'names', columns: [{ name: 'name', type: 'text' }] },
      {
        schema: 'public',
        name: 'users',
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'name', type: 'text' },
          { name: 'score', type: 'numeric(5,2)' },
        ],
      },
    ],
  });
});

it('lists public Python names for {name} completion', async () => {
  expect(await k.kernel.variables()).toEqual(['helper', 'user_id']);
});
