import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { launchPersistent } from './browser';
import { useChromium } from './use-chromium';
import { buildApp } from './builds';
import { serveStatic, type StaticServer } from './static-server';
import { button, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';
import { countLoads, goOffline, waitForIsolation, waitForKernelReady, watchTraffic } from './offline-page';

const browser = useChromium();
const SUB_PATH_BUILD = 'dist-e2e/sub-path';

beforeAll(async () => {
  // The same sources as `dist`, built as `npm run build -- --base /ripple/`.
  await buildApp({ outDir: SUB_PATH_BUILD, base: '/ripple/' });
});

/** Python and SQL with a bound `{var}`, and the reactive re-run, in a new notebook. */
async function runReactiveNotebook(page: Page): Promise<{ before: string[]; after: string[] }> {
  await newNotebook(page);
  await setCode(page, 1, 'user_id = 42');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  await button(page, 'Add SQL cell').click();
  await setCode(page, 2, 'SELECT {user_id} + 1 AS answer');
  await editor(page, 2).press('Control+Enter');
  await waitForStatus(page, 2, /done/);
  const before = await output(page, 2).getByRole('cell').allTextContents();
  await setCode(page, 1, 'user_id = 99');
  await editor(page, 1).press('Control+Enter');
  await output(page, 2).getByRole('cell', { name: '100', exact: true }).waitFor({ timeout: 30_000 });
  return { before, after: await output(page, 2).getByRole('cell').allTextContents() };
}

describe.each([
  { name: 'at the root', build: 'dist', base: '/' },
  { name: 'under a sub-path', build: SUB_PATH_BUILD, base: '/ripple/' },
])('a static host that sets no headers, $name', ({ build, base }) => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(build, { base });
  });
  afterAll(async () => server.close());

  it('is isolated after one reload, then runs Python and SQL with no network at all', async () => {
    const context = await browser().newContext();
    const traffic = watchTraffic(context);
    const page = await context.newPage();
    const loads = countLoads(page);
    await page.goto(server.url);
    await waitForIsolation(page);
    const firstVisitLoads = loads();
    // The sample notebook ran: Python and its database are up (a reload before that would
    // abort their downloads, which would count as failed requests below).
    await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
    const origin = new URL(server.url).origin;
    const online = { elsewhere: traffic.elsewhere(origin), failed: [...traffic.failed] };

    await goOffline(context, server);
    await page.reload();
    await waitForIsolation(page);
    const notebook = await runReactiveNotebook(page);

    // Interrupted in place: the loop stops and the namespace survives.
    await button(page, 'Add Python cell').click();
    await setCode(page, 3, 'while True:\n    pass');
    await editor(page, 3).press('Control+Enter');
    await waitForStatus(page, 3, /running/);
    await button(page, 'Interrupt').click();
    await waitForStatus(page, 3, /error/, 15_000);
    const interrupted = await output(page, 3).textContent();
    await setCode(page, 3, 'user_id * 2');
    await editor(page, 3).press('Control+Enter');
    await output(page, 3).getByText('198').waitFor({ timeout: 30_000 });

    const facts = {
      firstVisitLoads,
      online,
      notebook,
      interrupted,
      elsewhere: traffic.elsewhere(origin),
      failed: traffic.failed,
      errors: traffic.errors,
    };
    await context.close();
    expect(facts).toEqual({
      firstVisitLoads: 2, // the first load, and the one reload into isolation
      online: { elsewhere: [], failed: [] },
      notebook: { before: ['43'], after: ['100'] },
      interrupted: 'Interrupted (KeyboardInterrupt). The namespace is kept.',
      elsewhere: [],
      failed: [],
      errors: [],
    });
  }, 300_000);

  it('is installable, with every manifest icon loading at its size, and offers "Install app"', async () => {
    const host = await serveStatic(build, { base });
    const profile = mkdtempSync(join(tmpdir(), 'ripple-install-'));
    const context = await launchPersistent(profile);
    // Whether the browser made its offer to this page at all, should the button not show.
    await context.addInitScript(() => {
      addEventListener('beforeinstallprompt', () => document.documentElement.setAttribute('data-test-offered', 'yes'));
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url);
    await waitForIsolation(page);
    // Shown when the browser fires beforeinstallprompt: it judged the app installable.
    const installButton = async (): Promise<string> =>
      page
        .getByRole('button', { name: 'Install app' })
        .waitFor({ timeout: 60_000 })
        .then(
          () => 'Install app',
          async () => `no button; the browser offered: ${(await page.locator('html').getAttribute('data-test-offered')) ?? 'no'}`,
        );
    let offered = await installButton();
    // The browser makes its offer once per page load. Should it have made none to this one
    // (CI saw the button missing once, cause unknown), a second load is asked for; a
    // button missing after an offer fails at once.
    if (offered === 'no button; the browser offered: no') {
      await page.reload();
      await waitForIsolation(page);
      offered = await installButton();
    }
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      const response = await fetch(link!.href);
      const json = (await response.json()) as { start_url: string; scope: string; display: string; icons: { src: string; sizes: string; purpose: string }[] };
      const icons = await Promise.all(
        json.icons.map(async (icon) => {
          const image = new Image();
          image.src = new URL(icon.src, response.url).href;
          await image.decode();
          return { sizes: icon.sizes, purpose: icon.purpose, loaded: `${image.naturalWidth}x${image.naturalHeight}` };
        }),
      );
      return { start_url: json.start_url, scope: json.scope, display: json.display, icons };
    });
    await context.close();
    await host.close();
    rmSync(profile, { recursive: true, force: true });
    expect({ offered, installabilityErrors, manifest }).toEqual({
      offered: 'Install app',
      installabilityErrors: [],
      manifest: {
        start_url: base,
        scope: base,
        display: 'standalone',
        icons: [
          { sizes: '192x192', purpose: 'any', loaded: '192x192' },
          { sizes: '512x512', purpose: 'any', loaded: '512x512' },
          { sizes: '512x512', purpose: 'maskable', loaded: '512x512' },
        ],
      },
    });
  }, 300_000);
});

