import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, exportItem, output, storedNotebooks } from './notebook-page';
import { exportPy } from '../../src/files/py-format';

const browser = useChromium();

/** What a reader sees of a notebook: title, and each cell's kind, result name and code. */
async function snapshot(page: Page): Promise<unknown> {
  return {
    title: await page.getByRole('textbox', { name: 'Notebook title' }).inputValue(),
    kinds: await page.locator('select.cell-kind').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value)),
    resultNames: await page.locator('.result-name input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    code: await page.locator('.cm-content').allTextContents(),
  };
}

it('exports the sample notebook to .py and to .ipynb, and each imports back as the same notebook', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const original = await snapshot(page);
  const [download] = await Promise.all([page.waitForEvent('download'), (await exportItem(page, 'Export .py')).click()]);
  const text = await readFile((await download.path())!, 'utf8');
  await page.getByLabel('Import notebook').setInputFiles({ name: 'sample.py', mimeType: 'text/x-python', buffer: Buffer.from(text) });
  await page.getByRole('link', { name: 'Welcome to Ripple' }).nth(1).waitFor();
  // A notebook from a file runs when the user says so (trust.e2e.ts has the details);
  // Run all also gives the kernel its database, which the SQL cells below need.
  await page.getByRole('region', { name: 'Notebook from a file' }).getByRole('button', { name: 'Run all', exact: true }).click();
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const imported = await snapshot(page);

  // The same notebook through Jupyter's format: Export .ipynb, import it, run it.
  const [ipynbDownload] = await Promise.all([page.waitForEvent('download'), (await exportItem(page, 'Export .ipynb')).click()]);
  const ipynb = JSON.parse(await readFile((await ipynbDownload.path())!, 'utf8')) as { nbformat: number; cells: { cell_type: string; source: string | string[] }[] };
  await page.getByLabel('Import notebook').setInputFiles({ name: ipynbDownload.suggestedFilename(), mimeType: 'application/x-ipynb+json', buffer: await readFile((await ipynbDownload.path())!) });
  await page.getByRole('link', { name: 'Welcome to Ripple' }).nth(2).waitFor();
  await page.getByRole('region', { name: 'Notebook from a file' }).getByRole('button', { name: 'Run all', exact: true }).click();
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const fromIpynb = await snapshot(page);
  const notebooks = await page.getByRole('navigation', { name: 'Notebooks' }).getByRole('link').count();
  const broken = page.getByLabel('Import notebook').setInputFiles({ name: 'bad.py', mimeType: 'text/x-python', buffer: Buffer.from('print("not a notebook")\n') });
  await broken;
  const alert = await page.getByRole('alert').textContent();
  const notebooksAfterBroken = await page.getByRole('navigation', { name: 'Notebooks' }).getByRole('link').count();
  // Cleared after each import, so picking the same file again imports it again.
  const pickerValue = await page.getByLabel('Import notebook').inputValue();
  await context.close();
  const ipynbShape = {
    name: ipynbDownload.suggestedFilename(),
    nbformat: ipynb.nbformat,
    kinds: ipynb.cells.map((c) => c.cell_type),
    sqlMagics: ipynb.cells.filter((c) => [c.source].flat().join('').startsWith('%%sql')).length,
  };
  expect({ header: text.split('\n').slice(0, 3), same: imported, fromIpynb, ipynbShape, notebooks, alert, notebooksAfterBroken, pickerValue, errors }).toEqual({
    header: ['# Ripple notebook', '# Title: Welcome to Ripple', '# DB: pglite'],
    same: original,
    fromIpynb: original,
    ipynbShape: {
      name: expect.stringMatching(/\.ipynb$/),
      nbformat: 4,
      kinds: (original as { kinds: string[] }).kinds.map((k) => (k === 'markdown' ? 'markdown' : 'code')),
      sqlMagics: (original as { kinds: string[] }).kinds.filter((k) => k === 'sql').length,
    },
    notebooks: 3,
    alert: expect.stringMatching(/^Could not import bad\.py: /),
    notebooksAfterBroken: 3,
    pickerValue: '',
    errors: [],
  });
});

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/ipynb/${name}`, import.meta.url));
const importReport = (page: Page) => page.getByRole('region', { name: 'Import report', exact: true });
const trustBanner = (page: Page) => page.getByRole('region', { name: 'Notebook from a file', exact: true });
/** The focused element's accessible name as the UI sets it. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

// The importer's wording is its own (test/files has it): here only what the user can rely on.
it('reports what a Jupyter import changed, with the notebook, until dismissed', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await page.getByLabel('Import notebook').setInputFiles(fixture('ipython-sql-writers.ipynb'));
  const report = importReport(page);
  await report.waitFor({ timeout: 30_000 });
  const read = async () => ({ summary: await report.locator('p').first().textContent(), headings: await report.getByRole('heading').allTextContents() });
  const imported = await read();
  // The trust banner came first and kept the focus; the report's cell numbers lead to the cells.
  const focusOnImport = await focused(page);
  const goTo = report.getByRole('button', { name: /^Go to cell \d+$/ }).first();
  const target = (await goTo.getAttribute('aria-label'))?.replace('Go to cell', 'Code of cell');
  await goTo.click();
  const focusAfterGoTo = await focused(page);

  await page.reload();
  await report.waitFor({ timeout: 30_000 });
  const reloaded = await read();

  await button(report, 'Dismiss import report').click();
  await report.waitFor({ state: 'detached' });
  await expect.poll(() => storedNotebooks(page), { timeout: 10_000 }).not.toContain('importReport');
  await page.reload();
  await trustBanner(page).waitFor({ timeout: 30_000 }); // the notebook is open again
  const afterDismiss = await report.count();

  // Markdown only: its prose comes in as comment cells, its image does not, and the report says so.
  await page.getByLabel('Import notebook').setInputFiles(fixture('markdown-only.ipynb'));
  await report.waitFor({ timeout: 30_000 });
  const markdownOnly = await read();
  await context.close();

  expect({ imported, focusOnImport, focusAfterGoTo, reloaded, afterDismiss, markdownOnly, errors }).toEqual({
    imported: { summary: expect.stringMatching(/^Imported \d+ cells from ipython-sql-writers\.ipynb: /), headings: expect.arrayContaining(['Converted', 'Commented out']) },
    focusOnImport: 'Notebook from a file',
    focusAfterGoTo: target,
    reloaded: imported,
    afterDismiss: 0,
    markdownOnly: { summary: expect.stringMatching(/ from markdown-only\.ipynb/), headings: expect.arrayContaining(['Dropped']) },
    errors: [],
  });
});

/** Drops a file with `text` on the page, as a user dragging it from their desktop would. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.evaluate(
    ([fileName, content]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], fileName, { type: 'text/plain' }));
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    [name, text] as const,
  );
}

it('imports from the Import notebook… button or a file dropped anywhere; the list shows full titles, when each was edited, and a search box', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  const nav = page.getByRole('navigation', { name: 'Notebooks' });
  const titles = () => nav.getByRole('link').locator('.notebook-list-title').allTextContents();
  await nav.getByRole('link', { name: 'Welcome to Ripple' }).waitFor();
  const file = (title: string) => exportPy({ title, cells: [{ kind: 'python', code: 'x = 1' }], database: { kind: 'pglite', storage: 'auto', name: '' } });

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import notebook…', exact: true }).click()]);
  await chooser.setFiles({ name: 'picked.py', mimeType: 'text/x-python', buffer: Buffer.from(file('Picked from the button')) });
  await nav.getByRole('link', { name: /Picked from the button/ }).waitFor();

  await dropFile(page, 'dropped.py', file('A long title that a narrow sidebar must show in full, not cut short'));
  await nav.getByRole('link', { name: /A long title/ }).waitFor();
  const opened = await page.getByRole('textbox', { name: 'Notebook title' }).inputValue();
  await dropFile(page, 'notes.txt', 'just some text');
  const problem = await page.getByRole('alert').textContent();
  const edited = await nav.getByRole('link', { name: /Picked from the button/ }).locator('time').textContent();
  const fullTitle = await nav.getByRole('link', { name: /A long title/ }).locator('.notebook-list-title').evaluate((el) => el.scrollWidth <= el.clientWidth && getComputedStyle(el).textOverflow !== 'ellipsis');

  const searchBefore = await page.getByRole('searchbox', { name: 'Search notebooks' }).count();
  for (let i = 0; i < 3; i++) await dropFile(page, `n${i}.py`, file(`Sales report ${i}`));
  await nav.getByRole('link', { name: /Sales report 2/ }).waitFor();
  await page.getByRole('searchbox', { name: 'Search notebooks' }).fill('sales 1');
  const found = await titles();
  await context.close();
  expect({ opened, problem, edited, fullTitle, searchBefore, found, errors }).toEqual({
    opened: 'A long title that a narrow sidebar must show in full, not cut short',
    problem: expect.stringMatching(/^Could not import notes\.txt: /),
    edited: 'just now',
    fullTitle: true,
    searchBefore: 0,
    found: ['Sales report 1'],
    errors: [],
  });
});
