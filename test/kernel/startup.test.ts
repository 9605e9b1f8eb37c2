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
