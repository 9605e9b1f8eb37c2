import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

it('shows a 200,000-row result that scrolls to its last row', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await button(page, 'Delete cell').click();
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
