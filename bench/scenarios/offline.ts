import type { BrowserContext, Page } from 'playwright-core';
import { goOffline, waitForIsolation, watchTraffic, type Traffic } from '../../test/e2e/offline-page';
import { serveStatic, type StaticServer } from '../../test/e2e/static-server';
import type { PrecacheInfo } from '../../src/offline/sw-protocol';
import { reportErrors, SNAPSHOT_KEPT, until, type BenchEnv } from '../app';
import type { BaselineStartup } from '../baseline/protocol';
import { askPrecacheInfo, installStartupProbe } from '../probes';
import type { Row, ScenarioResult } from '../report';
import { summarize } from '../stats';
import { appMarks, baselineStartup, describeBaseline, describeMarks, fromFirstNavigation, visitRows, type AppStartup } from './startup';

/** One side's visits: the first (online), the offline reload, what its service worker keeps, and whether the reload was isolated. */
interface OfflineRun<T> {
  readonly firstVisit: T;
  readonly figures: T;
  readonly precache: PrecacheInfo;
  readonly isolated: boolean;
}

/**
 * Online first visit, then no network at all (the browser offline and the host gone, as
 * the e2e suite does), then a reload timed from navigation start. The reload must not
 * fetch anything: a request that fails makes the figure meaningless, so it fails the run.
 */
async function offlineReload<T>(
  env: BenchEnv,
  side: {
    readonly url: (server: StaticServer) => string;
    /** Runs before every page script of every load (the app's startup probe). */
    readonly initScript?: () => void;
    /** Resolves with the first visit's figures once the page is saved for offline use. */
    readonly firstVisit: (page: Page) => Promise<T>;
    readonly measure: (page: Page) => Promise<T>;
  },
): Promise<OfflineRun<T> & { errors: string[] }> {
  // A plain static host (no COOP/COEP, no cache headers): what the app is made for, and
  // one that can be stopped. A new one each time: a fresh origin state, nothing shared.
  const server = await serveStatic(env.dir);
  const { context, page, errors } = await env.freshPage();
  try {
    const traffic = watchTraffic(context);
    if (side.initScript) await context.addInitScript(side.initScript);
    await page.goto(side.url(server));
    const firstVisit = await side.firstVisit(page);
    const precache = await page.evaluate(askPrecacheInfo);
    await goOffline(context, server);
    const failedOnline = traffic.failed.length;
    await page.reload();
    const figures = await side.measure(page);
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
    assertNothingFetched(traffic, failedOnline, page.url());
    return { firstVisit, figures, precache, isolated, errors };
  } finally {
    await closeAll(context, server);
  }
}

function assertNothingFetched(traffic: Traffic, before: number, url: string): void {
  const failed = traffic.failed.slice(before);
  if (failed.length > 0) throw new Error(`The offline reload of ${url} needed the network: ${failed.join('; ')}`);
}

async function closeAll(context: BrowserContext, server: StaticServer): Promise<void> {
  await context.close();
  await server.close(); // already closed after goOffline; closing twice is harmless
}

/**
 * "Works offline", measured: after a first visit online (the app: its service worker has
 * stored it and controls the page, the sample notebook ran; the baseline: a bench-only
 * service worker has stored the files its first visit loaded, bench/baseline/sw.ts), the
 * network goes away entirely and the page is reloaded: navigation start -> notebook
 * editable -> kernel ready -> first SQL result (cell 3) against the baseline's first
 * result. Both are served by their service worker from Cache Storage, with the isolation
 * headers the worker adds. Also reports what each keeps for offline use, and the first
 * visit itself: on a host that sends no COOP/COEP the app's kernel starts only after its
 * service worker has stored the app and the page has reloaded into isolation, so that
 * first visit is timed from the tab's first navigation (the baseline needs no reload).
 */
export async function offline(env: BenchEnv, runs: number): Promise<ScenarioResult> {
  const app: OfflineRun<AppStartup>[] = [];
  const base: OfflineRun<BaselineStartup>[] = [];
  const errors: string[] = [];
  let baselineFiles: string[] = [];
  for (let run = 0; run < runs; run++) {
    const appRun = await offlineReload(env, {
      url: (server) => server.url,
      initScript: installStartupProbe,
      async firstVisit(page) {
        await waitForIsolation(page, 180_000); // one reload into isolation on this header-less host
        const marks = fromFirstNavigation(await appMarks(page)); // the sample notebook ran: every download is done
        await until(() => page.evaluate<boolean>(SNAPSHOT_KEPT), 180_000);
        return marks;
      },
      measure: appMarks,
    });
    app.push(appRun);
    errors.push(...appRun.errors);
    env.log(`  app first visit, host without headers: ${describeMarks(appRun.firstVisit)}`);
    env.log(`  app offline reload: ${describeMarks(appRun.figures)}; isolated ${appRun.isolated}`);

    const baseRun = await offlineReload(env, {
      url: (server) => env.baselineHref(server.url, true),
      async firstVisit(page) {
        const figures = await baselineStartup(page);
        if (!(await page.evaluate(() => window.baseline!.savedForOffline))) throw new Error('The baseline did not save itself for offline use');
        // Its worker's script URL names the files it stored (bench/baseline/offline-copy.ts).
        const script = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? '');
        const listed: unknown = JSON.parse(new URL(script).searchParams.get('files') ?? '[]');
        baselineFiles = Array.isArray(listed) ? listed.filter((file): file is string => typeof file === 'string') : [];
        return figures;
      },
      measure: baselineStartup,
    });
    base.push(baseRun);
    errors.push(...baseRun.errors);
    env.log(`  baseline first visit, host without headers: ${describeBaseline(baseRun.firstVisit)}`);
    env.log(`  baseline offline reload: ${describeBaseline(baseRun.figures)}; isolated ${baseRun.isolated}`);
  }
  reportErrors(env, errors, 'offline');

  const size = (side: readonly OfflineRun<unknown>[], pick: (p: PrecacheInfo) => number, unit: 'bytes' | 'files') => summarize(side.map((r) => pick(r.precache)), unit);
  const rows: Row[] = [
    // From the first navigation: the app stores itself and reloads once into isolation on the way.
    ...visitRows('first visit, host without headers', app.map((r) => r.firstVisit), base.map((r) => r.firstVisit)),
    ...visitRows('offline reload', app.map((r) => r.figures), base.map((r) => r.figures)),
    { figure: 'offline copy: size', app: size(app, (p) => p.bytes, 'bytes'), baseline: size(base, (p) => p.bytes, 'bytes'), note: "app: its service worker's precache; baseline: the files its first visit loaded" },
    { figure: 'offline copy: files', app: size(app, (p) => p.files, 'files'), baseline: size(base, (p) => p.files, 'files') },
  ];
  return {
    rows,
    details: {
      measuredFrom: 'navigation start of the reload, with the browser offline and the server stopped, to painted (DOM + rAF + message)',
      server: 'header-less static server (test/e2e/static-server.ts), one per page',
      precache: { app: app[0]?.precache, baseline: base[0]?.precache },
      baselineFiles,
      crossOriginIsolated: { app: app.map((r) => r.isolated), baseline: base.map((r) => r.isolated) },
      baselineStorage: env.baselineStorage,
      pageErrors: errors,
    },
  };
}
