import type { Browser, BrowserContext, Page } from 'playwright-core';
import { exportPy } from '../src/files/py-format';
import type { NotebookFileCell } from '../src/files/types';
import type { BaselineStorage } from './baseline/protocol';

/** A page and the errors it reported (kept with the results, not hidden). */
export interface OpenPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

/** A fresh context (empty cache, IndexedDB and OPFS). */
export async function freshPage(browser: Browser): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return { context, ...(await watchedPage(context)) };
}

export async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // "Failed to load resource" names no URL; the response handler below does.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
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
    readonly log: (line: string) => void,
  ) {}

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
      const opened = await freshPage(this.browser);
      await opened.page.goto(this.url);
      await opened.page.locator('[aria-label="Output of cell 4"] .text-output').waitFor({ timeout: 300_000 });
      return opened;
    })();
    return this.appPage;
  }

  /** The baseline page with both engines started, shared. */
  baseline(): Promise<OpenPage> {
    this.baselinePage ??= (async () => {
      const opened = await freshPage(this.browser);
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
