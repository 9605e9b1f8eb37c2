import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { BrowserLikeWebSocket, startRemote, type TestRemote } from '../support/remote';
import { PostgresError } from '../../workers/sql/executor';
import { RemoteExecutor } from '../../workers/sql/remote-executor';
import { ALL_PG_TYPES_QUERY, BUILTIN_OID_LIMIT, builtinTypes, typeInfoFromRow } from '../../workers/sql/type-cache';

// The remote executor on its own, against a real PostgreSQL through the real proxy.

let remote: TestRemote;
let executor: RemoteExecutor;

beforeAll(async () => {
  remote = await startRemote();
  executor = await RemoteExecutor.open(remote.config, { WebSocket: BrowserLikeWebSocket });
});

afterAll(async () => {
  await executor.close();
  await remote.stop();
});

const failure = (error: unknown) => (error instanceof PostgresError ? { message: error.message, sqlstate: error.sqlstate } : String(error));

it('a cancel while the query waits for a new connection: it is never sent', async () => {
  await remote.postgres.restart(); // the open connection ends
  const query = executor.query('SELECT pg_sleep(3600)', []).then(() => 'ran', failure);
  await executor.cancel(); // the query is still waiting for the reconnect
  expect(await query).toEqual({ message: 'canceling statement due to user request (it was not sent)', sqlstate: '57014' });
  // The connection is there for the next query.
  expect((await executor.query('SELECT 1', [])).rows).toEqual([['1']]);
});

it('a cancel with nothing running does nothing to the next query', async () => {
  await executor.cancel();
  expect((await executor.query('SELECT 2', [])).rows).toEqual([['2']]);
});

it("sends a parameterised query (Parse, Bind, Describe, Execute, Flush, Sync) as one WebSocket frame, and the Terminate before the socket closes", async () => {
  const frames: number[] = [];
  let closedAfter: number | undefined;
  /** The real `ws` socket, counting what the executor hands it. */
  class CountingWebSocket extends BrowserLikeWebSocket {
    override send(data: Uint8Array): void {
      frames.push(data.byteLength);
      super.send(data);
    }
    override close(): void {
      closedAfter = frames.length;
      super.close();
    }
  }
  const counted = await RemoteExecutor.open(remote.config, { WebSocket: CountingWebSocket });
  const before = frames.length;
  const result = await counted.query('SELECT $1::int + 1 AS y, $2::text AS s', [
    { typeOid: 23, text: '41' },
    { typeOid: 25, text: 'one frame' },
  ]);
  const queryFrames = frames.length - before;
  await counted.close();
  expect({ rows: result.rows, queryFrames, terminateSent: closedAfter === before + 2 && frames.at(-1) === 5 }).toEqual({
    rows: [['42', 'one frame']],
    queryFrames: 1,
    terminateSent: true,
  });
});

it("the built-in types shipped from PGlite's PostgreSQL 17 are what this PostgreSQL 18 says of the same OIDs", async () => {
  const version = await executor.serverVersion();
  const server = new Map(
    (await executor.query(`${ALL_PG_TYPES_QUERY} WHERE t.oid < ${BUILTIN_OID_LIMIT}`, [])).rows.map((row) => {
      const info = typeInfoFromRow(row);
      return [info.oid, info] as const;
    }),
  );
  const shipped = builtinTypes();
  const differing = shipped.filter((t) => server.has(t.oid) && JSON.stringify(server.get(t.oid)) !== JSON.stringify(t));
  expect({ major: version.split('.')[0], differing, missing: shipped.filter((t) => !server.has(t.oid)).length }).toEqual({ major: '18', differing: [], missing: 0 });
});

it("decodes a result of built-in types with no lookup, and looks up the server's own types", async () => {
  const fresh = await RemoteExecutor.open(remote.config, { WebSocket: BrowserLikeWebSocket });
  const sent = vi.spyOn(fresh, 'query');
  try {
    const builtin = await fresh.query("SELECT 1::int4 AS i, 'a'::text AS t, ARRAY[1.5]::float8[] AS f, now() AS ts", []);
    const types = await fresh.types(builtin.fields.map((f) => f.typeOid));
    expect({ names: builtin.fields.map((f) => types.get(f.typeOid)?.name), queries: sent.mock.calls.length }).toEqual({
      names: ['int4', 'text', '_float8', 'timestamptz'],
      queries: 1,
    });
    await fresh.query("CREATE TYPE remote_mood AS ENUM ('calm')", []);
    const own = await fresh.query("SELECT 'calm'::remote_mood AS m, ARRAY['calm'::remote_mood] AS ms", []);
    const before = sent.mock.calls.length;
    const ownTypes = await fresh.types(own.fields.map((f) => f.typeOid));
    expect({ names: own.fields.map((f) => ownTypes.get(f.typeOid)?.name), lookedUp: sent.mock.calls.length > before }).toEqual({
      names: ['remote_mood', '_remote_mood'],
      lookedUp: true,
    });
  } finally {
    await fresh.query('DROP TYPE IF EXISTS remote_mood', []);
    await fresh.close();
  }
});
