// The Node side of the bench's "remote" scenario (scenarios/remote.ts): the remote executor
// through the real proxy, and node-postgres directly over TCP (the baseline), against the
// same server in the same run. Figures only, no pass/fail: a measurement, not a test.
import pg from 'pg';
import { BrowserLikeWebSocket } from '../test/support/remote';
import type { TestPostgres } from '../test/support/postgres';
import type { RemoteDatabaseConfig } from '../workers/protocol';
import { RemoteExecutor } from '../workers/sql/remote-executor';

/** What both sides run: a trivial parameterised query, and a 10,000-row result. */
export const TRIVIAL_SQL = 'select $1::int + 1 as y';
export const ROWS_10K_SQL = "select i, 'row ' || i as label, i * 1.5 as x from generate_series(1, 10000) as i";

export interface Counts {
  readonly queries: number;
  readonly large: number;
  readonly connects: number;
}

/** Milliseconds per operation. */
export interface Samples {
  readonly query: number[];
  readonly rows10k: number[];
  readonly connect: number[];
}

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** node-postgres over TCP, rows as arrays of text, as the executor gets them. */
export async function measureDirect(postgres: TestPostgres, counts: Counts): Promise<Samples> {
  const client = (): pg.Client => new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
  const connect: number[] = [];
  for (let i = 0; i < counts.connects; i++) {
    const c = client();
    const started = performance.now();
    await c.connect();
    connect.push(performance.now() - started);
    await c.end();
  }
  const c = client();
  await c.connect();
  try {
    const text = { getTypeParser: () => (value: string) => value };
    const query = await timed(counts.queries, (i) => c.query({ text: TRIVIAL_SQL, values: [String(i)], rowMode: 'array', types: text }));
    const rows10k = await timed(counts.large, () => c.query({ text: ROWS_10K_SQL, rowMode: 'array', types: text }));
    return { query, rows10k, connect };
  } finally {
    await c.end();
  }
}

/** The kernel's remote executor in Node, through the proxy (the browser's WebSocket replaced by `ws` with an app Origin). */
export async function measureProxy(config: RemoteDatabaseConfig, counts: Counts): Promise<Samples> {
  const options = { WebSocket: BrowserLikeWebSocket };
  const connect: number[] = [];
  for (let i = 0; i < counts.connects; i++) {
    const started = performance.now();
    const executor = await RemoteExecutor.open(config, options);
    connect.push(performance.now() - started);
    await executor.close();
  }
  const executor = await RemoteExecutor.open(config, options);
  try {
    const query = await timed(counts.queries, (i) => executor.query(TRIVIAL_SQL, [{ typeOid: 23, text: String(i) }]));
    const rows10k = await timed(counts.large, () => executor.query(ROWS_10K_SQL, []));
    return { query, rows10k, connect };
  } finally {
    await executor.close();
  }
}
