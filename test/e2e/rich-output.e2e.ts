import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

// Python's display(): each kind of output drawn in the page, in order with what the cell
// printed, and nothing from them running in the app's origin.
it('display() shows SVG, PNG, JSON, TeX, Markdown and a Vega-Lite dict from one cell, in order with its prints', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(
    page,
    1,
    [
      'import base64',
      'from IPython.display import SVG, Image, JSON, Math, Markdown',
      'print("first")',
      `display(SVG('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect id="r" width="40" height="20" fill="teal"/><script>parent.pwned = 1</script></svg>'))`,
      `display(Image(data=base64.b64decode("${PNG_BASE64}"), format="png"))`,
      'print("between")',
      'display(JSON({"a": [1, 2, {"b": None}]}), Math(r"\\frac{1}{2}"))',
      `display(Markdown('## Made by {name}\\n\\n<img src=x onerror="parent.pwned = 2"><script>parent.pwned = 2</script>'))`,
      'display({"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "description": "Three bars", "mark": "bar", "data": {"values": [{"k": c, "v": i} for i, c in enumerate("abc")]}, "encoding": {"x": {"field": "k", "type": "nominal"}, "y": {"field": "v", "type": "quantitative"}}})',
      '"last"',
    ].join('\n'),
  );
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  const region = output(page, 1);
  const svgFrame = region.getByTitle('SVG output of cell 1');
  // The SVG is drawn inside its sandboxed frame: its rectangle has a size there.
  const rectWidth = await svgFrame.contentFrame().locator('rect#r').evaluate((el) => (el as SVGGraphicsElement).getBBox().width);
  const image = region.getByRole('img', { name: 'Image output of cell 1' });
  await image.evaluate((img) => (img as HTMLImageElement).decode());
  const chart = region.getByRole('img', { name: 'Three bars' });
  await chart.locator('.mark-rect.role-mark path').nth(2).waitFor({ timeout: 60_000 });
  const facts = {
    bars: await chart.locator('.mark-rect.role-mark path').count(),
    order: await region.evaluate((el) =>
      [...el.children].map((child) => child.getAttribute('title') ?? child.getAttribute('aria-label') ?? child.getAttribute('alt') ?? child.textContent?.trim()),
    ),
    rectWidth,
    imageWidth: await image.evaluate((img) => (img as HTMLImageElement).naturalWidth),
    json: await region.getByRole('group', { name: 'JSON output of cell 1' }).locator('summary').first().textContent(),
    math: await region.getByRole('math', { name: 'Math output of cell 1' }).locator('.mfrac').count(),
    markdown: await region.getByRole('article', { name: 'Markdown output of cell 1' }).evaluate((el) => ({
      heading: el.querySelector('h2')?.textContent,
      handlers: [...el.querySelectorAll('*')].filter((child) => [...child.attributes].some((a) => a.name.startsWith('on'))).length,
      scripts: el.querySelectorAll('script').length,
    })),
    pwned: await page.evaluate(() => (globalThis as { pwned?: number }).pwned ?? null),
    errors,
  };
  await context.close();
  expect(facts).toEqual({
    bars: 3,
    order: ['first', 'SVG output of cell 1', 'Image output of cell 1', 'between', 'JSON output of cell 1', 'Math output of cell 1', 'Markdown output of cell 1', expect.stringMatching(/Three bars/), "'last'"],
    rectWidth: 40,
    imageWidth: 1,
    json: '{1 key}',
    math: 1,
    markdown: { heading: 'Made by {name}', handlers: 0, scripts: 0 },
    pwned: null,
    errors: [],
  });
});
