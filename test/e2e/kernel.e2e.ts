import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it('starts the kernel worker from the production build and answers Python -> SQL', async () => {
  const { page, context, errors } = await openPage(browser, inject('baseURL'));
  const output = page.getByRole('region', { name: 'Output of cell 3' });
  await output.getByText('42').waitFor({ timeout: 90_000 });
  const facts = {
    isolated: await page.evaluate(() => globalThis.crossOriginIsolated),
    sqlHeader: await page.getByRole('region', { name: 'Output of cell 2' }).getByRole('columnheader').allTextContents(),
    sqlCells: await page.getByRole('region', { name: 'Output of cell 2' }).getByRole('cell').allTextContents(),
    errors,
  };
  await context.close();
  expect(facts).toEqual({ isolated: true, sqlHeader: ['answer'], sqlCells: ['42'], errors: [] });
});

it('interrupts an endless loop from the UI and keeps the namespace', async () => {
  const { page, context } = await openPage(browser, inject('baseURL'));
  await page.getByRole('region', { name: 'Output of cell 3' }).getByText('42').waitFor({ timeout: 90_000 });
  const cell = page.getByRole('group', { name: 'Cell 3' });
  await cell.getByRole('textbox').fill('while True:\n    pass');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await cell.getByText('Status: running').waitFor();
  await page.getByRole('button', { name: 'Interrupt' }).click();
  await cell.getByText('Status: error').waitFor({ timeout: 10_000 });
  const interrupted = await page.getByRole('region', { name: 'Output of cell 3' }).textContent();
  await cell.getByRole('textbox').fill('x + 1');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await cell.getByText('Status: done').waitFor();
  const after = await page.getByRole('region', { name: 'Output of cell 3' }).textContent();
  await context.close();
  expect({ interrupted, after }).toEqual({ interrupted: 'Interrupted (KeyboardInterrupt). The namespace is kept.', after: '42' });
});

it('without cross-origin isolation, interrupts by restarting the kernel and says so', async () => {
  const { page, context } = await openPage(browser, inject('plainURL'));
  await page.getByRole('region', { name: 'Output of cell 3' }).getByText('42').waitFor({ timeout: 90_000 });
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
  const cell = page.getByRole('group', { name: 'Cell 3' });
  await cell.getByRole('textbox').fill('while True:\n    pass');
  await cell.getByRole('button', { name: 'Run cell' }).click();
  await cell.getByText('Status: running').waitFor();
  await page.getByRole('button', { name: 'Interrupt' }).click();
  await cell.getByText('Status: error').waitFor({ timeout: 10_000 });
  const message = await page.getByRole('region', { name: 'Output of cell 3' }).textContent();
  await page.getByText('Kernel: ready').waitFor({ timeout: 90_000 });
  await context.close();
  expect({ isolated, message }).toEqual({
    isolated: false,
    message:
      'Interrupted by restarting the kernel (this page is not cross-origin isolated, so Python cannot be stopped in place). The Python namespace was reset.',
  });
});
