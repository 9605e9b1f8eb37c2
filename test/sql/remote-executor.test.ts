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
