import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent } from './browser';
import { serveStatic } from './static-server';
import { button, cellAction, editor, newNotebook, output, setCode, waitForSaved, waitForStatus } from './notebook-page';
import { waitForIsolation, watchTraffic } from './offline-page';

const INSERT = 'CREATE TABLE IF NOT EXISTS kept (v int);\nINSERT INTO kept VALUES (41);\nSELECT count(*) AS n FROM kept';

/** Kills the browser of a profile with SIGKILL: nothing is flushed, no handler runs. */
function killBrowser(profile: string): void {
  const pids = execFileSync('pgrep', ['-f', '--', `--user-data-dir=${profile}`], { encoding: 'utf8' }).trim().split('\n');
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone with its parent
    }
  }
}

function persistence(page: Page) {
  return page.getByRole('region', { name: 'Storage' }).getByLabel('Storage persistence');
}

/** Lets the origin keep its storage under pressure, as a browser does for an installed or bookmarked app. */
async function grantPersistence(context: BrowserContext, page: Page, origin: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Browser.grantPermissions', { permissions: ['durableStorage'], origin });
}

it('keeps the notebook and its rows through a killed browser, reopened offline; one tab at a time still', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'ripple-profile-'));
  const server = await serveStatic('dist');
  const origin = new URL(server.url).origin;

  const first = await launchPersistent(profile);
  const page = first.pages()[0] ?? (await first.newPage());
  await page.goto(server.url);
  await waitForIsolation(page);
  await newNotebook(page);
  // Creating a notebook asks for persistent storage; headless Chromium refuses.
  const refused = await persistence(page).textContent();
  await cellAction(page, 1, 'Delete cell');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 1, INSERT);
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  const before = await output(page, 1).getByRole('cell').allTextContents();
  const url = page.url();
  await waitForSaved(page, INSERT); // the notebook is on disk before the kill
  killBrowser(profile);
  await first.close().catch(() => {});
  await server.close();

  const second = await launchPersistent(profile, { offline: true });
  const traffic = watchTraffic(second);
  const reopened = second.pages()[0] ?? (await second.newPage());
  await grantPersistence(second, reopened, origin);
  await reopened.goto(url);
  await waitForIsolation(reopened);
  await waitForStatus(reopened, 1, /done/);
  // It re-ran on open: a second row proves the first one survived the kill.
  const after = await output(reopened, 1).getByRole('cell').allTextContents();
  const persisted = await persistence(reopened).textContent();
  const used = await reopened.getByRole('region', { name: 'Storage' }).getByLabel('Storage used').textContent();

  // The one-tab lock holds with the service worker, offline.
  const other = await second.newPage();
  await other.goto(url);
  await other.getByRole('alert').filter({ hasText: 'open in another tab' }).waitFor({ timeout: 30_000 });
  await button(other, 'Use it here').click();
  await reopened.getByRole('alert').filter({ hasText: 'opened in another tab' }).waitFor({ timeout: 30_000 });
  await waitForStatus(other, 1, /done/);
  const taken = await output(other, 1).getByRole('cell').allTextContents();
  const facts = { refused, before, after, persisted, used, taken, failed: traffic.failed, errors: traffic.errors };
  await second.close();
  rmSync(profile, { recursive: true, force: true });
  expect(facts).toEqual({
    refused: 'Not persistent: the browser refused, so it may delete your notebooks and databases when the device runs low on space; export the ones you need.',
    before: ['1'],
    after: ['2'],
    persisted: 'Persistent: the browser keeps your notebooks even when space runs low.',
    used: expect.stringMatching(/^\d+(\.\d)? [kMG]?B of \d+(\.\d)? [kMGT]?B used$/),
    taken: ['3'],
    failed: [],
    errors: [],
  });
}, 300_000);
