import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { watchedPage } from '../../bench/app';
import { scrollTableThrough } from '../../bench/probes';
import { launchChromium } from '../e2e/browser';

/**
 * A table shaped as the probe sees the app's: a scroll box with `aria-rowcount`, whose
 * rows (28 px, `aria-rowindex` from 2) are rendered for the scrolled-to range at the
 * scroll event. The page records each scroll position it was shown.
 */
const PAGE = `<!doctype html><title>scroll probe</title>
<div aria-label="Output of cell 1">
  <div role="table" aria-rowcount="1001" style="height: 400px; overflow: auto; position: relative">
    <div class="body" style="height: 28000px"></div>
  </div>
</div>
<script>
  window.positions = [];
  const table = document.querySelector('[role="table"]');
  const body = table.querySelector('.body');
  const render = () => {
    const first = Math.floor(table.scrollTop / 28);
    const rows = [];
    for (let i = first; i < Math.min(1000, first + 16); i++) {
      const row = document.createElement('div');
      row.setAttribute('role', 'row');
      row.setAttribute('aria-rowindex', String(i + 2));
      row.style.cssText = 'position: absolute; height: 28px; top: ' + i * 28 + 'px';
      rows.push(row);
    }
    body.replaceChildren(...rows);
  };
  table.addEventListener('scroll', () => { window.positions.push(table.scrollTop); render(); });
  render();
</script>`;

describe('scrollTableThrough (the large scenario scrolling a table), in real Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    ({ page } = await watchedPage(await browser.newContext()));
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    await page.setContent(PAGE);
  });

  it('shows the page every step, one a frame, from the top to the end, and waits for the last row', async () => {
    const ms = await page.evaluate(scrollTableThrough, [1, 30] as const);
    const positions = await page.evaluate(() => (window as unknown as { positions: number[] }).positions);
    const lastRow = await page.evaluate(() => document.querySelector('[role="row"][aria-rowindex="1001"]') !== null);
    // 30 jumps after the top (where the box already is): each a scroll event of its own,
    // which a page gets at most once a frame, so all of them in one task would show one.
    expect({ events: positions.length, rising: positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? 0)), last: positions.at(-1), lastRow }).toEqual({
      events: 30,
      rising: true,
      last: 28000 - 400,
      lastRow: true,
    });
    expect(ms).toBeGreaterThan(0);
  });

  it('fails when the table has no rows to show', async () => {
    await page.evaluate(() => document.querySelector('[aria-label="Output of cell 1"]')?.remove());
    await expect(page.evaluate(scrollTableThrough, [1, 30] as const)).rejects.toThrow(/No result table in cell 1/);
  });
});
