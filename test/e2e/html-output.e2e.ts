import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

it("renders Python's HTML output as tall as its content, without letting its scripts run", async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(
    page,
    1,
    [
      'class Report:',
      '    def _repr_html_(self):',
      '        rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(25))',
      '        return ("<b id=\'bold\'>bold text</b><table>" + rows + "</table>"',
      '                "<script>parent.document.title = \'pwned\'; var p = document.createElement(\'p\'); p.id = \'ran\'; document.body.append(p)</script>"',
      '                "<img src=x onerror=document.body.append(document.createElement(\'hr\'))>")',
      'Report()',
    ].join('\n'),
  );
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  const frame = output(page, 1).locator('iframe');
  const inner = page.frameLocator('.cell-output iframe');
  const bold = await inner.locator('#bold').textContent();
  // The frame grows to its content once the height script reports (25 rows > 400 px).
  await page.waitForFunction(() => (document.querySelector('.cell-output iframe') as HTMLElement | null)!.offsetHeight > 400, undefined, { timeout: 10_000 });
  const contentHeight = await inner.locator('html').evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
  const frameHeight = await frame.evaluate((element) => (element as HTMLElement).clientHeight);
  const result = {
    sandbox: await frame.getAttribute('sandbox'),
    bold,
    scriptRan: (await inner.locator('#ran').count()) > 0,
    onerrorRan: (await inner.locator('hr').count()) > 0,
    title: await page.title(),
    fitsContent: frameHeight >= contentHeight && frameHeight <= contentHeight + 4,
  };
  await context.close();
  expect(result).toEqual({ sandbox: 'allow-scripts', bold: 'bold text', scriptRan: false, onerrorRan: false, title: 'Ripple', fitsContent: true });
});
