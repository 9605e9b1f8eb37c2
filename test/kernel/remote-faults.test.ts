import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../workers/protocol';
import type { TestRemote } from '../support/remote';
import { sql, startBackendKernel, type BackendKernel, type TestKernel } from './harness';

/** The server and proxy behind a remote test kernel. */
function serverOf(k: BackendKernel): TestRemote {
  if (!k.database.remote) throw new Error('not a remote kernel');
  return k.database.remote;
}

// A notebook on a real PostgreSQL behind the real proxy, when things go wrong: the
// server restarts, the proxy restarts, a query is interrupted or times out. No fixed
// sleeps: each step waits for the kernel's own events.

/** Resolves at the first event (from now on) that matches. */
function nextEvent(k: TestKernel, match: (event: KernelEvent) => boolean): Promise<KernelEvent> {
  const from = k.events.length;
  return new Promise((resolve) => {
    const poll = (): void => {
      const found = k.events.slice(from).find(match);
      if (found) resolve(found);
      else setImmediate(poll);
    };
    poll();
  });
}

/** The cell's query is on the wire: its `Executing:` log is the last thing before it is sent. */
const queryStarted = (k: TestKernel, cellId: string) => nextEvent(k, (e) => e.type === 'log' && e.cellId === cellId);

describe('a remote database through the proxy, when things go wrong', () => {
  let remote: TestRemote;
  let k: BackendKernel;

  beforeAll(async () => {
    k = await startBackendKernel('remote');
    remote = serverOf(k);
    await k.load([sql('setup', 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)')]);
  });

  afterAll(() => k.stop());

  it('the server restarts while the notebook is connected: the next query opens a new connection', async () => {
    await k.edit(sql('pid', 'SELECT pg_backend_pid() AS pid, v FROM kept'), 1);
    const before = k.rows('pid')?.[0]?.[0];
    await remote.postgres.restart();
    await k.kernel.runCells(['pid']);
    const after = k.rows('pid')?.[0];
    expect({ error: k.error('pid'), value: after?.[1], newBackend: after?.[0] !== before }).toEqual({ error: undefined, value: 7, newBackend: true });
  });

  it('the server restarts during a query: the cell says the connection ended, the next query reconnects', async () => {
    await k.kernel.upsertCell(sql('long', 'SELECT pg_sleep(30)'), 2);
    const running = k.kernel.runCells(['long']);
    await queryStarted(k, 'long');
    await remote.postgres.restart();
    await running;
    await k.edit(sql('again', 'SELECT v FROM kept'), 3);
    expect({ long: k.error('long'), again: k.rows('again') }).toEqual({
      long: {
        kind: 'sql',
        message: 'terminating connection due to administrator command',
        sqlstate: '57P01',
        hint: 'The connection to the database ended; the next query opens a new one.',
      },
      again: [[7]],
    });
  });

  it('the proxy restarts: the next query reconnects through it', async () => {
    await k.edit(sql('before', 'SELECT pg_backend_pid()'), 4);
    const pid = k.rows('before')?.[0]?.[0];
    await remote.restartProxy();
    await k.edit(sql('through', 'SELECT v, pg_backend_pid() <> {pid_before} AS new_session FROM kept'.replace('{pid_before}', String(pid))), 5);
    expect({ error: k.error('through'), rows: k.rows('through') }).toEqual({ error: undefined, rows: [[7, true]] });
  });

  it('the proxy is down: the cell says reconnecting failed and why; once it is back, the next query runs', async () => {
    const startAgain = await remote.stopProxy();
    await k.edit(sql('down', 'SELECT v FROM kept'), 6);
    const down = k.error('down');
    await startAgain();
    await k.kernel.runCells(['down']);
    const port = new URL(remote.config.proxyUrl).port;
    expect({ down, back: k.rows('down') }).toEqual({
      down: {
        kind: 'kernel',
        message: expect.stringMatching(
          new RegExp(`^The connection to the database ended \\(.+\\), and reconnecting failed: Could not reach the proxy at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\.$`),
        ) as unknown,
      },
      back: [[7]],
    });
  });

  it('Interrupt cancels a running query on the server; the cell says interrupted, the connection stays usable', async () => {
    // An hour: only a CancelRequest that reaches the server ends it within the test's timeout.
    await k.kernel.upsertCell(sql('sleepy', 'SELECT pg_sleep(3600)'), 6);
    const running = k.kernel.runCells(['sleepy']);
    await queryStarted(k, 'sleepy');
    const asked = performance.now();
    await k.kernel.interrupt();
    await running;
    console.log(`remote query cancelled ${(performance.now() - asked).toFixed(1)} ms after interrupt()`);
    await k.edit(sql('after', 'SELECT v FROM kept'), 7);
    expect({ status: k.status('sleepy'), error: k.error('sleepy'), after: k.rows('after') }).toEqual({
      status: 'error',
      error: { kind: 'interrupted', message: 'Interrupted: the query was cancelled.' },
      after: [[7]],
    });
  });
});

describe('a statement timeout', () => {
  let k: BackendKernel;

  beforeAll(async () => {
    k = await startBackendKernel('remote', { statementTimeoutMs: 300 });
  });

  afterAll(() => k.stop());

  it('stops a long query with SQLSTATE 57014; quick ones run', async () => {
    await k.load([sql('slow', 'SELECT pg_sleep(30)'), sql('quick', "SELECT current_setting('statement_timeout') AS t")]);
    expect({ slow: k.error('slow'), quick: k.rows('quick') }).toEqual({
      slow: { kind: 'sql', message: 'canceling statement due to statement timeout', sqlstate: '57014' },
      quick: [['300ms']],
    });
  });
});
