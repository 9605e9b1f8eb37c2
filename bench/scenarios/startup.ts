import type { Page } from 'playwright-core';
import { pageSignal, reportErrors, type BenchEnv } from '../app';
import type { BaselineStartup } from '../baseline/protocol';
import { installStartupProbe, type StartupMark, type StartupMarks } from '../probes';
import type { Row, ScenarioResult } from '../report';
import { summarize } from '../stats';
import { collectTimeline, describeTimeline, type Phase } from '../timeline';
import { plainRound, type PlainRound } from './startup-plain';

export type Visit = 'first visit' | 'warm reload';
const VISITS: readonly Visit[] = ['first visit', 'warm reload'];
const MARKS: readonly StartupMark[] = ['editable', 'kernelReady', 'firstSqlResult', 'firstPythonResult'];

export type AppStartup = Record<StartupMark, number> & Pick<StartupMarks, 'savedForOffline' | 'navigationOffset'>;

/** Waits until the sample notebook's first results are painted; the marks of this page load. */
export async function appMarks(page: Page): Promise<AppStartup> {
  await pageSignal(page, 'startup-complete', 180_000);
  return (await page.evaluate(() => window.__benchStartup)) as AppStartup;
}

/** The marks from the tab's first navigation rather than this load's (across the reload into isolation). */
export function fromFirstNavigation(marks: AppStartup): AppStartup {
  const offset = marks.navigationOffset ?? 0;
  const shifted = { ...marks, navigationOffset: 0 };
  for (const mark of MARKS) shifted[mark] = marks[mark] + offset;
  return shifted;
}

export function describeMarks(marks: AppStartup): string {
  return `${MARKS.map((m) => `${m} ${Math.round(marks[m])}`).join(', ')} ms`;
}

export async function baselineStartup(page: Page): Promise<BaselineStartup> {
  await pageSignal(page, 'baseline-started', 180_000);
  const figures = await page.evaluate(() => window.baseline!.started);
  if (figures.result !== 42) throw new Error(`The baseline computed ${figures.result}, not 42`);
  return figures;
}

export function describeBaseline(figures: BaselineStartup): string {
  return `pyodide ${Math.round(figures.pyodideReadyMs)}, pglite ${Math.round(figures.pgliteReadyMs)}, first result ${Math.round(figures.firstResultMs)} ms`;
}

/** One page load's rows: the app's painted milestones next to the baseline's. */
export function visitRows(visit: string, app: readonly AppStartup[], base: readonly BaselineStartup[]): Row[] {
  const a = (mark: StartupMark) => summarize(app.map((m) => m[mark]));
  const b = (pick: (s: BaselineStartup) => number) => summarize(base.map(pick));
  return [
    { figure: `${visit}: notebook editable`, app: a('editable') },
    { figure: `${visit}: kernel ready`, app: a('kernelReady'), baseline: b((s) => s.pyodideReadyMs), note: 'baseline: Pyodide ready' },
    { figure: `${visit}: database ready`, baseline: b((s) => s.pgliteReadyMs), note: 'baseline: PGlite ready; the app does not show this moment' },
    { figure: `${visit}: first SQL result`, app: a('firstSqlResult'), baseline: b((s) => s.firstResultMs), note: 'cell 3 table; baseline: first result' },
    { figure: `${visit}: first Python result`, app: a('firstPythonResult'), baseline: b((s) => s.firstResultMs), note: 'cell 4; baseline: first result' },
  ];
}

/** Until the app's service worker controls the page: the app is stored for offline use. */
async function savedForOffline(page: Page): Promise<number> {
  await page.waitForFunction(() => window.__benchStartup?.savedForOffline !== undefined, undefined, { timeout: 180_000 });
  return page.evaluate(() => window.__benchStartup!.savedForOffline!);
}

/**
 * Navigation -> notebook editable -> kernel ready -> the sample notebook's first SQL
 * (cell 3, a table) and Python (cell 4) results, on a first visit (fresh context: empty
 * cache, no notebooks, no database) and a warm reload of the same page. Against the
 * baseline page's first result (Pyodide + PGlite started, x = 41, select $1::int + 1).
 * The app's first visit also installs its service worker (it stores the whole app while
 * the kernel starts); the warm reload waits for it to control the page, so the app
 * reloads from its precache, the baseline (which has no service worker here) from the
 * HTTP cache.
 */
