// Latency of the remote executor through the real proxy against node-postgres directly
// over TCP, in the same run against the same server: `node bench/run-node.mjs bench/remote-node.ts`.
// Prints one JSON line. Figures only, no pass/fail: this is a measurement, not a test.
import pg from 'pg';
import { startPostgres } from '../test/support/postgres';
import { BrowserLikeWebSocket, startRemote } from '../test/support/remote';
import { RemoteExecutor } from '../workers/sql/remote-executor';

const QUERIES = Number(process.argv[2] ?? 2000);
const CONNECTS = 20;
const WARMUP = 200;

function summary(samples: number[]): { mean: number; p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { mean: round(samples.reduce((a, b) => a + b, 0) / samples.length), p50: round(at(0.5)), p99: round(at(0.99)) };
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

const postgres = await startPostgres();
const remote = await startRemote({ postgres });
try {
  const options = { WebSocket: BrowserLikeWebSocket };
  const direct = () => new pg.Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });

  const connectProxy = await timed(CONNECTS, async () => (await RemoteExecutor.open(remote.config, options)).close());
  const connectDirect = await timed(CONNECTS, async () => {
    const client = direct();
    await client.connect();
    await client.end();
  });

  const executor = await RemoteExecutor.open(remote.config, options);
  const client = direct();
  await client.connect();
  const viaProxy = (i: number) => executor.query('select $1::int', [{ typeOid: 23, text: String(i) }]);
  const viaTcp = (i: number) => client.query({ text: 'select $1::int', values: [String(i)], rowMode: 'array' });
  await timed(WARMUP, viaProxy);
  await timed(WARMUP, viaTcp);
  const queryProxy = summary(await timed(QUERIES, viaProxy));
  const queryDirect = summary(await timed(QUERIES, viaTcp));
  const LARGE = "select i, 'row ' || i as label, i * 1.5 as x from generate_series(1, 10000) as i";
  const largeProxy = summary(await timed(20, () => executor.query(LARGE, [])));
  const largeDirect = summary(await timed(20, () => client.query({ text: LARGE, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } })));
  await executor.close();
  await client.end();

  const proxyConnect = summary(connectProxy);
  const directConnect = summary(connectDirect);
  console.log(
    JSON.stringify({
      runtime: `node ${process.version}`,
      queries: QUERIES,
      trivialQueryMs: { proxy: queryProxy, direct: queryDirect, ratioP50: Math.round((queryProxy.p50 / queryDirect.p50) * 100) / 100 },
      rows10kMs: { proxy: largeProxy, direct: largeDirect, ratioP50: Math.round((largeProxy.p50 / largeDirect.p50) * 100) / 100 },
      connectMs: { proxy: proxyConnect, direct: directConnect, ratioP50: Math.round((proxyConnect.p50 / directConnect.p50) * 100) / 100 },
    }),
  );
} finally {
  await remote.stop();
  await postgres.stop();
}
