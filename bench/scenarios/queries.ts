import { reportErrors, watchedPage, type BenchEnv } from '../app';
import type { ScenarioResult } from '../report';
import { summarize } from '../stats';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * `count` runs of the SQL cell `SELECT {i} + 1 AS y` through the app's kernel worker
 * (Comlink, as the UI calls it; no UI), against `select $1::int + 1` issued straight to
 * PGlite in the baseline worker: in a loop inside the worker, and one page round trip
 * per query. Rounds alternate kernel and baseline, after one unrecorded round each.
 */
export async function queries(env: BenchEnv, count: number, runs: number): Promise<ScenarioResult> {
  // Next to the app's page (same context: its HTTP cache is warm); a database of its own.
  const kernel = await watchedPage((await env.app()).context);
  await kernel.page.goto(env.href('bench/kernel-api/kernel-api.html'));
  await kernel.page.waitForFunction(() => window.kernelBench !== undefined);
  const { description, databaseReadyMs } = await kernel.page.evaluate(() => window.kernelBench!.ready);
  const baseline = await env.baseline();

  const totals = { kernel: [] as number[], loop: [] as number[], roundTrip: [] as number[] };
  const each = { kernel: [] as number[], loop: [] as number[], roundTrip: [] as number[] };
  for (let round = -1; round < runs; round++) {
    const k = await kernel.page.evaluate((n) => window.kernelBench!.runSqlCell(n), count);
    if (k.lastValue !== '42') throw new Error(`The SQL cell returned ${k.lastValue}, not 42`);
    const loop = await baseline.page.evaluate((n) => window.baseline!.queryLoop(n), count);
    const roundTrip = await baseline.page.evaluate((n) => window.baseline!.queryRoundTrips(n), count);
    env.log(`  round ${round < 0 ? 'warm-up' : round + 1}: kernel ${sum(k.samples).toFixed(0)} ms, PGlite loop ${sum(loop).toFixed(0)} ms, PGlite round trips ${sum(roundTrip).toFixed(0)} ms`);
    if (round < 0) continue;
    totals.kernel.push(sum(k.samples));
    totals.loop.push(sum(loop));
    totals.roundTrip.push(sum(roundTrip));
    each.kernel.push(...k.samples);
    each.loop.push(...loop);
    each.roundTrip.push(...roundTrip);
  }
  await kernel.page.close();
  const errors = [...kernel.errors, ...(await env.sharedErrors())];
  reportErrors(env, errors, 'queries');

  const perQuery = summarize(each.kernel, 'ms', true);
  const n = count.toLocaleString('en-US');
  return {
    rows: [
      { figure: `${n} SQL cell runs, total`, app: summarize(totals.kernel), baseline: summarize(totals.loop), note: 'baseline: PGlite in the worker, in a loop' },
      { figure: 'per query', app: perQuery, baseline: summarize(each.loop, 'ms', true), note: 'baseline: in the worker' },
      { figure: 'per query', app: perQuery, baseline: summarize(each.loop, 'ms', true), measure: 'p95' },
      { figure: 'per query', app: perQuery, baseline: summarize(each.roundTrip, 'ms', true), note: 'baseline: one page → worker round trip each' },
    ],
    details: {
      cell: 'SELECT {i} + 1 AS y (i = 41 from a Python cell), runCells over Comlink',
      baselineQuery: 'select $1::int + 1 as y',
      database: description,
      newDatabaseReadyMs: databaseReadyMs,
      queriesPerRound: count,
      pageErrors: errors,
    },
  };
}
