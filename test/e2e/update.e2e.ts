import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromium } from './use-chromium';
import { buildApp } from './builds';
import { serveStatic, type StaticServer } from './static-server';
import { button, cellAction, editor, exportItem, newNotebook, output, setCode, waitForStatus } from './notebook-page';
import { countLoads, goOffline, waitForIsolation, waitForKernelReady, watchTraffic } from './offline-page';

const browser = useChromium();
const NEXT_BUILD = 'dist-e2e/next-version';
const NEXT_VERSION = '0.1.0-next';
let server: StaticServer;

beforeAll(async () => {
  // `dist` (built by the global setup) is the deployed version; this is the next one.
  await buildApp({ outDir: NEXT_BUILD, version: NEXT_VERSION });
});
beforeAll(async () => {
  server = await serveStatic('dist');
});
afterAll(async () => server.close());

function versionLabel(page: Page): Promise<string | null> {
  return page.getByRole('region', { name: 'Storage' }).getByText(/^Ripple /).textContent();
}

/** Deploys the next version and lets the browser look for it (as it does on navigations and periodically). */
async function deployNext(page: Page): Promise<void> {
  server.setRoot(NEXT_BUILD);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });
}

const banner = (page: Page) => page.getByRole('status', { name: 'App version' });

it('offers a new version without reloading, keeps what was typed, and runs the new version after Reload', async () => {
  server.setRoot('dist');
  const context = await browser().newContext();
  const traffic = watchTraffic(context);
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForIsolation(page);
  await waitForKernelReady(page);
  const oldVersion = await versionLabel(page);
  await newNotebook(page);
  // Data written by the old version, and an edit not yet run.
  await cellAction(page, 1, 'Delete cell');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 1, 'CREATE TABLE kept AS SELECT 7 AS v');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  await button(page, 'Add SQL cell').click();
  await setCode(page, 2, 'SELECT v * 6 AS answer FROM kept');

  const loads = countLoads(page);
  await deployNext(page);
  await banner(page).getByText(`A new version is ready (Ripple ${NEXT_VERSION}).`).waitFor({ timeout: 120_000 });
  const beforeReload = { loads: loads(), code: await editor(page, 2).textContent(), version: await versionLabel(page) };

  await button(banner(page), 'Reload').click();
  await page.getByRole('region', { name: 'Storage' }).getByText(`Ripple ${NEXT_VERSION}`).waitFor({ timeout: 60_000 });
  await waitForIsolation(page);
  const code = await editor(page, 2).textContent();
  // The new version's kernel opens the database the old version created.
  await editor(page, 2).press('Control+Enter');
  await waitForStatus(page, 2, /done/);
  const answer = await output(page, 2).getByRole('cell').allTextContents();
  const facts = { oldVersion, beforeReload, code, answer, loadsAfter: loads(), failed: traffic.failed, errors: traffic.errors };
  await context.close();
  expect(facts).toEqual({
    oldVersion: 'Ripple 0.1.0',
    beforeReload: { loads: 0, code: 'SELECT v * 6 AS answer FROM kept', version: 'Ripple 0.1.0' },
    code: 'SELECT v * 6 AS answer FROM kept',
    answer: ['42'],
    loadsAfter: 1,
    failed: [],
    errors: [],
  });
}, 300_000);

