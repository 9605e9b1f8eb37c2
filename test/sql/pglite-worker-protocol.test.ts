import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PgliteDatabaseConfig } from '../../workers/protocol';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { PgliteWorkerConnection, type PgliteEndpoint } from '../../workers/sql/pglite-client';
import { servePglite, type ServeOptions } from '../../workers/sql/pglite-server';
import { openPglite, type OpenedPglite } from '../../workers/sql/pglite-open';
import { incompatibility } from '../../workers/sql/data-dir-version';
import type { RawResult } from '../../workers/sql/executor';
import { SHARED_BYTES } from '../../workers/sql/pglite-shared';
import { startRunTimeline } from '../../workers/timeline';
import { readRunParts } from '../../bench/timeline';

const config: PgliteDatabaseConfig = { kind: 'pglite', storage: 'memory', name: 'protocol-test' };

/**
 * The kernel <-> PGlite worker protocol over a real MessageChannel, real PGlite on the
 * far end (servePglite, as in pglite-worker.ts). `crash` is what the Worker's `error`
 * event does in the browser; `terminated` what terminate() would end.
 */
function channel(open: (config: PgliteDatabaseConfig) => Promise<OpenedPglite> = (c) => openPglite(c), serveOptions: ServeOptions = {}) {
  const { port1, port2 } = new MessageChannel();
  const opened: OpenedPglite[] = [];
  servePglite(
    port1,
    async (c) => {
      const result = await open(c);
      opened.push(result);
      return result;
    },
    serveOptions,
  );
  let crashListener: ((reason: string) => void) | undefined;
  const state = { terminated: false, exchanges: 0, parts: 0 };
  const endpoint: PgliteEndpoint = {
    port: {
      postMessage(message, transfer) {
        if (message.type === 'exchange' || message.type === 'wake') state.exchanges++;
        port2.postMessage(message, transfer);
      },
      set onmessage(listener: ((event: MessageEvent) => void) | null) {
        port2.onmessage = (event: MessageEvent) => {
          if ((event.data as { type?: unknown }).type === 'part') state.parts++;
          listener?.(event);
        };
      },
      get onmessage() {
        return port2.onmessage;
      },
    },
    onCrash: (listener) => (crashListener = listener),
    terminate: () => {
      state.terminated = true;
      port2.close();
    },
  };
  const ports = [port1, port2];
  return {
    endpoint,
    state,
    opened,
    /** From now on the far end takes requests and never answers (a worker stuck, then dying). */
    hang(): Promise<void> {
      return new Promise((received) => (port1.onmessage = () => received()));
    },
    /** The worker's `error` event. */
    crash: (reason: string) => crashListener?.(reason),
    close: () => ports.forEach((port) => port.close()),
  };
}

/**
 * Both paths: messages only, and the shared buffer (cross-origin isolated pages). Here
 * both ends share one thread, so the kernel's short blocking wait always runs out and
 * every reply comes the slow way, as a message: what a long statement does.
 */
