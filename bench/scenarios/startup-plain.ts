/**
 * The start-up's first visit and warm reload again, app and baseline, in a Chromium that
 * Playwright does not drive (plain-chromium.ts): what a user's browser sees, without the
 * harness's share of each page and worker start.
 */
import type { BaselineStartup } from '../baseline/protocol';
import type { FloorStartup } from '../floor/protocol';
import { SNAPSHOT_KEPT, until } from '../app';
import { PlainChromium } from '../plain-chromium';
import { installStartupProbe } from '../probes';
import type { AppStartup, Visit } from './startup';

/** One round: an app visit pair, a baseline pair and a floor pair, each in a browser of its own. */
export interface PlainRound {
  readonly app: Record<Visit, AppStartup>;
  readonly base: Record<Visit, BaselineStartup>;
  /** The floor page with both engines (bench/floor/). */
  readonly floor: Record<Visit, FloorStartup>;
  /** The floor page starting nothing: the browser's own first frame; its warm reload replaces the floor page with its engines. */
  readonly empty: Record<Visit, FloorStartup>;
}

const MARKS_DONE = "window.__benchStartup && ['editable', 'kernelReady', 'firstSqlResult', 'firstPythonResult'].every((m) => window.__benchStartup[m] !== undefined)";
const TIMEOUT_MS = 180_000;

/** The document that replaced the one whose time origin was `origin` (a reload answers before it commits). */
const replaced = (origin: number, ready: string): string => `performance.timeOrigin !== ${origin} && (${ready})`;

async function appVisits(url: string): Promise<Record<Visit, AppStartup>> {
  const browser = await PlainChromium.launch(`(${installStartupProbe.toString()})()`);
  try {
    await browser.navigate(url);
    await browser.waitFor(MARKS_DONE, TIMEOUT_MS);
    const first = await browser.evaluate<AppStartup>('window.__benchStartup');
    // As the Playwright runs: the reload comes once the service worker has stored the app.
    await browser.waitFor('window.__benchStartup.savedForOffline !== undefined', TIMEOUT_MS);
    await until(() => browser.evaluate<boolean>(SNAPSHOT_KEPT), TIMEOUT_MS);
    const origin = await browser.evaluate<number>('performance.timeOrigin');
    await browser.reload();
    await browser.waitFor(replaced(origin, MARKS_DONE), TIMEOUT_MS);
    return { 'first visit': first, 'warm reload': await browser.evaluate<AppStartup>('window.__benchStartup') };
  } finally {
    await browser.close();
  }
}

/** A bench page's start-up figures (`expression`), which must have computed 42. */
async function figures<T extends { readonly result: number }>(browser: PlainChromium, expression: string, page: string): Promise<T> {
  const started = await browser.evaluate<T>(expression);
  if (started.result !== 42) throw new Error(`The ${page} computed ${started.result}, not 42`);
  return started;
}

async function baselineVisits(url: string): Promise<Record<Visit, BaselineStartup>> {
  const browser = await PlainChromium.launch();
  const started = (): Promise<BaselineStartup> => figures(browser, 'window.baseline.started', 'baseline');
  try {
    await browser.navigate(url);
    await browser.waitFor('window.baseline', TIMEOUT_MS);
    const first = await started();
    const origin = await browser.evaluate<number>('performance.timeOrigin');
    await browser.reload();
    await browser.waitFor(replaced(origin, 'window.baseline'), TIMEOUT_MS);
    return { 'first visit': first, 'warm reload': await started() };
  } finally {
    await browser.close();
  }
}

/**
 * The floor page's visits; with `replacing`, the warm reload is a navigation from that
 * page (the floor page with its engines) instead of a reload.
 */
async function floorVisits(url: string, replacing?: string): Promise<Record<Visit, FloorStartup>> {
  const browser = await PlainChromium.launch();
  const started = (): Promise<FloorStartup> => figures(browser, 'window.floor.started', 'floor');
  try {
    await browser.navigate(url);
    await browser.waitFor('window.floor', TIMEOUT_MS);
    const first = await started();
    // As the app's: the reload comes once the first visit's work is done (Python's kept copy written).
    if (first.engines.includes('python')) await until(() => browser.evaluate<boolean>('window.floor.snapshotKept()'), TIMEOUT_MS);
    if (replacing) {
      const empty = await browser.evaluate<number>('performance.timeOrigin');
      await browser.navigate(replacing);
      await browser.waitFor(replaced(empty, 'window.floor'), TIMEOUT_MS);
      await started();
      await until(() => browser.evaluate<boolean>('window.floor.snapshotKept()'), TIMEOUT_MS);
    }
    const origin = await browser.evaluate<number>('performance.timeOrigin');
    if (replacing) await browser.navigate(url);
    else await browser.reload();
    await browser.waitFor(replaced(origin, 'window.floor'), TIMEOUT_MS);
    return { 'first visit': first, 'warm reload': await started() };
  } finally {
    await browser.close();
  }
}

/** An app visit pair, then a baseline pair, then the floor page's pairs (both engines, then none). */
export async function plainRound(appUrl: string, baselineUrl: string, floorUrl: string, log: (line: string) => void): Promise<PlainRound> {
  const round = {
    app: await appVisits(appUrl),
    base: await baselineVisits(baselineUrl),
    floor: await floorVisits(floorUrl),
    // Its reload: the empty page in place of the floor page with its engines, as a reload replaces a page with its engines.
    empty: await floorVisits(`${floorUrl}?engines=none`, floorUrl),
  };
  for (const [visit, app] of Object.entries(round.app)) {
    const v = visit as Visit;
    log(`  without Playwright, ${visit}: app editable ${Math.round(app.editable)}, first SQL result ${Math.round(app.firstSqlResult)} ms; baseline first result ${Math.round(round.base[v].firstResultMs)} ms; floor first result ${Math.round(round.floor[v].firstResultMs)} ms; an empty page's first frame ${Math.round(round.empty[v].pagePaintedMs)} ms`);
  }
  return round;
}
