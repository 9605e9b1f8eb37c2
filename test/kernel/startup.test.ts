import { expect, it } from 'vitest';
import { Kernel } from '../../workers/kernel';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { inProcessPglite } from '../../workers/sql/pglite-connection';
import type { KernelEvent } from '../../workers/protocol';
import { testEnvironment, testTemplate } from './harness';

// The UI opens the database while Python starts, and a person may press Run before
// either is ready. The run must wait for both and happen exactly once.
it('runs a SQL cell requested while the database is still opening exactly once', async () => {
  const events: KernelEvent[] = [];
  // The database finishes opening only once the cell has started (and waits for it).
  let started: () => void = () => {};
  const cellStarted = new Promise<void>((resolve) => (started = resolve));
  const kernel = new Kernel(
    testEnvironment({
      openDatabase: async (config) => {
        await cellStarted;
        if (config.kind !== 'pglite') throw new Error('PGlite only');
        return PgliteExecutor.open(config, inProcessPglite(testTemplate));
      },
    }),
  );
  const init = kernel.init({}, (event) => {
    events.push(event);
    if (event.type === 'status' && event.status === 'running') started();
  });
  const database = kernel.setDatabaseConfig({ kind: 'pglite', storage: 'memory', name: 'startup' });
  await kernel.setCells([{ id: 'q', kind: 'sql', code: 'CREATE TABLE t (v int); INSERT INTO t VALUES (1); SELECT count(*) AS n FROM t' }]);
  await kernel.runCells(['q']);
  await Promise.all([init, database]);
  const runs = events.filter((e) => e.type === 'status' && e.cellId === 'q' && e.status === 'running').length;
  const output = events.filter((e) => e.type === 'output' && e.cellId === 'q').at(-1);
  await kernel.shutdown();
  expect({ runs, rows: output?.type === 'output' && output.output.type === 'table' ? output.output.table.rows : undefined }).toEqual({
    runs: 1,
    rows: [[1n]],
  });
});

// Opening a notebook: Python cells that need no database run while it opens; SQL cells,
// and the cells that read their results, once it is open, in the notebook's order.
it('runs the cells that need no database while it opens, and the rest once it is open', async () => {
  const events: KernelEvent[] = [];
  const running: string[] = [];
  // The database opens only once some cell has started: the first cell handed out
  // while it is still opening.
  let started: () => void = () => {};
  const cellStarted = new Promise<void>((resolve) => (started = resolve));
  const kernel = new Kernel(
    testEnvironment({
      openDatabase: async (config) => {
        await cellStarted;
        if (config.kind !== 'pglite') throw new Error('PGlite only');
        return PgliteExecutor.open(config, inProcessPglite(testTemplate));
      },
    }),
  );
  const init = kernel.init({}, (event) => {
    events.push(event);
    if (event.type === 'status' && event.status === 'running') {
      running.push(event.cellId);
      started();
    }
  });
  const database = kernel.setDatabaseConfig({ kind: 'pglite', storage: 'memory', name: 'opening' });
  await kernel.setCells([
    { id: 'create', kind: 'sql', code: 'CREATE TABLE users (id int); INSERT INTO users VALUES (1), (2)' },
    { id: 'param', kind: 'python', code: 'user_id = 2' },
    { id: 'select', kind: 'sql', code: 'SELECT id FROM users WHERE id = {user_id}', resultName: 'user' },
    { id: 'greet', kind: 'python', code: 'f"user {user[0][\'id\']}"' },
  ]);
  await kernel.runCells(['create', 'param', 'select', 'greet']);
  await Promise.all([init, database]);
  const greeting = events.filter((e) => e.type === 'output' && e.cellId === 'greet').at(-1);
  await kernel.shutdown();
  expect({ running, greeting: greeting?.type === 'output' ? greeting.output : undefined }).toEqual({
    running: ['param', 'create', 'select', 'greet'],
    greeting: { type: 'text', text: "'user 2'" },
  });
});
