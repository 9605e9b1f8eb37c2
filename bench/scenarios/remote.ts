import { loadavg } from 'node:os';
import { startProxy } from '../../proxy/server';
import { startPostgres } from '../../test/support/postgres';
import { APP_ORIGIN } from '../../test/proxy/helpers';
import type { RemoteDatabaseConfig } from '../../workers/protocol';
import { reportErrors, type BenchEnv } from '../app';
import { measureDirect, measureProxy, ROWS_10K_SQL, type Counts, type Samples } from '../remote-node';
import type { ScenarioResult } from '../report';
import { summarize } from '../stats';

/** Per round; rounds alternate the three sides, after one unrecorded round. */
const COUNTS: Counts = { queries: 300, large: 10, connects: 10 };

const load = (): number => Math.round(loadavg()[0]! * 100) / 100;

/**
 * A real PostgreSQL (embedded, loopback, SCRAM) behind the real proxy, both started here.
 * Three sides against the same server, in the same run:
 * - the app's kernel worker in Chromium (kernel-api bench page, Comlink as the UI calls it):
 *   the SQL cell `SELECT {i} + 1 AS y`, a SQL cell returning 10,000 rows, and the
 *   connect time of "Test connection" (WebSocket, startup, SCRAM) as the worker measures it;
 * - the same remote executor in Node through the proxy;
 * - the baseline: node-postgres directly over TCP (`select $1::int + 1`, the same 10,000 rows, connect).
 */
export async function remote(env: BenchEnv, runs: number): Promise<ScenarioResult> {
  const loadAtStart = load();
  const postgres = await startPostgres();
  const origin = new URL(env.url).origin;
  const proxy = await startProxy({ port: 0, allowTargets: [`${postgres.host}:${postgres.port}`], allowOrigins: [origin, APP_ORIGIN], log: () => {} });
  const config: RemoteDatabaseConfig = { kind: 'remote', proxyUrl: proxy.url, connectionString: postgres.url };
  // A context of its own: the app's page is not needed here.
  const kernel = await env.freshPage();
  try {
    await kernel.page.goto(env.href('bench/kernel-api/kernel-api.html?database=none'));
    await kernel.page.waitForFunction(() => window.kernelBench !== undefined);
    await kernel.page.evaluate(() => window.kernelBench!.ready);
    const info = await kernel.page.evaluate((c) => window.kernelBench!.setDatabase(c), config);

    /** `SELECT 1` on a just-opened connection, timed inside the worker (Test connection): the proxy's share without the kernel's. */
    let roundTrips: number[] = [];
    const chromium = async (): Promise<Samples> => {
      const query = await kernel.page.evaluate((n) => window.kernelBench!.runSqlCell(n), COUNTS.queries);
      if (query.lastValue !== '42') throw new Error(`The SQL cell returned ${query.lastValue}, not 42`);
      const rows = await kernel.page.evaluate(([code, n]) => window.kernelBench!.runSql(code, n), [ROWS_10K_SQL, COUNTS.large] as const);
      if (rows.rowCount !== 10_000) throw new Error(`The 10,000-row cell returned ${rows.rowCount} rows (${rows.lastValue})`);
      const connect: number[] = [];
      for (let i = 0; i < COUNTS.connects; i++) {
        const tested = await kernel.page.evaluate((c) => window.kernelBench!.testDatabase(c), config);
        if (!tested.ok) throw new Error(`Test connection failed: ${tested.message}`);
        connect.push(tested.connectMs);
        roundTrips.push(tested.roundTripMs);
      }
      return { query: query.samples, rows10k: rows.samples, connect };
    };

    const all = { direct: empty(), node: empty(), chromium: empty() };
    const loads: number[] = [];
    for (let round = -1; round < runs; round++) {
      const direct = await measureDirect(postgres, COUNTS);
      const node = await measureProxy(config, COUNTS);
      const browser = await chromium();
      loads.push(load());
      const median = (s: Samples) => summarize(s.query).median.toFixed(3);
      env.log(`  round ${round < 0 ? 'warm-up' : round + 1}: trivial query p50 direct ${median(direct)} ms, Node via proxy ${median(node)} ms, Chromium kernel ${median(browser)} ms; load ${loads.at(-1)}`);
      if (round < 0) {
        roundTrips = [];
        continue;
      }
      for (const [side, samples] of [['direct', direct], ['node', node], ['chromium', browser]] as const) {
        all[side].query.push(...samples.query);
        all[side].rows10k.push(...samples.rows10k);
        all[side].connect.push(...samples.connect);
      }
    }
    const errors = kernel.errors;
    reportErrors(env, errors, 'remote');
    const baseline = 'baseline: node-postgres direct over TCP';
    return {
      rows: [
        { figure: 'trivial query, SQL cell in the kernel worker (Chromium) via proxy', app: summarize(all.chromium.query, 'ms', true), baseline: summarize(all.direct.query, 'ms', true), note: baseline },
        { figure: 'SELECT 1 inside the kernel worker (Chromium) via proxy, no kernel around it', app: summarize(roundTrips), baseline: summarize(all.direct.query, 'ms', true), note: `${baseline}; timed by Test connection` },
        { figure: 'trivial query, Node via proxy', app: summarize(all.node.query, 'ms', true), baseline: summarize(all.direct.query, 'ms', true), note: baseline },
        { figure: '10,000-row result, SQL cell in the kernel worker (Chromium) via proxy', app: summarize(all.chromium.rows10k), baseline: summarize(all.direct.rows10k), note: baseline },
        { figure: '10,000-row result, Node via proxy', app: summarize(all.node.rows10k), baseline: summarize(all.direct.rows10k), note: baseline },
        { figure: 'connect, kernel worker (Chromium) via proxy', app: summarize(all.chromium.connect), baseline: summarize(all.direct.connect), note: `${baseline}; WebSocket + startup + SCRAM` },
        { figure: 'connect, Node via proxy', app: summarize(all.node.connect), baseline: summarize(all.direct.connect), note: baseline },
      ],
      details: {
        server: `PostgreSQL ${info.serverVersion} (embedded, loopback, scram-sha-256)`,
        database: info.description,
        perRound: COUNTS,
        chromiumQuery: 'the SQL cell SELECT {i} + 1 AS y (i = 41), runCells over Comlink: binding, the query through the proxy, decoding, events',
        nodeQuery: 'RemoteExecutor.query(select $1::int + 1) through the proxy',
        baselineQuery: 'pg Client.query(select $1::int + 1), rowMode array, text values',
        rows10k: ROWS_10K_SQL,
        loadAverage1m: { atStart: loadAtStart, afterEachRound: loads },
        pageErrors: errors,
      },
    };
  } finally {
    await kernel.context.close();
    await proxy.close();
    await postgres.stop();
  }
}

function empty(): Samples {
  return { query: [], rows10k: [], connect: [] };
}