describe('a static host that sends the isolation headers and validators', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic('dist', { isolation: true, validators: true });
  });
  afterAll(async () => server.close());

  // No reload into isolation is coming, so the kernel need not wait for the offline copy,
  // which is saved after the kernel's start; the copy then comes from the browser's HTTP
  // cache, not a second download.
  // A regular profile, as users have: an incognito context keeps its HTTP cache in
  // memory, where files of several MB are not kept, so there they were downloaded twice.
  it('starts the kernel before the service worker is registered, downloads each kernel file once, and works offline', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'ripple-isolated-host-'));
    const context = await launchPersistent(profile);
    await context.addInitScript(() => {
      navigator.serviceWorker?.addEventListener('controllerchange', () => {
        (window as { controlledAt?: number }).controlledAt = performance.now();
      });
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const loads = countLoads(page);
    await page.goto(server.url);
    await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
    await waitForIsolation(page);
    const order = await page.evaluate(() => ({
      kernelCreated: performance.getEntriesByName('ripple:kernel worker created')[0]?.startTime ?? NaN,
      controlled: (window as { controlledAt?: number }).controlledAt ?? NaN,
      registered: performance.getEntriesByType('mark').map((mark) => mark.name).filter((name) => name.startsWith('ripple:service worker registered')),
    }));
    // Content-addressed: Pyodide's runtime, its snapshot and standard library, PGlite's wasm, the template.
    const built = readdirSync('dist', { recursive: true, encoding: 'utf8' }).map((file) => `/${file.split(sep).join('/')}`);
    const kernelFiles = [/\/pyodide\.asm\.wasm$/, /\/snapshot\.bin\.gz$/, /\/python_stdlib\.zip$/, /\/pglite\/[0-9a-f]{12}\/pglite\.wasm$/, /\/template-\w+\.tar\.gz$/].map(
      (pattern) => built.find((file) => pattern.test(file)) ?? String(pattern),
    );
    const firstVisitLoads = loads();

    await goOffline(context, server);
    await page.reload();
    await waitForIsolation(page);
    const notebook = await runReactiveNotebook(page);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    expect({
      kernelStartedFirst: order.kernelCreated < order.controlled,
      // Its install (the whole app) waits for the kernel's start and the opening run.
      registered: order.registered,
      // Full responses; a revalidation (304) sends no body.
      downloads: Object.fromEntries(kernelFiles.map((file) => [file, server.responses(file).filter((status) => status === 200).length])),
      firstVisitLoads,
      notebook,
    }).toEqual({
      kernelStartedFirst: true,
      registered: ['ripple:service worker registered after start-up'],
      downloads: Object.fromEntries(kernelFiles.map((file) => [file, 1])),
      firstVisitLoads: 1,
      notebook: { before: ['43'], after: ['100'] },
    });
  }, 300_000);
});

describe('a first visit interrupted while its new database is written', () => {
  it('runs its notebook after the reload: the unfinished database is made again', async () => {
    const host = await serveStatic('dist');
    const context = await browser().newContext();
    const page = await context.newPage();
    await page.goto(host.url);
    await waitForIsolation(page);
    // Python is up in about half a second; the database takes seconds more to be
    // written from the template into OPFS: reloading now leaves it half written.
    await waitForKernelReady(page);
    const resultsBeforeReload = await page.getByRole('table').count();
    await page.reload();
    await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
    const rows = await output(page, 3).getByRole('row').count();
    await context.close();
    await host.close();
    expect({ resultsBeforeReload, rows }).toEqual({ resultsBeforeReload: 0, rows: 2 });
  }, 300_000);
});
