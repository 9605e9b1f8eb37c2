import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './browser';
import { output } from './notebook-page';
import { waitForIsolation } from './offline-page';

// Chromium keeps V8's compiled code for a wasm module beside the module's Cache Storage
// entry and compiles the next load from it, but only when the service worker answers
// with the response exactly as Cache Storage returned it. V8 writes that code once it has
// optimised 1 MB of a module's functions (a long session's worth); this flag makes it
// write as soon as any function is optimised, so that one start-up is enough here.
const CACHE_AT_ONCE = '--js-flags=--wasm-caching-timeout-ms=0';

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, CACHE_AT_ONCE], headless: true });
});
afterAll(async () => {
  await browser?.close();
});

const ENGINES = { pglite: /\/pglite-[\w-]+\.wasm$/, python: /\/pyodide\.asm\.wasm$/ };

async function sampleRan(page: Page): Promise<void> {
  await waitForIsolation(page);
  await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
}

/** The wasm modules this reload compiled from cached code (Chromium's trace says which). */
async function reloadAndListCacheHits(page: Page): Promise<string[]> {
  await browser!.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
  await page.reload();
  await sampleRan(page);
  const trace = JSON.parse((await browser!.stopTracing()).toString('utf8')) as { traceEvents: { name: string; args?: { url?: string } }[] };
  return trace.traceEvents.filter((event) => event.name === 'v8.wasm.moduleCacheHit').map((event) => new URL(event.args?.url ?? '', 'http://x').pathname);
}

it("a reload compiles PGlite's and Python's wasm from the code the session before cached", async () => {
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
  expect(Object.fromEntries(Object.entries(ENGINES).map(([name, engine]) => [name, hits.some((path) => engine.test(path))]))).toEqual({ pglite: true, python: true });
}, 240_000);
