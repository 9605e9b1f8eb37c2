import { expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useChromium } from './use-chromium';
import { button, cellAction, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

const INSERT = 'CREATE TABLE IF NOT EXISTS kept (v int);\nINSERT INTO kept VALUES (41);\nSELECT count(*) AS n, sum(v) AS total FROM kept';

async function runInsert(page: Page): Promise<string[]> {
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  return output(page, 1).getByRole('cell').allTextContents();
}

/** A new notebook whose only cell is the SQL above, run once. */
async function sqlNotebook(context: BrowserContext): Promise<{ page: Page; before: string[] }> {
  const page = await context.newPage();
  await page.goto(inject('baseURL'));
  await newNotebook(page);
  await cellAction(page, 1, 'Delete cell');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 1, INSERT);
  return { page, before: await runInsert(page) };
}

async function reopen(context: BrowserContext, url: string): Promise<{ code: string | null; rows: string[] }> {
  const page = await context.newPage();
  await page.goto(url);
  await waitForStatus(page, 1, /done/);
  return { code: await editor(page, 1).textContent(), rows: await output(page, 1).getByRole('cell').allTextContents() };
}

it('autosaves within 0.3 s: the renderer crashes 0.6 s after typing, and the edit is there', async () => {
  const context = await browser().newContext();
  const { page, before } = await sqlNotebook(context);
  const url = page.url();
  await setCode(page, 1, `${INSERT}\n-- typed just before the crash`);
  await page.waitForTimeout(600); // the autosave delay is 300 ms: this is the claim under test
  // A crash runs no page-hide handler: only the timed save can have kept the edit.
  const cdp = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  void cdp.send('Page.crash').catch(() => {}); // never answers: the session dies with the page
  await crashed;
  await page.close();
  const after = await reopen(context, url);
  await context.close();
  expect({ before, ...after }).toEqual({
    before: ['1', '41'],
    code: `${INSERT}\n-- typed just before the crash`.replaceAll('\n', ''),
    rows: ['2', '82'], // re-ran on open: the committed row survived the crash
  });
});

it('closing the tab saves an edit typed a moment before, with the autosave timer stopped', async () => {
  const context = await browser().newContext();
  const { page, before } = await sqlNotebook(context);
  const url = page.url();
  // Freeze the page's timers: the 300 ms autosave cannot fire, so only the save on
  // page hide can keep what is typed next.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  await setCode(page, 1, `${INSERT}\n-- typed just before closing`);
  await page.close({ runBeforeUnload: true });
  const after = await reopen(context, url);
  await context.close();
  expect({ before, ...after }).toEqual({
    before: ['1', '41'],
    code: `${INSERT}\n-- typed just before closing`.replaceAll('\n', ''),
    rows: ['2', '82'], // committed rows survive closing the tab
  });
});
