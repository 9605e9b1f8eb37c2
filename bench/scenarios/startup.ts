import type { Page } from 'playwright-core';
import { freshPage, reportErrors, type BenchEnv } from '../app';
import type { BaselineStartup } from '../baseline/protocol';
import { installStartupProbe, type StartupMark, type StartupMarks } from '../probes';
import type { Row, ScenarioResult } from '../report';
import { summarize } from '../stats';

type Visit = 'first visit' | 'warm reload';
const VISITS: readonly Visit[] = ['first visit', 'warm reload'];
const MARKS: readonly StartupMark[] = ['editable', 'kernelReady', 'firstSqlResult', 'firstPythonResult'];

async function appMarks(page: Page): Promise<Required<StartupMarks>> {
  await page.waitForFunction((names) => names.every((name) => window.__benchStartup?.[name] !== undefined), MARKS, { timeout: 180_000 });
  return (await page.evaluate(() => window.__benchStartup)) as Required<StartupMarks>;
}

async function baselineStartup(page: Page): Promise<BaselineStartup> {
  await page.waitForFunction(() => window.baseline !== undefined, undefined, { timeout: 60_000 });
  return page.evaluate(() => window.baseline!.started);
}

/**
 * Navigation -> notebook editable -> kernel ready -> the sample notebook's first SQL
 * (cell 3, a table) and Python (cell 4) results, on a first visit (fresh context: empty
 * cache, no notebooks, no database) and a warm reload of the same page. Against the
 * baseline page's first result (Pyodide + PGlite started, x = 41, select $1::int + 1).
 */
export async function startup(env: BenchEnv, runs: number): Promise<ScenarioResult> {
  const app: Record<Visit, Required<StartupMarks>[]> = { 'first visit': [], 'warm reload': [] };
  const base: Record<Visit, BaselineStartup[]> = { 'first visit': [], 'warm reload': [] };
  const errors: string[] = [];
  // Unrecorded: the first page of a browser process pays for the OS's file cache and
  // Chromium's own start; a complete first visit would cost a minute here, so open only.
  {
    const { context, page } = await freshPage(env.browser);
    await page.goto(env.url);
    await page.locator('[aria-label="Kernel state"]').filter({ hasText: 'ready' }).waitFor({ timeout: 180_000 });
    await context.close();
  }
  for (let run = 0; run < runs; run++) {
    {
      const { context, page, errors: pageErrors } = await freshPage(env.browser);
      await context.addInitScript(installStartupProbe);
      await page.goto(env.url);
      for (const visit of VISITS) {
        if (visit === 'warm reload') await page.reload();
        const marks = await appMarks(page);
        app[visit].push(marks);
        env.log(`  app ${visit}: ${MARKS.map((m) => `${m} ${Math.round(marks[m])}`).join(', ')} ms`);
      }
      errors.push(...pageErrors);
      if (run < runs - 1 || !env.adopt('app', { context, page, errors: pageErrors })) await context.close();
    }
    {
      const { context, page, errors: pageErrors } = await freshPage(env.browser);
      await page.goto(env.baselineHref());
      for (const visit of VISITS) {
        if (visit === 'warm reload') await page.reload();
        const figures = await baselineStartup(page);
        if (figures.result !== 42) throw new Error(`The baseline computed ${figures.result}, not 42`);
        base[visit].push(figures);
        env.log(`  baseline ${visit}: pyodide ${Math.round(figures.pyodideReadyMs)}, pglite ${Math.round(figures.pgliteReadyMs)}, first result ${Math.round(figures.firstResultMs)} ms`);
      }
      errors.push(...pageErrors);
      if (run < runs - 1 || !env.adopt('baseline', { context, page, errors: pageErrors })) await context.close();
    }
  }
  reportErrors(env, errors, 'startup');

  const rows: Row[] = [];
  for (const visit of VISITS) {
    const a = (mark: StartupMark) => summarize(app[visit].map((m) => m[mark]));
    const b = (pick: (s: BaselineStartup) => number) => summarize(base[visit].map(pick));
    rows.push(
      { figure: `${visit}: notebook editable`, app: a('editable') },
      { figure: `${visit}: kernel ready`, app: a('kernelReady'), baseline: b((s) => s.pyodideReadyMs), note: 'baseline: Pyodide ready' },
      { figure: `${visit}: database ready`, baseline: b((s) => s.pgliteReadyMs), note: 'baseline: PGlite ready; the app does not show this moment' },
      { figure: `${visit}: first SQL result`, app: a('firstSqlResult'), baseline: b((s) => s.firstResultMs), note: 'cell 3 table; baseline: first result' },
      { figure: `${visit}: first Python result`, app: a('firstPythonResult'), baseline: b((s) => s.firstResultMs), note: 'cell 4; baseline: first result' },
    );
  }
  rows.push({ figure: 'offline reload', note: 'not applicable: no service worker' });
  return {
    rows,
    details: {
      measuredFrom: 'navigation start (performance.timeOrigin of the page) to painted (DOM + rAF + message)',
      baselineStorage: env.baselineStorage,
      pageErrors: errors,
    },
  };
}
