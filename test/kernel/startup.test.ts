import { expect, it } from 'vitest';
import { Kernel } from '../../workers/kernel';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { inProcessPglite } from '../../workers/sql/pglite-connection';
import type { KernelEvent } from '../../workers/protocol';
import { testEnvironment, testTemplate } from './harness';

/**
 * A started kernel (init called) whose database finishes opening only once a cell has
 * started running, and waits for it. Every event is recorded, and the cells that ran, in order.
 */
function kernelOpeningAtFirstRun(): { kernel: Kernel; events: KernelEvent[]; running: string[]; init: Promise<unknown> } {
  const events: KernelEvent[] = [];
  const running: string[] = [];
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
  return { kernel, events, running, init };
}

// The UI opens the database while Python starts, and a person may press Run before
// either is ready. The run must wait for both and happen exactly once.
it('runs a SQL cell requested while the database is still opening exactly once', async () => {
  const { kernel, events, init } = kernelOpeningAtFirstRun();
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
  const { kernel, events, running, init } = kernelOpeningAtFirstRun();
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
