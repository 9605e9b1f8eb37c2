import type { Page } from 'playwright-core';
import { importNotebook, reportErrors, type BenchEnv } from '../app';
import { longestTask, startLongTasks } from '../probes';
import type { Row, ScenarioResult } from '../report';
import { summarize } from '../stats';

/** The grouped query charted; cell 2 returns 1,000,000 rows, cell 3 the same shape in 7. */
const grouped = (rows: number): string => `SELECT 'g' || (g % {groups}) AS grp, g AS v FROM generate_series(1, ${rows}) AS g`;
/** Cell 4: two numbers, so a scatter plot, of 100,000 rows sampled evenly to 5,000 points. */
const scatter = "SELECT g AS a, g % {groups} AS b FROM generate_series(1, 100000) AS g";

interface Sample {
  /** Click on the Chart tab -> the chart's own `chart-drawn` event. */
  readonly drawn: number;
  /** The chart's own figure: embed (or data swap) -> drawn. */
  readonly draw: number;
  readonly longestTask: number;
  readonly points: number;
}

const output = (page: Page, cell: number) => page.locator(`[aria-label="Output of cell ${cell}"]`);

/** Opens the Chart tab of `cell` and waits for its drawing; the Table tab again afterwards. */
async function chartOnce(page: Page, cell: number): Promise<Sample> {
  const api = await page.evaluate(startLongTasks);
  const drawn = page.evaluate(
    (label) =>
      new Promise<{ clickToDrawn: number; ms: number; points: number }>((resolve) => {
        const start = performance.now();
        const where = document.querySelector(`[aria-label="${label}"]`)!;
        where.addEventListener(
          'chart-drawn',
          (event) => {
            const detail = (event as CustomEvent<{ ms: number; points: number }>).detail;
            resolve({ clickToDrawn: performance.now() - start, ms: detail.ms, points: detail.points });
          },
          { once: true },
        );
        where.querySelector<HTMLElement>('[role="tab"][aria-selected="false"]')!.click();
      }),
    `Output of cell ${cell}`,
  );
  const result = await drawn;
  const longest = await page.evaluate(longestTask);
  await output(page, cell).getByRole('tab', { name: 'Table', exact: true }).click();
  await output(page, cell).locator('[role="table"]').waitFor();
  return { drawn: result.clickToDrawn, draw: result.ms, longestTask: api ? longest : NaN, points: result.points };
}

/**
 * The chart of a 1,000,000-row SQL result (a bar chart aggregated in the database: the
 * kernel wraps the query in GROUP BY, 7 rows reach the page) against the same chart of a
 * 7-row result, in the same page and run: click on Chart -> drawn, and the longest
 * main-thread task meanwhile (the limit is 200 ms); also a 100,000-row scatter plot,
 * which the page samples to 5,000 points itself. A warm-up round loads Vega first.
 */
export async function charts(env: BenchEnv, runs: number): Promise<ScenarioResult> {
  const { page } = await env.app();
  await importNotebook(page, 'Bench: charts', [
    { kind: 'python', code: 'groups = 7' },
    { kind: 'sql', code: grouped(1_000_000) },
    { kind: 'sql', code: grouped(7) },
    { kind: 'sql', code: scatter },
  ]);
  for (const cell of [2, 3, 4]) await output(page, cell).locator('[role="table"]').waitFor({ timeout: 300_000 });
  const large: Sample[] = [];
  const small: Sample[] = [];
  const sampled: Sample[] = [];
  for (let run = -1; run < runs; run++) {
    const a = await chartOnce(page, 2);
    const b = await chartOnce(page, 3);
    const c = await chartOnce(page, 4);
    env.log(
      `  chart${run < 0 ? ' (warm-up)' : ''}: 1,000,000 rows drawn ${a.drawn.toFixed(0)} ms (draw ${a.draw.toFixed(0)} ms, ${a.points} points), longest task ${a.longestTask.toFixed(0)} ms | ` +
        `7 rows drawn ${b.drawn.toFixed(0)} ms (draw ${b.draw.toFixed(0)} ms), longest task ${b.longestTask.toFixed(0)} ms | ` +
        `100,000 rows drawn ${c.drawn.toFixed(0)} ms (draw ${c.draw.toFixed(0)} ms, ${c.points} points), longest task ${c.longestTask.toFixed(0)} ms`,
    );
    if (a.points !== 7 || b.points !== 7 || c.points !== 5_000) throw new Error(`Expected 7, 7 and 5,000 points, drew ${a.points}, ${b.points} and ${c.points}`);
    if (run < 0) continue;
    large.push(a);
    small.push(b);
    sampled.push(c);
  }
  const rows: Row[] = [
    { figure: '1,000,000-row chart: click -> drawn', app: summarize(large.map((s) => s.drawn)), baseline: summarize(small.map((s) => s.drawn)), note: 'baseline: the same chart of 7 rows' },
    { figure: '1,000,000-row chart: longest main-thread task', app: summarize(large.map((s) => s.longestTask)), baseline: summarize(small.map((s) => s.longestTask)), note: 'target ≤ 200 ms' },

    { figure: '100,000-row scatter (5,000 points): click -> drawn', app: summarize(sampled.map((s) => s.drawn)), baseline: summarize(small.map((s) => s.drawn)), note: 'sampled evenly in the page; baseline: 7 rows' },
    { figure: '100,000-row scatter: longest main-thread task', app: summarize(sampled.map((s) => s.longestTask)), baseline: summarize(small.map((s) => s.longestTask)), note: 'target ≤ 200 ms' },
  ];
  const errors = await env.sharedErrors();
  reportErrors(env, errors, 'charts');
  return {
    rows,
    details: {
      query: grouped(1_000_000),
      scatter,
      aggregation: 'in the database (GROUP BY grp, sum(v)); 7 rows reach the page',
      longestTask: 'PerformanceObserver longtask (tasks of 50 ms or more; 0 = none), from the click until drawn',
      pageErrors: errors,
    },
  };
}