it("a tab left on the old version keeps working, offline, after another tab updated while it fetched; the old files go when it closes", async () => {
  server.setRoot('dist');
  const context = await browser().newContext();
  const traffic = watchTraffic(context);
  const updating = await context.newPage();
  await updating.goto(server.url);
  await waitForIsolation(updating);
  await waitForKernelReady(updating);
  const staying = await context.newPage();
  await staying.goto(server.url);
  await newNotebook(staying);
  await waitForKernelReady(staying);

  await deployNext(updating);
  await banner(updating).getByText(`A new version is ready (Ripple ${NEXT_VERSION}).`).waitFor({ timeout: 120_000 });
  // The other tab's requests reach the old worker while Chromium stops it to hand over:
  // they start it again, and without the page asking again the new version waited for
  // minutes (activation-nudge.ts).
  await fetchFor(staying, 3000);
  await button(banner(updating), 'Reload').click();
  await updating.getByRole('region', { name: 'Storage' }).getByText(`Ripple ${NEXT_VERSION}`).waitFor({ timeout: 60_000 });
  await banner(staying).getByText('Ripple was updated in another tab. Reload this tab to use the new version.').waitFor({ timeout: 30_000 });

  // The old tab's kernel restarts from the old version's files (its worker script is a
  // different file in the new version), which only the service worker still has.
  await goOffline(context, server);
  await button(staying, 'Restart kernel').click();
  await waitForKernelReady(staying);
  await setCode(staying, 1, '6 * 7');
  await editor(staying, 1).press('Control+Enter');
  await output(staying, 1).getByText('42').waitFor({ timeout: 60_000 });
  const whileOpen = await kernelWorkerScripts(updating);

  await staying.close();
  await updating.reload(); // a navigation lets the worker see that the old tab is gone
  await waitForIsolation(updating);
  await expect.poll(() => kernelWorkerScripts(updating), { timeout: 30_000 }).toHaveLength(1);
  const facts = { whileOpen: whileOpen.length, failed: traffic.failed, errors: traffic.errors };
  await context.close();
  // Two versions' kernel scripts while the old tab was open; the new one's alone after.
  expect(facts).toEqual({ whileOpen: 2, failed: [], errors: [] });
}, 300_000);

/** Starts four loops fetching one of the app's files, back to back, for `ms` (returns at once). */
async function fetchFor(page: Page, ms: number): Promise<void> {
  await page.evaluate((ms) => {
    const end = Date.now() + ms;
    const next = (): void => {
      if (Date.now() < end) void fetch('version.json').then((r) => r.arrayBuffer()).then(next, next);
    };
    for (let i = 0; i < 4; i++) next();
  }, ms);
}

/** The kernel worker scripts in the app's precache (one per version kept). */
function kernelWorkerScripts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((name) => name.includes('precache'));
    const urls = await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)));
    return urls.flat().filter((url) => /\/assets\/kernel-worker-[^/]+\.js$/.test(url));
  });
}

it('a database written by another PostgreSQL major is never opened: the cell says why, and the database is kept', async () => {
  await server.close(); // the test before went offline
  server = await serveStatic('dist');
  const context = await browser().newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await waitForIsolation(page);
  await output(page, 3).getByRole('table').waitFor({ timeout: 120_000 }); // its database is open
  const database = `ripple-${/#\/notebook\/(.+)$/.exec(page.url())?.[1]}`;
  // What the update banner advises before such an update: the data as SQL.
  const download = page.waitForEvent('download');
  await (await exportItem(page, 'Export SQL')).click();
  const dump = await readFile((await (await download).path()) ?? '', 'utf8');
  // As if an update had moved Ripple past the PostgreSQL that wrote this database.
  await page.evaluate(async (name) => {
    const handle = await (await navigator.storage.getDirectory()).getFileHandle(`${name}.postgres-major`);
    const writable = await handle.createWritable();
    await writable.write('17\n');
    await writable.close();
  }, database);
  await page.reload();
  await waitForStatus(page, 3, /error/);
  const message = await output(page, 3).textContent();
  const kept = await page.evaluate(async (name) => {
    const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    const entries: string[] = [];
    for await (const key of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) entries.push(key);
    return entries.length > 0;
  }, database);
  await context.close();
  expect({ kept, message, dump }).toEqual({
    kept: true,
    dump: expect.stringContaining(
      `INSERT INTO "public"."users" ("id", "name", "email") VALUES\n  ('1', 'Ada Lovelace', 'ada@example.com'),\n  ('2', 'Grace Hopper', 'grace@example.com'),\n  ('3', 'Alan Turing', 'alan@example.com');`,
    ),
    message: expect.stringContaining(
      "This notebook's database was written by PostgreSQL 17, and this version of Ripple runs PostgreSQL 18, which cannot open it. The database was not opened, changed or deleted",
    ),
  });
}, 300_000);