describe.each([
  { path: 'messages', shared: () => undefined },
  { path: 'a shared buffer', shared: () => new SharedArrayBuffer(SHARED_BYTES) },
])('the PGlite worker protocol through $path', ({ shared }) => {
  const open: { close(): void }[] = [];
  afterEach(() => open.splice(0).forEach((c) => c.close()));

  it('opens, runs statements, hands over first rows, reports errors and closes', async () => {
    const link = channel();
    open.push(link);
    const executor = await PgliteExecutor.open(config, (c) => PgliteWorkerConnection.open(link.endpoint, c, shared()));
    expect(executor.description).toBe('PGlite (memory) · protocol-test');
    expect(await executor.query('select $1::int * 2 as n', [{ typeOid: 0, text: '21' }])).toEqual({ fields: [{ name: 'n', typeOid: 23 }], rows: [['42']], command: 'SELECT 1' });
    // Settings made while opening hold on the connection the kernel gets.
    expect((await executor.query('show work_mem', [])).rows).toEqual([['64MB']]);

    // First rows, then the rest, in one exclusive section: a statement sent meanwhile
    // waits for the rest (between the two it would end the suspended portal).
    let first: RawResult | undefined;
    const large = executor.query('select g from generate_series(1, 5000) g', [], { rows: 100, onFirstRows: (rows) => void (first = rows) });
    const meanwhile = executor.query('select 7', []);
    const [all, seven] = await Promise.all([large, meanwhile]);
    expect(first?.rows.length).toBe(100);
    expect(first?.rows[99]).toEqual(['100']);
    expect(all.rows.length).toBe(5000);
    expect(all.rows[4999]).toEqual(['5000']);
    expect(all.command).toBe('SELECT 5000');
    expect(seven.rows).toEqual([['7']]);

    // A small result asked for with first rows: its Sync rides in the same exchange, one
    // message each way. After an error too, and the connection is usable after it.
    const small = (sql: string) => executor.query(sql, [], { rows: 100, onFirstRows: () => expect.unreachable('no more rows follow') });
    let before = link.state.exchanges;
    expect((await small('select g from generate_series(1, 99) g')).rows.length).toBe(99);
    expect(link.state.exchanges - before).toBe(1);
    before = link.state.exchanges;
    await expect(small('select 1/0')).rejects.toMatchObject({ sqlstate: '22012' });
    expect(link.state.exchanges - before).toBe(1);
    // Exactly the limit suspends the portal (PostgreSQL does not look ahead): two exchanges.
    before = link.state.exchanges;
    let handedOver = 0;
    expect((await executor.query('select g from generate_series(1, 100) g', [], { rows: 100, onFirstRows: () => void handedOver++ })).rows.length).toBe(100);
    expect([handedOver, link.state.exchanges - before]).toEqual([1, 2]);
    // The rest is asked for only once the hand-over has settled (the kernel holds it
    // while the page paints the first rows).
    before = link.state.exchanges;
    let release: (() => void) | undefined;
    let settled = false;
    const held = executor.query('select g from generate_series(1, 500) g', [], { rows: 100, onFirstRows: () => new Promise<void>((resolve) => (release = resolve)) });
    void held.then(() => (settled = true));
    await vi.waitFor(() => expect(release).toBeDefined());
    // Time enough for the rest's exchange (a few ms here) had it been sent.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([settled, link.state.exchanges - before]).toEqual([false, 1]);
    release!();
    expect((await held).rows.length).toBe(500);
    expect(link.state.exchanges - before).toBe(2);

    // A large reply comes in parts, decoded as they arrive; its first rows too.
    const wide = "select g, repeat('x', 100) as pad from generate_series(1, 30000) g";
    expect(link.state.parts).toBe(0);
    const whole = await executor.query(wide, []);
    expect(whole.rows.length).toBe(30000);
    expect(whole.rows[29999]).toEqual(['30000', 'x'.repeat(100)]);
    const partsOfWhole = link.state.parts;
    expect(partsOfWhole).toBeGreaterThan(5);
    let firstOfWide: RawResult | undefined;
    const rest = await executor.query(wide, [], { rows: 10000, onFirstRows: (rows) => void (firstOfWide = rows) });
    expect(firstOfWide?.rows.length).toBe(10000);
    expect(firstOfWide?.rows[9999]).toEqual(['10000', 'x'.repeat(100)]);
    expect(rest.rows.length).toBe(30000);
    expect(rest.command).toBe('SELECT 30000');
    expect(link.state.parts - partsOfWhole).toBeGreaterThan(5);

    await expect(executor.query('select * from nowhere', [])).rejects.toMatchObject({ name: 'PostgresError', sqlstate: '42P01' });
    expect((await executor.query('select 8', [])).rows).toEqual([['8']]);

    await executor.close();
    expect(link.opened[0]?.db.closed).toBe(true);
    expect(link.state.terminated).toBe(true);
    await expect(executor.query('select 9', [])).rejects.toThrow('The database was closed.');
  });

  it('checkpoints once the database is idle after a write (a reload then replays less WAL)', async () => {
    // Each exchange restarts the wait, so how many checks come depends on timing; what
    // they find does not: only a write makes one checkpoint.
    const checks: boolean[] = [];
    let waiting: { until: () => boolean; resolve: () => void } | undefined;
    const until = (condition: () => boolean): Promise<void> =>
      new Promise((resolve) => {
        waiting = { until: condition, resolve };
        if (condition()) resolve();
      });
    const link = channel(undefined, {
      delayMs: 20,
      onChecked: (checkpointed) => {
        checks.push(checkpointed);
        if (waiting?.until()) waiting.resolve();
      },
    });
    open.push(link);
    const executor = await PgliteExecutor.open(config, (c) => PgliteWorkerConnection.open(link.endpoint, c, shared()));
    const lastCheckpoint = async (): Promise<string> => String((await executor.query('select checkpoint_lsn::text from pg_control_checkpoint()', [])).rows[0]?.[0]);
    const opened = await lastCheckpoint();
    await until(() => checks.length > 0);
    expect({ checks: checks.includes(true), checkpoint: await lastCheckpoint() }).toEqual({ checks: false, checkpoint: opened });

    await executor.query('create table t as select generate_series(1, 1000) as id', []);
    await until(() => checks.includes(true));
    const written = checks.length;
    expect(await lastCheckpoint()).not.toBe(opened);
    // Reads after it find nothing new.
    await until(() => checks.length > written);
    expect(checks.slice(written)).not.toContain(true);
    expect(checks.filter(Boolean)).toHaveLength(1);
    await executor.close();
  });

  it("measures each exchange, to its whole reply, as a part of the run (the bench's breakdown)", async () => {
    const link = channel();
    open.push(link);
    const executor = await PgliteExecutor.open(config, (c) => PgliteWorkerConnection.open(link.endpoint, c, shared()));
    startRunTimeline();
    await executor.query('select 1', []);
    await executor.query("select g, repeat('x', 100) as pad from generate_series(1, 30000) g", []);
    const started = performance.now();
    await executor.query('select pg_sleep(0.05)', []);
    const waited = performance.now() - started;
    const part = readRunParts()['pglite exchange'];
    expect({ count: part?.count, coversTheSleep: (part?.ms ?? 0) >= 50 && (part?.ms ?? Infinity) <= waited + 1000 }).toEqual({ count: 3, coversTheSleep: true });
  });

  it("gives an open's failure the worker's message and ends the worker", async () => {
    const refusal = incompatibility(17, 18);
    const guard = { postgresMajor: 18, marks: { read: async () => 17, write: async () => undefined } };
    const link = channel((c) => openPglite({ ...c, storage: 'idb' }, { guard }));
    open.push(link);
    await expect(PgliteWorkerConnection.open(link.endpoint, config, shared())).rejects.toThrow(refusal);
    expect(link.state.terminated).toBe(true);

    const held = channel(() => Promise.reject(new DOMException('Access Handles cannot be created', 'NoModificationAllowedError')));
    open.push(held);
    await expect(PgliteWorkerConnection.open(held.endpoint, config, shared())).rejects.toMatchObject({ name: 'NoModificationAllowedError', message: 'Access Handles cannot be created' });
  });

  it('fails a pending statement, and every later one, when the worker dies', async () => {
    const link = channel();
    open.push(link);
    const executor = await PgliteExecutor.open(config, (c) => PgliteWorkerConnection.open(link.endpoint, c, shared()));
    expect((await executor.query('select 1', [])).rows).toEqual([['1']]);
    const received = link.hang();
    const pending = executor.query('select 2', []);
    await received;
    link.crash('out of memory');
    await expect(pending).rejects.toThrow('The database worker stopped (out of memory)');
    await expect(executor.query('select 3', [])).rejects.toThrow('The database worker stopped (out of memory)');
    expect(link.state.terminated).toBe(true);
    await executor.close();
  });
});
