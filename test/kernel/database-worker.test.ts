import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerExecutor } from '../../workers/database/client';
import { createDatabaseHost, type HostEnvironment } from '../../workers/database/host';
import type { DatabaseHost } from '../../workers/database/protocol';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { PostgresError } from '../../workers/sql/executor';
import { timelineEntries } from '../../workers/timeline';
import type { PgliteDatabaseConfig } from '../../workers/protocol';
import { py, sql, startTestKernel } from './harness';

// The database worker's protocol as the kernel worker uses it: the host around a real
// PGlite on one end of an in-process MessageChannel, the executor on the other, so every
// call and answer crosses a structured-clone boundary as between the two workers.

const CONFIG: PgliteDatabaseConfig = { kind: 'pglite', storage: 'memory', name: 'db-worker' };
const channels: MessageChannel[] = [];

afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** A host on port1 (opening with `open`), its Comlink remote on port2, and how often the "worker" was released. */
function connect(open: HostEnvironment['open'] = (config) => PgliteExecutor.open(config)) {
  const channel = new MessageChannel();
  channels.push(channel);
  Comlink.expose(createDatabaseHost({ open, timeline: () => ({ origin: performance.timeOrigin, entries: timelineEntries() }) }), channel.port1);
  const released = { count: 0 };
  const host = Comlink.wrap<DatabaseHost>(channel.port2);
  return { host, released, release: () => void (released.count += 1) };
}

describe('the database worker protocol', () => {
  it('runs queries with bound parameters, types and the server version across the channel', async () => {
    const { host, release, released } = connect();
    const db = await WorkerExecutor.open(host, CONFIG, release);
    const result = await db.query('SELECT $1::int8 + 1 AS n, $2::text AS t, NULL::date AS d', [
      { typeOid: 20, text: '9007199254740993' },
      { typeOid: 25, text: "it's" },
    ]);
    const types = await db.types([20, 1082]);
    const version = await db.serverVersion();
    await db.close();
    expect({ description: db.description, result, int8: types.get(20)?.name, date: types.get(1082)?.category, version: /^\d+\.\d+/.test(version), released: released.count }).toEqual({
      description: 'PGlite (memory) · db-worker',
      result: { fields: [{ name: 'n', typeOid: 20 }, { name: 't', typeOid: 25 }, { name: 'd', typeOid: 1082 }], rows: [['9007199254740994', "it's", null]], command: 'SELECT 1' },
      int8: 'int8',
      date: 'D',
      version: true,
      released: 1,
    });
  });

  it('keeps a Postgres error whole: SQLSTATE, position, detail and hint cross, not only the message', async () => {
    const { host, release } = connect();
    const db = await WorkerExecutor.open(host, CONFIG, release);
    const fail = (text: string) => db.query(text, []).then(() => undefined, (error: unknown) => error);
    const missing = await fail('SELECT nope FROM (SELECT 1 AS yes) AS t');
    const raised = await fail("DO $$ BEGIN RAISE EXCEPTION 'boom' USING DETAIL = 'the detail', HINT = 'the hint', ERRCODE = '22023'; END $$");
    const again = await db.query('SELECT 1 AS ok', []);
    await db.close();
    const fields = (e: unknown) =>
      e instanceof PostgresError ? { message: e.message, sqlstate: e.sqlstate, position: e.position, detail: e.detail, hint: e.hint } : { notPostgres: String(e) };
    expect({ missing: fields(missing), raised: fields(raised), again: again.rows }).toEqual({
      missing: { message: 'column "nope" does not exist', sqlstate: '42703', position: 8, detail: undefined, hint: undefined },
      raised: { message: 'boom', sqlstate: '22023', position: undefined, detail: 'the detail', hint: 'the hint' },
      again: [['1']],
    });
  });

  it('a database that fails to open says why and releases its worker; a second open is refused', async () => {
    const failing = connect(() => Promise.reject(new Error('This database was written by PostgreSQL 16.')));
    const error = await WorkerExecutor.open(failing.host, CONFIG, failing.release).catch((e: unknown) => e);
    const { host, release } = connect();
    const db = await WorkerExecutor.open(host, CONFIG, release);
    const second = await host.open(CONFIG);
    await db.close();
    expect({ error: String(error), released: failing.released.count, second }).toEqual({
      error: 'Error: This database was written by PostgreSQL 16.',
      released: 1,
      second: { ok: false, error: { message: 'This database worker already opened a database.' } },
    });
  });

  it("copies the worker's start-up phases onto the kernel's timeline, each once", async () => {
    // In-process, host and executor share one timeline: start it empty so only this open counts.
    performance.clearMeasures();
    const { host, release } = connect();
    const db = await WorkerExecutor.open(host, CONFIG, release);
    await db.query('SELECT 1', []);
    await db.query('SELECT 2', []);
    await db.close();
    const copied = (name: string) => performance.getEntriesByName(`ripple:database worker: ${name}`).length;
    expect({ create: copied('pglite: create'), typeList: copied('pglite: type list'), firstQuery: copied('pglite: first query') }).toEqual({ create: 1, typeList: 1, firstQuery: 1 });
  });
});

it('the kernel runs SQL cells on a database behind the protocol: values bound, errors whole', async () => {
  const k = await startTestKernel({
    database: CONFIG,
    openDatabase: async (config) => {
      if (config.kind !== 'pglite') throw new Error('PGlite only here');
      const { host, release } = connect();
      return WorkerExecutor.open(host, config, release);
    },
  });
  await k.load([py('p', 'user_id = 42'), sql('q', 'SELECT {user_id}::int + 1 AS next'), sql('bad', 'SELECT 1/0 AS boom')]);
  const found = { next: k.rows('q'), error: k.error('bad') };
  await k.kernel.shutdown();
  expect(found).toEqual({ next: [[43]], error: expect.objectContaining({ kind: 'sql', sqlstate: '22012', message: 'division by zero' }) });
}, 120_000);
