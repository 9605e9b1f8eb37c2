import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { exportPy } from '../src/files/py-format';
import { launchPersistent } from '../test/e2e/browser';
import type { NotebookFileCell } from '../src/files/types';
import type { BaselineStorage } from './baseline/protocol';
import { SNAPSHOT_DIRECTORY } from '../workers/python/snapshot-copies';

/** A page and the errors it reported (kept with the results, not hidden). */
export interface OpenPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

/**
 * Where a fresh page's profile lives. 'regular': a new on-disk profile, as a user's
 * browser and every installed app has. 'incognito': a new context of the one shared
 * browser, which Chromium keeps in memory; there each call on an OPFS sync access
 * handle is a round trip to the browser process (about 1 ms each on this machine,
 * against microseconds on disk), which multiplied PGlite's file work by 3 or more.
 */
export type BenchProfile = 'regular' | 'incognito';

const VIEWPORT = { width: 1280, height: 900 };

/**
 * A fresh context (empty cache, IndexedDB and OPFS) in a profile of that kind. A
 * regular profile's directory is added to `profiles`, for the caller to remove once its
 * browser has ended (it still writes there while it closes).
 */
export async function freshPage(browser: Browser, profile: BenchProfile, profiles: string[]): Promise<OpenPage> {
  let context: BrowserContext;
  if (profile === 'incognito') context = await browser.newContext({ viewport: VIEWPORT });
  else {
    const dir = mkdtempSync(join(tmpdir(), 'ripple-bench-profile-'));
    profiles.push(dir);
    context = await launchPersistent(dir, { viewport: VIEWPORT });
  }
  return { context, ...(await watchedPage(context)) };
}

/** What each page logged with `console.debug('ripple-bench:<name>')` since its last navigation. */
const signals = new WeakMap<Page, { readonly seen: Set<string>; readonly waiters: Set<() => void> }>();
const SIGNAL = 'ripple-bench:';

/**
 * Until the page has logged `ripple-bench:<name>` in its current document. Waiting so
 * runs nothing in the page: `waitForFunction` injects Playwright's script (330 KB) into a
 * new document, 25-40 ms of the main thread in the middle of the start-up it times.
 */
export function pageSignal(page: Page, name: string, timeout: number): Promise<void> {
  const state = signals.get(page);
  if (!state) return Promise.reject(new Error('pageSignal needs a page opened through watchedPage'));
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!state.seen.has(name)) return;
      clearTimeout(timer);
      state.waiters.delete(check);
      resolve();
    };
    const timer = setTimeout(() => {
      state.waiters.delete(check);
      reject(new Error(`The page did not signal ${name} within ${timeout} ms`));
    }, timeout);
    state.waiters.add(check);
    check();
  });
}

/**
 * An expression, evaluated in the app's page, for whether Python's kept snapshot copy is
 * written (a `.bin` file in its OPFS directory: written under another name, renamed once
 * complete). The kernel writes it once its start-up is over (workers/startup-over.ts), so
 * a reload that is to start from it waits for it, as the floor page's does.
 */
export const SNAPSHOT_KEPT = `(async () => {
  try {
    const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle(${JSON.stringify(SNAPSHOT_DIRECTORY)});
    for await (const name of directory.keys()) if (name.endsWith('.bin')) return true;
  } catch {}
  return false;
})()`;

/**
 * Until `check` answers true, looking every `pollMs`: for a state that announces nothing
 * (a file written in OPFS). Each look is one short task in the page.
 */
export async function until(check: () => Promise<boolean>, timeoutMs: number, pollMs = 100): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  const state = { seen: new Set<string>(), waiters: new Set<() => void>() };
  signals.set(page, state);
  // A new document starts with no signals. (Playwright reports a same-document navigation,
  // such as the app setting the address's hash on a first visit, alike: wait before it.)
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) state.seen.clear();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'debug' && text.startsWith(SIGNAL)) {
      state.seen.add(text.slice(SIGNAL.length));
      for (const waiter of [...state.waiters]) waiter();
    }
    // "Failed to load resource" names no URL; the response handler below does.
    if (message.type() === 'error' && !text.startsWith('Failed to load resource')) errors.push(text);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  return { page, errors };
}

/**
 * What every scenario gets from the orchestrator. The app page and the baseline page
 * are opened once and shared by the scenarios that do not measure start-up: each
 * first visit costs tens of seconds on a small machine (the baseline runs initdb).
 */
