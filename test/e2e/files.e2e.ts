import { readFile } from 'node:fs/promises';
import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, output } from './notebook-page';

const browser = useChromium();

/** What a reader sees of a notebook: title, and each cell's kind, result name and code. */
async function snapshot(page: Page): Promise<unknown> {
  return {
    title: await page.getByRole('textbox', { name: 'Notebook title' }).inputValue(),
    kinds: await page.locator('.cell-kind').allTextContents(),
    resultNames: await page.locator('.result-name input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    code: await page.locator('.cm-content').allTextContents(),
  };
}

it('exports the sample notebook to .py and imports it back as the same notebook', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const original = await snapshot(page);
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Export .py').click()]);
  const text = await readFile((await download.path())!, 'utf8');
  await page.getByLabel('Import notebook').setInputFiles({ name: 'sample.py', mimeType: 'text/x-python', buffer: Buffer.from(text) });
  await page.getByRole('link', { name: 'Welcome to Ripple' }).nth(1).waitFor();
  // A notebook from a file runs when the user says so (trust.e2e.ts has the details);
  // Run all also gives the kernel its database, which the SQL cells below need.
  await page.getByRole('region', { name: 'Notebook from a file' }).getByRole('button', { name: 'Run all', exact: true }).click();
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const imported = await snapshot(page);
  const notebooks = await page.getByRole('navigation', { name: 'Notebooks' }).getByRole('link').count();
  const broken = page.getByLabel('Import notebook').setInputFiles({ name: 'bad.py', mimeType: 'text/x-python', buffer: Buffer.from('print("not a notebook")\n') });
  await broken;
  const alert = await page.getByRole('alert').textContent();
  const notebooksAfterBroken = await page.getByRole('navigation', { name: 'Notebooks' }).getByRole('link').count();
  // Cleared after each import, so picking the same file again imports it again.
  const pickerValue = await page.getByLabel('Import notebook').inputValue();
  await context.close();
  expect({ header: text.split('\n').slice(0, 3), same: imported, notebooks, alert, notebooksAfterBroken, pickerValue, errors }).toEqual({
    header: ['# Ripple notebook', '# Title: Welcome to Ripple', '# DB: pglite'],
    same: original,
    notebooks: 2,
    alert: expect.stringMatching(/^Could not import bad\.py: /),
    notebooksAfterBroken: 2,
    pickerValue: '',
    errors: [],
  });
});
