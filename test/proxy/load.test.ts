import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { startProxyCommand, type ChildRun } from './child';
import { until } from './helpers';
import { BrowserLikeWebSocket } from '../support/remote';
import { RemoteExecutor } from '../../workers/sql/remote-executor';

/**
 * Load: 50 concurrent clients, each running 200 parameterised queries through
 * the proxy with the kernel's own remote executor (the Neon driver with our SCRAM
 * step, as a notebook connects), every result checked; then the same with
 * node-postgres straight to the server, in the same run. The proxy runs as its
 * own process, as users run it, so it does not share a thread with the clients.
 * Figures are printed, never asserted (timing belongs to `npm run bench`).
 */
const CLIENTS = 50;
const QUERIES = 200;
const SQL = 'SELECT $1::int AS i, $2::text AS s, md5($2) AS h';

interface Queryable {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

interface Run {
  readonly label: string;
  readonly connectMs: number[];
  readonly latencyMs: number[];
  readonly wallMs: number;
}

let db: TestPostgres;
let proxy: ChildRun & { readonly url: string; readonly port: number };

beforeAll(async () => {
  db = await startPostgres();
  const limit = String(CLIENTS + 10);
  proxy = await startProxyCommand(['--port', '0', '--allow-target', `127.0.0.1:${db.port}`, '--max-connections', limit, '--max-connections-per-client', limit]);
});

afterAll(async () => {
  proxy?.child.kill('SIGTERM');
  await proxy?.exit;
  await db?.stop();
});

function logEvents(): { event: string; by?: string }[] {
  return proxy
    .stderr()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; by?: string });
}

async function openSessions(): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${proxy.port}/healthz`);
  return ((await response.json()) as { sessions: number }).sessions;
}

async function run(label: string, open: () => Promise<Queryable & { end(): Promise<void> }>): Promise<Run> {
  const connectMs: number[] = [];
  const latencyMs: number[] = [];
  let checked = 0;
  // All connect first, so the query phase measures queries only (SCRAM is costly: see connectMs).
  const connections = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const connectStarted = performance.now();
      const connection = await open();
      connectMs.push(performance.now() - connectStarted);
      return connection;
    }),
  );
  const started = performance.now();
  try {
    await Promise.all(
      connections.map(async (connection, client) => {
        for (let q = 0; q < QUERIES; q += 1) {
          const i = client * QUERIES + q;
          const s = `client ${client} query ${q} ${'é'.repeat(q % 7)}`;
          const queryStarted = performance.now();
          const { rows } = await connection.query(SQL, [i, s]);
          latencyMs.push(performance.now() - queryStarted);
          expect(rows).toEqual([{ i, s, h: createHash('md5').update(s).digest('hex') }]);
          checked += 1;
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((c) => c.end()));
  }
  const wallMs = performance.now() - started;
  expect(checked).toBe(CLIENTS * QUERIES);
  return { label, connectMs, latencyMs, wallMs };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Summary {
  readonly label: string;
  readonly queriesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly connectP50Ms: number;
  readonly wallMs: number;
}

function summary(r: Run): Summary {
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    label: r.label,
    queriesPerSecond: Math.round((CLIENTS * QUERIES) / (r.wallMs / 1000)),
    p50Ms: round(percentile(r.latencyMs, 50)),
    p99Ms: round(percentile(r.latencyMs, 99)),
    connectP50Ms: round(percentile(r.connectMs, 50)),
    wallMs: Math.round(r.wallMs),
  };
}

it(`${CLIENTS} clients × ${QUERIES} parameterised queries through the proxy, every result checked; node-postgres direct alongside`, async () => {
  const direct = await run('node-postgres direct', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    return client;
  });
  const proxied = await run("kernel's executor via proxy", async () => {
    const executor = await RemoteExecutor.open({ kind: 'remote', proxyUrl: proxy.url, connectionString: db.url }, { WebSocket: BrowserLikeWebSocket });
    return {
      // Parameters go as the kernel binds them (type and text); rows come back as text.
      async query(text: string, [i, s]: unknown[]) {
        const result = await executor.query(text, [
          { typeOid: 23, text: String(i) },
          { typeOid: 25, text: String(s) },
        ]);
        return { rows: result.rows.map(([i, s, h]) => ({ i: Number(i), s, h })) };
      },
      end: () => executor.close(),
    };
  });

  // Nothing left behind: every proxied session ended, every backend with it.
  await until(async () => (await openSessions()) === 0, 'every session to end');
  expect(logEvents().filter((e) => e.event === 'close')).toHaveLength(CLIENTS);
  expect(logEvents().filter((e) => e.event === 'refused' || e.event === 'error')).toEqual([]);

  const rows = [summary(direct), summary(proxied)];
  const [d, p] = [rows[0], rows[1]] as [Summary, Summary];
  console.log(
    [
      `load: ${CLIENTS} clients × ${QUERIES} queries each`,
      ...rows.map((r) => `  ${String(r.label).padEnd(30)} ${String(r.queriesPerSecond).padStart(6)} q/s   p50 ${r.p50Ms} ms   p99 ${r.p99Ms} ms   connect p50 ${r.connectP50Ms} ms`),
      `  proxy/direct: throughput ×${(p.queriesPerSecond / d.queriesPerSecond).toFixed(2)}, p50 ×${(p.p50Ms / d.p50Ms).toFixed(2)}, p99 ×${(p.p99Ms / d.p99Ms).toFixed(2)}`,
    ].join('\n'),
  );
  console.log(JSON.stringify({ loadTest: rows }));
}, 180_000);
