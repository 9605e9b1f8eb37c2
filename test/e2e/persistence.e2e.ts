import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromium } from './use-chromium';
import { button, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

const INSERT = 'CREATE TABLE IF NOT EXISTS kept (v int);\nINSERT INTO kept VALUES (41);\nSELECT count(*) AS n, sum(v) AS total FROM kept';

async function runInsert(page: Page): Promise<string[]> {
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  return output(page, 1).getByRole('cell').allTextContents();
}

it('keeps typed code across a reload and committed rows across closing the tab', async () => {
  const context = await browser().newContext();
  const first = await context.newPage();
  await first.goto(inject('baseURL'));
  await newNotebook(first);
  await button(first, 'Delete cell').click();
  await button(first, 'Add SQL cell').click();
  await setCode(first, 1, INSERT);
  const before = await runInsert(first);
  const url = first.url();
  // Typed, then closed 0.6 s later: autosave must already have it.
  await setCode(first, 1, `${INSERT}\n-- typed just before closing`);
  await first.waitForTimeout(600);
  await first.close();
  const second = await context.newPage();
  await second.goto(url);
  await waitForStatus(second, 1, /done/);
  const code = await editor(second, 1).textContent();
  const afterReopen = await output(second, 1).getByRole('cell').allTextContents();
  await context.close();
  expect({ before, code, afterReopen }).toEqual({
    before: ['1', '41'],
    code: `${INSERT}\n-- typed just before closing`.replaceAll('\n', ''),
    // The notebook re-ran on open: a second row proves the first survived the close.
    afterReopen: ['2', '82'],
  });
});
