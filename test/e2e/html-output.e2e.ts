import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser';
import { editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it("renders Python's HTML output without letting its script run in the app", async () => {
  const { page, context } = await openPage(browser, inject('baseURL'));
  await newNotebook(page);
  await setCode(
    page,
    1,
    [
      'class Report:',
      '    def _repr_html_(self):',
      '        return "<b id=\'bold\'>bold text</b><script>parent.document.title = \'pwned\'; var p = document.createElement(\'p\'); p.id = \'ran\'; document.body.append(p)</script>"',
      'Report()',
    ].join('\n'),
  );
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  const frame = output(page, 1).locator('iframe');
  const sandbox = await frame.getAttribute('sandbox');
  const inner = page.frameLocator('.cell-output iframe');
  const bold = await inner.locator('#bold').textContent();
  const ran = await inner.locator('#ran').count();
  const title = await page.title();
  await context.close();
  expect({ sandbox, bold, scriptRan: ran > 0, title }).toEqual({ sandbox: '', bold: 'bold text', scriptRan: false, title: 'Ripple' });
});
