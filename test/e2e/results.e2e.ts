import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, cellAction, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

it('shows a 200,000-row result that scrolls to its last row', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await cellAction(page, 1, 'Delete cell');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 1, 'SELECT g AS n, md5(g::text) AS hash FROM generate_series(1, 200000) AS g');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  const table = output(page, 1).getByRole('table');
  const footer = await output(page, 1).locator('.rt-count').textContent();
  const rowsInDom = await table.getByRole('row').count();
  await table.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await table.getByRole('cell', { name: '200000', exact: true }).waitFor({ timeout: 10_000 });
  await context.close();
  expect({ footer, virtualized: rowsInDom < 200, errors }).toEqual({ footer: '200,000 rows', virtualized: true, errors: [] });
});

it("shows a large result's first rows while the database is still reading the rest", async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await cellAction(page, 1, 'Delete cell');
  await button(page, 'Add SQL cell').click();
  // Row 10,001 holds the database for 2 s: the table must be on screen before that ends.
  await setCode(page, 1, 'SELECT g AS n, CASE WHEN g = 10001 THEN pg_sleep(2) END AS pause FROM generate_series(1, 12000) AS g');
  await editor(page, 1).press('Control+Enter');
  const table = output(page, 1).getByRole('table');
  await table.getByRole('cell', { name: '1', exact: true }).first().waitFor({ timeout: 60_000 });
  const whileRunning = { status: await waitForStatus(page, 1, /./), footer: await output(page, 1).locator('.rt-count').textContent() };
  await waitForStatus(page, 1, /done/);
  const footer = await output(page, 1).locator('.rt-count').textContent();
  await table.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await table.getByRole('cell', { name: '12000', exact: true }).waitFor({ timeout: 10_000 });
  await context.close();
  expect({ whileRunning, footer, errors }).toEqual({
    whileRunning: { status: expect.stringMatching(/running/), footer: '10,000 rows so far, more arriving…' },
    footer: '12,000 rows',
    errors: [],
  });
});
