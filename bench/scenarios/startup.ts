import type { Page } from 'playwright-core';
import { pageSignal, reportErrors, SNAPSHOT_KEPT, until, type BenchEnv } from '../app';
import type { BaselineStartup } from '../baseline/protocol';
import type { FloorEngine, FloorStartup } from '../floor/protocol';
import { installStartupProbe, type StartupMark, type StartupMarks } from '../probes';
import type { Row, ScenarioResult } from '../report';
import { summarize } from '../stats';
import { collectPhases, collectTimeline, describeTimeline, type Phase } from '../timeline';
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

/** Until the floor page's Python worker has written its kept copy of the snapshot (the app's reload waits for its install likewise). */
function snapshotKept(page: Page): Promise<void> {
  return until(() => page.evaluate(() => window.floor!.snapshotKept()), 180_000);
}

/** The floor page's figures (bench/floor/): the engines started as Ripple starts them, nothing else. */
export async function floorStartup(page: Page): Promise<FloorStartup> {
  await pageSignal(page, 'floor-started', 180_000);
  const figures = await page.evaluate(() => window.floor!.started);
  if (figures.result !== 42) throw new Error(`The floor computed ${figures.result}, not 42`);
  return figures;
}

export function describeBaseline(figures: BaselineStartup | FloorStartup): string {
  const ms = (t: number | undefined): string => (t === undefined ? 'not started' : String(Math.round(t)));
  return `pyodide ${ms(figures.pyodideReadyMs)}, pglite ${ms(figures.pgliteReadyMs)}, first result ${ms(figures.firstResultMs)} ms`;
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

/** The floor page with both engines, each alone, and none (bench/floor/page.ts). */
export type FloorKind = 'both' | FloorEngine | 'none';
const FLOOR_KINDS: readonly FloorKind[] = ['both', 'python', 'pglite', 'none'];

/**
 * Against the engines' floor (bench/floor/): Python from the app's snapshot and PGlite from
 * its template and patched wasm, each in a bare worker, started as the page's first act.
 * Each alone on an idle machine bounds any start-up built on them: its first result comes
 * after both have started, neither sooner than alone. That bound's ratio to the baseline
 * is the best this machine allows in this run; the app's ratio to the floor is what the
 * app adds.
 */
export function floorRows(visit: string, app: readonly AppStartup[], floor: Readonly<Record<FloorKind, readonly FloorStartup[]>>, base: readonly BaselineStartup[]): Row[] {
  const both = summarize(floor.both.map((f) => f.firstResultMs));
  const baseFirst = summarize(base.map((b) => b.firstResultMs));
  const alone = (engine: FloorEngine): number[] => floor[engine].map((f) => (engine === 'python' ? f.pyodideReadyMs : f.pgliteReadyMs) ?? NaN);
  const python = alone('python');
  const pglite = alone('pglite');
  const bound = python.map((p, i) => Math.max(p, pglite[i] ?? NaN));
  return [
    { figure: `${visit}: notebook editable against an empty page's first frame`, app: summarize(app.map((m) => m.editable)), baseline: summarize(floor.none.map((f) => f.pagePaintedMs)), note: 'baseline: the floor page starting nothing, its first frame as its script runs; on a reload, in place of the floor page with its engines' },
    { figure: `${visit}: the engines' floor, first result`, app: both, baseline: baseFirst, note: "Ripple's start of both engines, nothing else on the page; baseline: first result" },
    { figure: `${visit}: Python alone ready`, app: summarize(python), baseline: summarize(base.map((b) => b.pyodideReadyMs)), note: "the floor page, from the app's snapshot; baseline: Pyodide ready" },
    { figure: `${visit}: PGlite alone ready`, app: summarize(pglite), baseline: summarize(base.map((b) => b.pgliteReadyMs)), note: 'the floor page, from the template (first visit) or OPFS; baseline: PGlite ready' },
    { figure: `${visit}: the later of the two alone`, app: summarize(bound), baseline: baseFirst, note: 'no start-up on these engines has a first result sooner; baseline: first result' },
    { figure: `${visit}: first SQL result against the engines' floor`, app: summarize(app.map((m) => m.firstSqlResult)), baseline: both, note: "cell 3 table; baseline: the floor's first result" },
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
  const visits = (): Record<Visit, FloorStartup[]> => ({ 'first visit': [], 'warm reload': [] });
  const floor: Record<FloorKind, Record<Visit, FloorStartup[]>> = { both: visits(), python: visits(), pglite: visits(), none: visits() };
  const saved: number[] = [];
  const errors: string[] = [];
  /** Of the last run: where the time went, phase by phase. */
  const timelines: Partial<Record<Visit, Phase[]>> = {};
  const floorTimelines: Partial<Record<`${FloorKind}, ${Visit}`, Phase[]>> = {};
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
    plain.push(await plainRound(env.url, env.baselineHref(), env.href('bench/floor/floor.html'), env.log));
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
          await until(() => page.evaluate<boolean>(SNAPSHOT_KEPT), 180_000);
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
    for (const kind of FLOOR_KINDS) {
      const { context, page, errors: pageErrors } = await env.freshPage();
      const floorUrl = (engines: FloorKind): string => env.href(`bench/floor/floor.html${engines === 'both' ? '' : `?engines=${engines}`}`);
      await page.goto(floorUrl(kind));
      for (const visit of VISITS) {
        if (visit === 'warm reload' && kind === 'none') {
          // The empty page in place of one whose engines run, as a reload replaces a
          // page with its engines (the browser tears that page's workers down meanwhile).
          await page.goto(floorUrl('both'));
          await floorStartup(page);
          await snapshotKept(page);
          await page.goto(floorUrl('none'));
        } else if (visit === 'warm reload') await page.reload();
        const figures = await floorStartup(page);
        floor[kind][visit].push(figures);
        env.log(`  floor (${kind}) ${visit}: ${describeBaseline(figures)}`);
        // As the app's reload comes once its first visit's work is done: Python's kept copy written.
        if (visit === 'first visit' && (kind === 'both' || kind === 'python')) await snapshotKept(page);
        if (run === runs - 1) {
          const phases = (await collectPhases(page)).sort((a, b) => a.start - b.start || a.end - b.end);
          floorTimelines[`${kind}, ${visit}`] = phases;
          for (const line of describeTimeline(phases)) env.log(line);
        }
      }
      errors.push(...pageErrors);
      await context.close();
    }
  }
  reportErrors(env, errors, 'startup');

  const rows: Row[] = [];
  for (const visit of VISITS) {
    rows.push(...visitRows(visit, app[visit], base[visit]));
    const floorOf = Object.fromEntries(FLOOR_KINDS.map((kind) => [kind, floor[kind][visit]])) as Record<FloorKind, FloorStartup[]>;
    rows.push(...floorRows(visit, app[visit], floorOf, base[visit]));
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
    const apps = plain.map((round) => round.app[visit]);
    const floors = plain.map((round) => round.floor[visit]);
    const floorFirst = summarize(floors.map((f) => f.firstResultMs));
    rows.push(
      { figure: `${visit}, without Playwright: notebook editable against an empty page's first frame`, app: summarize(apps.map((m) => m.editable)), baseline: summarize(plain.map((round) => round.empty[visit].pagePaintedMs)), note: 'baseline: the floor page starting nothing' },
      { figure: `${visit}, without Playwright: the engines' floor, first result`, app: floorFirst, baseline: summarize(plain.map((round) => round.base[visit].firstResultMs)), note: 'baseline: first result' },
      { figure: `${visit}, without Playwright: first SQL result against the engines' floor`, app: summarize(apps.map((m) => m.firstSqlResult)), baseline: floorFirst, note: "baseline: the floor's first result" },
    );
  }
  return {
    rows,
    details: {
      measuredFrom: 'navigation start (performance.timeOrigin of the page) to painted (DOM + rAF + message)',
      timeline: {
        about: 'the last run, ms from the navigation start of that page load: the app\'s ripple: User Timing marks and measures (workers/timeline.ts) in the page and the kernel worker, its fetches of the engines\' files (Resource Timing), and the painted milestones',
        ...timelines,
      },
      floorTimeline: {
        about: "the last run's floor pages (bench/floor/), both engines and each alone: their workers' ripple: measures and fetches, ms from that page load's navigation start",
        ...floorTimelines,
      },
      baselineStorage: env.baselineStorage,
      pageErrors: errors,
    },
  };
}
