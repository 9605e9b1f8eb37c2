import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exportPy } from '../../src/files/py-format';
import { openPage } from './browser';
import { button, editor, output, setCode, waitForStatus } from './notebook-page';
import { useChromium } from './use-chromium';

const browser = useChromium();

/**
 * Each cell leaves a trace when it runs: cell 1 prints, cell 2 adds a row to a table in
 * the notebook's own (persisted) database and shows how many runs it has seen, so the
 * count says exactly how often the notebook ran, whenever one looks.
 */
const FILE = exportPy({
  title: 'From elsewhere',
  database: { kind: 'pglite', storage: 'opfs-ahp', name: '' },
  cells: [
    { kind: 'python', code: 'print("cell 1 ran")' },
    { kind: 'sql', code: 'CREATE TABLE IF NOT EXISTS runs (n int);\nINSERT INTO runs VALUES (1);\nSELECT count(*) AS runs FROM runs' },
  ],
});

const banner = (page: Page) => page.getByRole('region', { name: 'Notebook from a file', exact: true });
const kernelReady = (page: Page) => page.getByRole('status', { name: 'Kernel state' }).filter({ hasText: 'Kernel: ready' }).waitFor({ timeout: 120_000 });
const statuses = (page: Page) => page.getByRole('status', { name: 'Cell status' }).allTextContents();
/** The focused element's accessible name as the UI sets it (aria-label, or a button's text). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element?.getAttribute('aria-label') ?? (element instanceof HTMLButtonElement ? element.textContent : element?.tagName ?? null);
  });

/** Waits until cell 2 shows `n` runs in its table; returns the table's cells (exactly `[n]`). */
async function runsSeen(page: Page, n: number): Promise<string[]> {
  await output(page, 2).getByRole('cell', { name: String(n), exact: true }).waitFor({ timeout: 120_000 });
  return output(page, 2).getByRole('cell').allTextContents();
}

/**
 * After the kernel is ready, runs cell 3 (a probe) explicitly and waits for it: a run
 * requested on open would have been queued before it, so once the probe has finished,
 * cells 1 and 2 would have run too. What they show then is meaningful.
 */
async function probe(page: Page, expected = /^(done|error)/): Promise<{ probe: string; statuses: string[]; outputs: string[] }> {
  await kernelReady(page);
  await editor(page, 3).press('Control+Enter');
  const probeStatus = await waitForStatus(page, 3, expected);
  const shown = probeStatus.startsWith('error') ? await output(page, 3).textContent() : (await output(page, 3).getByRole('cell').allTextContents()).join(' ');
  return {
    probe: `${probeStatus.replace(/ (in|after) .*/, '')}: ${shown?.trim()}`,
    statuses: (await statuses(page)).slice(0, 2),
    outputs: [(await output(page, 1).textContent()) ?? '', (await output(page, 2).textContent()) ?? ''],
  };
}

// One story, in one profile: each step depends on what the previous one stored.
it('a notebook from a file runs nothing on open: Run all runs it once, Trust and run for good; its database settings wait for consent', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await page.getByLabel('Import notebook').setInputFiles({ name: 'elsewhere.py', mimeType: 'text/x-python', buffer: Buffer.from(FILE) });
  await banner(page).waitFor({ timeout: 30_000 });
  const opened = {
    text: await banner(page).locator('p').first().textContent(),
    asks: await banner(page).getByText('Its database settings ask for').textContent(),
    // The banner takes focus, and Tab reaches its buttons in order.
    focus: [await focused(page)],
  };
  await page.keyboard.press('Tab');
  opened.focus.push(await focused(page));
  await page.keyboard.press('Tab');
  opened.focus.push(await focused(page));
  await button(page, 'Database settings').click();
  const settingsBefore = await page.getByLabel('Current database').textContent();

  // The user runs a cell of their own: allowed. The kernel was given no database.
  await button(page, 'Add SQL cell').click();
  await setCode(page, 3, 'SELECT 1 AS probe');
  const afterOpen = await probe(page);

  // Applying the file's database settings gives the kernel its database, and runs nothing.
  await page.getByRole('region', { name: 'Database settings' }).getByRole('button', { name: 'Apply these settings', exact: true }).click();
  const current = page.getByLabel('Current database');
  await current.filter({ hasText: /^PGlite/ }).waitFor({ timeout: 120_000 });
  const applied = {
    settings: await current.textContent(),
    apply: await button(page, 'Apply these settings').count(),
    ...(await probe(page, /^done/)), // it failed before: only a new run is done
    banner: await banner(page).count(),
  };

  await banner(page).getByRole('button', { name: 'Run all', exact: true }).press('Enter');
  const runs = [await runsSeen(page, 1)];
  await output(page, 1).getByText('cell 1 ran').waitFor();
  await waitForStatus(page, 3, /done/);
  const ranOnce = {
    banner: await banner(page).count(),
    focus: await focused(page),
  };

  // Run all was for this once: reopened, it runs nothing again (its confirmed database is there).
  await page.reload();
  await banner(page).waitFor({ timeout: 30_000 });
  const reopened = { asks: await banner(page).getByText('Its database settings ask for').count(), ...(await probe(page)) };

  await banner(page).getByRole('button', { name: 'Trust and run', exact: true }).click();
  runs.push(await runsSeen(page, 2)); // Run all + Trust and run: the reopen ran nothing
  const trustedBanner = await banner(page).count();

  // Trusted: it runs on open, once, with no banner.
  await page.reload();
  runs.push(await runsSeen(page, 3));
  await output(page, 1).getByText('cell 1 ran').waitFor();
  const trustedReopen = { banner: await banner(page).count(), statuses: await statuses(page) };
  await context.close();

  expect({ opened, settingsBefore, afterOpen, applied, ranOnce, reopened, trustedBanner, trustedReopen, runs, errors }).toEqual({
    opened: {
      text: 'This notebook came from a file. Its code has not run.',
      asks: 'Its database settings ask for PGlite: In this browser, OPFS. They apply when you run it, or apply them in Database settings.',
      focus: ['Notebook from a file', 'Run all', 'Trust and run'],
    },
    settingsBefore: expect.stringMatching(/^Not connected: /),
    afterOpen: {
      probe: 'error: No database is configured for this notebook.',
      statuses: ['idle', 'idle'],
      outputs: ['', ''],
    },
    applied: { settings: expect.stringMatching(/^PGlite \(opfs-ahp\) · .* · PostgreSQL \d/), apply: 0, probe: 'done: 1', statuses: ['idle', 'idle'], outputs: ['', ''], banner: 1 },
    ranOnce: { banner: 0, focus: 'Code of cell 1' },
    reopened: { asks: 0, probe: 'done: 1', statuses: ['idle', 'idle'], outputs: ['', ''] },
    trustedBanner: 0,
    trustedReopen: { banner: 0, statuses: [expect.stringMatching(/^done/), expect.stringMatching(/^done/), expect.stringMatching(/^done/)] },
    runs: [['1'], ['2'], ['3']],
    errors: [],
  });
}, 300_000); // three opens, each starting Python and PGlite: more than the 120 s default on a busy machine
