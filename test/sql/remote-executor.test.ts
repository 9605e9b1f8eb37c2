import { afterAll, beforeAll, expect, it } from 'vitest';
import { BrowserLikeWebSocket, startRemote, type TestRemote } from '../support/remote';
import { PostgresError } from '../../workers/sql/executor';
import { RemoteExecutor } from '../../workers/sql/remote-executor';

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