export async function startup(env: BenchEnv, runs: number): Promise<ScenarioResult> {
  const app: Record<Visit, AppStartup[]> = { 'first visit': [], 'warm reload': [] };
  const base: Record<Visit, BaselineStartup[]> = { 'first visit': [], 'warm reload': [] };
  const saved: number[] = [];
  const errors: string[] = [];
  /** Of the last run: where the time went, phase by phase. */
  const timelines: Partial<Record<Visit, Phase[]>> = {};
  // Unrecorded: the first page of the run pays for the OS's file cache (Chromium's
  // binary, the app's files); a complete first visit would cost a minute here, so open
  // only. (In a regular profile every fresh page has a browser process of its own.)
  {
    const { context, page } = await env.freshPage();
    await page.goto(env.url);
    await page.locator('[aria-label="Kernel state"]').filter({ hasText: 'ready' }).waitFor({ timeout: 180_000 });
    await context.close();
  }
  const plain: PlainRound[] = [];
  for (let run = 0; run < runs; run++) {
    // First in each run, so that both kinds start with no other page open: the last
    // run's Playwright pages stay open for the later scenarios (env.adopt).
    plain.push(await plainRound(env.url, env.baselineHref(), env.log));
    {
      const { context, page, errors: pageErrors } = await env.freshPage();
      await context.addInitScript(installStartupProbe);
      await page.goto(env.url);
      for (const visit of VISITS) {
        if (visit === 'warm reload') await page.reload();
        const marks = await appMarks(page);
        app[visit].push(marks);
        env.log(`  app ${visit}: ${describeMarks(marks)}`);
        timelines[visit] = await collectTimeline(page, marks);
        if (run === runs - 1) for (const line of describeTimeline(timelines[visit])) env.log(line);
        if (visit === 'first visit') {
          saved.push(await savedForOffline(page));
          env.log(`  app first visit: saved for offline ${Math.round(saved.at(-1)!)} ms`);
        }
      }
      errors.push(...pageErrors);
      if (run < runs - 1 || !env.adopt('app', { context, page, errors: pageErrors })) await context.close();
    }
    {
      const { context, page, errors: pageErrors } = await env.freshPage();
      await page.goto(env.baselineHref());
      for (const visit of VISITS) {
        if (visit === 'warm reload') await page.reload();
        const figures = await baselineStartup(page);
        base[visit].push(figures);
        env.log(`  baseline ${visit}: ${describeBaseline(figures)}`);
      }
      errors.push(...pageErrors);
      if (run < runs - 1 || !env.adopt('baseline', { context, page, errors: pageErrors })) await context.close();
    }
  }
  reportErrors(env, errors, 'startup');

  const rows: Row[] = [];
  for (const visit of VISITS) {
    rows.push(...visitRows(visit, app[visit], base[visit]));
    if (visit === 'first visit') {
      rows.push({ figure: 'first visit: saved for offline', app: summarize(saved), note: 'the service worker has stored the app and controls the page' });
    }
  }
  // The same visits in a browser Playwright does not drive (startup-plain.ts): what a
  // user's browser would show. Editable, kernel ready and the first SQL result.
  const shown = [': notebook editable', ': kernel ready', ': first SQL result'];
  for (const visit of VISITS) {
    const plainRows = visitRows(`${visit}, without Playwright`, plain.map((round) => round.app[visit]), plain.map((round) => round.base[visit]));
    rows.push(...plainRows.filter((row) => shown.some((end) => row.figure.endsWith(end))));
  }
  return {
    rows,
    details: {
      measuredFrom: 'navigation start (performance.timeOrigin of the page) to painted (DOM + rAF + message)',
      timeline: {
        about: 'the last run, ms from the navigation start of that page load: the app\'s ripple: User Timing marks and measures (workers/timeline.ts) in the page and the kernel worker, its fetches of the engines\' files (Resource Timing), and the painted milestones',
        ...timelines,
      },
      baselineStorage: env.baselineStorage,
      pageErrors: errors,
    },
  };
}