export class BenchEnv {
  private appPage: Promise<OpenPage> | undefined;
  private baselinePage: Promise<OpenPage> | undefined;

  constructor(
    readonly browser: Browser,
    /** The app, served from dist-bench/ (ends with a slash). */
    readonly url: string,
    /** dist-bench/ itself, for scenarios that serve it their own way. */
    readonly dir: string,
    readonly baselineStorage: BaselineStorage,
    readonly profile: BenchProfile,
    readonly log: (line: string) => void,
  ) {}

  private readonly profiles: string[] = [];

  /** A fresh page in this run's kind of profile. */
  freshPage(): Promise<OpenPage> {
    return freshPage(this.browser, this.profile, this.profiles);
  }

  href(path: string): string {
    return new URL(path, this.url).href;
  }

  /** The baseline page under `base` (this.url unless given); `offline`: it saves itself for offline use. */
  baselineHref(base = this.url, offline = false): string {
    return new URL(`bench/baseline/baseline.html?storage=${this.baselineStorage}${offline ? '&offline=1' : ''}`, base).href;
  }

  /** The app with its sample notebook run once (a first visit), shared. */
  app(): Promise<OpenPage> {
    this.appPage ??= (async () => {
      const opened = await this.freshPage();
      await opened.page.goto(this.url);
      await opened.page.locator('[aria-label="Output of cell 4"] .text-output').waitFor({ timeout: 300_000 });
      return opened;
    })();
    return this.appPage;
  }

  /** The baseline page with both engines started, shared. */
  baseline(): Promise<OpenPage> {
    this.baselinePage ??= (async () => {
      const opened = await this.freshPage();
      await opened.page.goto(this.baselineHref());
      await opened.page.waitForFunction(() => window.baseline !== undefined);
      await opened.page.evaluate(() => window.baseline!.started);
      return opened;
    })();
    return this.baselinePage;
  }

  /**
   * Hands a page that is already where app() or baseline() would leave it (the startup
   * scenario's last warm reload) to the later scenarios, sparing them a first visit.
   */
  adopt(kind: 'app' | 'baseline', opened: OpenPage): boolean {
    opened.errors.splice(0); // already reported by whoever opened it
    if (kind === 'app' && !this.appPage) this.appPage = Promise.resolve(opened);
    else if (kind === 'baseline' && !this.baselinePage) this.baselinePage = Promise.resolve(opened);
    else return false;
    return true;
  }

  /** Errors the shared pages reported so far (each once). */
  sharedErrors(): Promise<string[]> {
    return Promise.all([this.appPage, this.baselinePage].map(async (p) => (p ? (await p).errors.splice(0) : []))).then((lists) => lists.flat());
  }

  async close(): Promise<void> {
    for (const opened of [this.appPage, this.baselinePage]) await (await opened?.catch(() => undefined))?.context.close();
    for (const dir of this.profiles.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * Imports a notebook as a user would (Import notebook, a `.py` file written by the
 * app's own exporter) and runs it with Trust and run, as a user who trusts the file
 * (a notebook from a file runs nothing on open); resolves once it is on screen.
 */
export async function importNotebook(page: Page, title: string, cells: readonly NotebookFileCell[]): Promise<void> {
  const text = exportPy({ title, cells, database: { kind: 'pglite', storage: 'auto', name: '' } });
  const name = `${title.replace(/\W+/g, '-').toLowerCase()}.py`;
  await page.getByLabel('Import notebook').setInputFiles({ name, mimeType: 'text/x-python', buffer: Buffer.from(text) });
  await page.waitForFunction(
    ([wanted, count]) =>
      document.querySelector<HTMLInputElement>('[aria-label="Notebook title"]')?.value === wanted &&
      document.querySelector(`[aria-label="Cell ${count}"]`) !== null &&
      document.querySelector(`[aria-label="Cell ${count + 1}"]`) === null,
    [title, cells.length] as const,
    { timeout: 120_000 },
  );
  await page.getByRole('region', { name: 'Notebook from a file' }).getByRole('button', { name: 'Trust and run', exact: true }).click();
}

export function reportErrors(env: BenchEnv, errors: readonly string[], where: string): void {
  for (const error of errors) env.log(`  ! ${where}: ${error}`);
}
