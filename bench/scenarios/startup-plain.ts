/**
 * The start-up's first visit and warm reload again, app and baseline, in a Chromium that
 * Playwright does not drive (plain-chromium.ts): what a user's browser sees, without the
 * harness's share of each page and worker start.
 */
import type { BaselineStartup } from '../baseline/protocol';
import { PlainChromium } from '../plain-chromium';
import { installStartupProbe } from '../probes';
import type { AppStartup, Visit } from './startup';

/** One round: an app visit pair and a baseline pair, each in a browser of its own. */
export interface PlainRound {
  readonly app: Record<Visit, AppStartup>;
  readonly base: Record<Visit, BaselineStartup>;
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
    const origin = await browser.evaluate<number>('performance.timeOrigin');
    await browser.reload();
    await browser.waitFor(replaced(origin, MARKS_DONE), TIMEOUT_MS);
    return { 'first visit': first, 'warm reload': await browser.evaluate<AppStartup>('window.__benchStartup') };
  } finally {
    await browser.close();
  }
}

async function baselineVisits(url: string): Promise<Record<Visit, BaselineStartup>> {
  const browser = await PlainChromium.launch();
  const started = async (): Promise<BaselineStartup> => {
    const figures = await browser.evaluate<BaselineStartup>('window.baseline.started');
    if (figures.result !== 42) throw new Error(`The baseline computed ${figures.result}, not 42`);
    return figures;
  };
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

/** An app visit pair, then a baseline pair. */
export async function plainRound(appUrl: string, baselineUrl: string, log: (line: string) => void): Promise<PlainRound> {
  const round = { app: await appVisits(appUrl), base: await baselineVisits(baselineUrl) };
  for (const [visit, app] of Object.entries(round.app)) {
    log(`  without Playwright, ${visit}: app editable ${Math.round(app.editable)}, first SQL result ${Math.round(app.firstSqlResult)} ms; baseline first result ${Math.round(round.base[visit as Visit].firstResultMs)} ms`);
  }
  return round;
}
