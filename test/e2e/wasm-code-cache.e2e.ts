import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';
import { SNAPSHOT_DIRECTORY } from '../../workers/python/snapshot-copies';
import { output } from './notebook-page';
import { waitForIsolation } from './offline-page';

// Chromium keeps V8's compiled code beside a Cache Storage entry (a wasm module's
// optimised code, a script's bytecode) and starts the next load from it, but only when
// the service worker answers with the response exactly as Cache Storage returned it.
// V8 writes a wasm module's code once it has optimised 1 MB of its functions (a long
// session's worth); this flag makes it write as soon as any function is optimised, so
// that one start-up is enough here. A script's code is kept from its second load.
const CACHE_AT_ONCE = '--js-flags=--wasm-caching-timeout-ms=0';

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, CACHE_AT_ONCE], headless: true });
});
afterAll(async () => {
  await browser?.close();
});

const ENGINES = { pglite: /\/pglite\/[0-9a-f]{12}\/pglite\.wasm$/, python: /\/pyodide\.asm\.wasm$/, pythonGlue: /\/pyodide\.asm\.mjs$/ };

interface TraceEvent {
  readonly name: string;
  readonly args?: { readonly url?: string; readonly data?: { readonly url?: string; readonly consumedCacheSize?: number } };
}

async function sampleRan(page: Page): Promise<void> {
  await waitForIsolation(page);
  await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
}

/**
 * The files this reload compiled from cached code, as Chromium's trace says: a wasm
 * module's cache hit, or a script compiled with a consumed code cache.
 */
async function reloadAndListCacheHits(page: Page): Promise<string[]> {
  await browser!.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.reload();
  await sampleRan(page);
  const trace = JSON.parse((await browser!.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  const hits = trace.traceEvents.flatMap((event) => {
    if (event.name === 'v8.wasm.moduleCacheHit') return [event.args?.url ?? ''];
    if (event.name === 'v8.compileModule' && (event.args?.data?.consumedCacheSize ?? 0) > 0) return [event.args?.data?.url ?? ''];
    return [];
  });
  return hits.map((url) => new URL(url, 'http://x').pathname);
}

it("a reload compiles PGlite's and Python's engines from the code the session before cached", async () => {
  const context = await browser!.newContext();
  const page = await context.newPage();
  // A host without headers: the first visit reloads into isolation under the service
  // worker, so the kernel's engines are fetched through it from the start.
  await page.goto(inject('plainURL'));
  await sampleRan(page);
  // The code is written to Cache Storage after the compile, asynchronously: a reload may
  // come before it has landed, so up to three reloads, each of which caches again.
  let hits: string[] = [];
  for (let reload = 0; reload < 3; reload++) {
    hits = await reloadAndListCacheHits(page);
    if (Object.values(ENGINES).every((engine) => hits.some((path) => engine.test(path)))) break;
  }
  await context.close();
  expect(Object.fromEntries(Object.entries(ENGINES).map(([name, engine]) => [name, hits.some((path) => engine.test(path))]))).toEqual({ pglite: true, python: true, pythonGlue: true });
}, 240_000);

/** The OPFS files the kernel keeps the inflated Python snapshot in (workers/python/snapshot-copies.ts): name → size. */
function snapshotCopies(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async (directory) => {
    const sizes: Record<string, number> = {};
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(directory);
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemFileHandle]> }).entries()) sizes[name] = (await handle.getFile()).size;
    } catch {
      // No directory yet.
    }
    return sizes;
  }, SNAPSHOT_DIRECTORY);
}

it('a reload starts Python from the snapshot kept inflated, without fetching the shipped one', async () => {
  const context = await browser!.newContext();
  const page = await context.newPage();
  await page.goto(inject('plainURL'));
  await sampleRan(page);
  // What the first start keeps: the shipped snapshot, inflated, under its directory's hash.
  const shipped = readdirSync('dist', { recursive: true, encoding: 'utf8' }).find((file) => file.endsWith('snapshot.bin.gz'))!;
  const kept = { [`${shipped.split(sep).at(-2)}.bin`]: gunzipSync(readFileSync(join('dist', shipped))).length };
  await expect.poll(() => snapshotCopies(page), { timeout: 30_000 }).toEqual(kept);
  // The kernel worker's requests are the page's too (Playwright reports a dedicated worker's).
  const snapshotRequests: string[] = [];
  context.on('request', (request) => {
    if (request.url().endsWith('/snapshot.bin.gz')) snapshotRequests.push(request.url());
  });
  await page.reload();
  await sampleRan(page);
  const after = await snapshotCopies(page);
  await context.close();
  expect({ snapshotRequests, after }).toEqual({ snapshotRequests: [], after: kept });
}, 180_000);
