import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const INSERT = 'CREATE TABLE IF NOT EXISTS kept (v int);\nINSERT INTO kept VALUES ({x});\nSELECT count(*) AS n, sum(v) AS total FROM kept';

/** Runs the insert in the SQL cell and returns the table's cells once it is done. */
async function insertOnce(page: Page): Promise<string[]> {
  await page.getByRole('region', { name: 'Output of cell 2' }).getByText('42').waitFor({ timeout: 90_000 });
  const cell = page.getByRole('group', { name: 'Cell 2' });
  await cell.getByRole('textbox').fill(INSERT);
  await cell.getByRole('button', { name: 'Run cell' }).click();
  const output = page.getByRole('region', { name: 'Output of cell 2' });
  await output.getByRole('columnheader', { name: 'total' }).waitFor();
  return output.getByRole('cell').allTextContents();
}

it('keeps committed rows when the tab is closed right after the query, in the browser database', async () => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await first.goto(inject('baseURL'));
  const before = await insertOnce(first);
  const database = await first.getByLabel('Database').textContent();
  // Close at once: no grace period for a background sync to finish.
  await first.close();
  const second = await context.newPage();
  await second.goto(inject('baseURL'));
  const after = await insertOnce(second);
  await context.close();
  expect({ opfs: database?.includes('PGlite (opfs-ahp) · demo'), before, after }).toEqual({
    opfs: true,
    before: ['1', '41'],
    after: ['2', '82'],
  });
});
