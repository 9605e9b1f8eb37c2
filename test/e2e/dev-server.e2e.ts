// `npm start`, the README's first command: Vite's dev server, not the production build
// the other end-to-end files load. It serves the kernel's files from its middleware and
// transforms PGlite's modules on request (scripts/vite-kernel-assets.ts).
import { createServer, type ViteDevServer } from 'vite';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FloorStartup } from '../../bench/floor/protocol';
import { readTimeline } from '../../bench/timeline';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { output } from './notebook-page';

const browser = useChromium();
let server: ViteDevServer | undefined;

beforeAll(async () => {
  server = await createServer({ server: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  await server.listen();
});
afterAll(async () => {
  await server?.close();
});

it('runs the sample notebook from the dev server, PGlite on its patched wasm', async () => {
  const url = server?.resolvedUrls?.local[0];
  if (!url) throw new Error('The dev server did not report a URL');
  const { page, context, errors } = await openPage(browser(), 'about:blank');
  const wasm = new Set<string>();
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) wasm.add(path.replace(/\/[0-9a-f]{12}\//, '/<hash>/'));
  });
  await page.goto(url);
  // The dev server transforms the app's modules on first request: slower than the build.
  await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 90_000 });
  const facts = {
    isolated: await page.evaluate(() => globalThis.crossOriginIsolated),
    pgliteWasm: [...wasm].filter((path) => path.endsWith('/pglite.wasm')),
    errors,
  };
  await context.close();
  expect(facts).toEqual({ isolated: true, pgliteWasm: ['/pglite/<hash>/pglite.wasm'], errors: [] });
});

/** The floor page's figures once it has painted its result, and its workers' timelines. */
async function floorVisit(page: Page): Promise<{ figures: FloorStartup; workers: Record<string, string[]> }> {
  const figures = await page.evaluate(() => window.floor!.started);
  const workers: Record<string, string[]> = {};
  for (const worker of page.workers()) {
    const name = /(python|pglite)-worker/.exec(worker.url())?.[1];
    if (name) workers[name] = (await worker.evaluate(readTimeline)).entries.map((e) => e.name).filter((n) => n.startsWith('python:') || n.startsWith('pglite:'));
  }
  return { figures, workers };
}

// The bench's floor page (bench/floor/, `npm run bench` measures it against the app):
// Pyodide and PGlite started the way the kernel starts them, in bare workers. Served by
// the dev server like any page under the root, with the app's kernel files.
it("serves the bench's floor page: both engines, each alone and none, started as the kernel starts them", async () => {
  const url = server?.resolvedUrls?.local[0];
  if (!url) throw new Error('The dev server did not report a URL');
  const { page, context, errors } = await openPage(browser(), 'about:blank');
  try {
    await page.goto(new URL('bench/floor/floor.html', url).href);
    const first = await floorVisit(page);
    await expect.poll(() => page.evaluate(() => window.floor!.snapshotKept()), { timeout: 60_000 }).toBe(true);
    await page.reload();
    const reload = await floorVisit(page);
    await page.goto(new URL('bench/floor/floor.html?engines=python', url).href);
    const python = await floorVisit(page);
    await page.goto(new URL('bench/floor/floor.html?engines=pglite', url).href);
    const pglite = await floorVisit(page);
    await page.goto(new URL('bench/floor/floor.html?engines=none', url).href);
    const none = await floorVisit(page);

    for (const visit of [first, reload, python, pglite, none]) {
      expect(visit.figures.result).toBe(42);
      expect(visit.figures.pagePaintedMs).toBeLessThan(visit.figures.firstResultMs);
    }
    // A first visit fetches the snapshot and creates the database from the template; the
    // reload starts Python from the kept copy and opens the database.
    expect(first.figures.engines).toEqual(['python', 'pglite']);
    expect(first.workers.python).toEqual(expect.arrayContaining(['python: snapshot fetch', 'python: interpreter from snapshot']));
    expect(first.workers.pglite).toContain('pglite: create from template');
    expect(reload.workers.python).toContain('python: snapshot copy read');
    expect(reload.workers.python).not.toContain('python: snapshot fetch');
    expect(reload.workers.pglite).toContain('pglite: create');
    expect(Math.max(reload.figures.pyodideReadyMs!, reload.figures.pgliteReadyMs!)).toBeLessThan(reload.figures.firstResultMs);
    // Alone: the other engine's worker is never started.
    expect({ engines: python.figures.engines, workers: Object.keys(python.workers), pglite: python.figures.pgliteReadyMs }).toEqual({ engines: ['python'], workers: ['python'], pglite: undefined });
    expect({ engines: pglite.figures.engines, workers: Object.keys(pglite.workers), python: pglite.figures.pyodideReadyMs }).toEqual({ engines: ['pglite'], workers: ['pglite'], python: undefined });
    // None: a page with nothing to start, for its first frame.
    expect({ engines: none.figures.engines, workers: page.workers().length }).toEqual({ engines: [], workers: 0 });
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});
