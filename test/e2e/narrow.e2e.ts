import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, editor, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

/** A phone held upright. */
const PHONE = { viewport: { width: 360, height: 740 } };

/** How far the page reaches sideways: more than the viewport means it scrolls horizontally. */
const pageWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

/** The controls of the notebook's header toolbar that stick out of the viewport (none when they wrap). */
function outsideViewport(page: Page): Promise<string[]> {
  return page
    .getByRole('toolbar', { name: 'Notebook' })
    .getByRole('button')
    .evaluateAll((buttons) => buttons.filter((b) => b.getBoundingClientRect().right > window.innerWidth).map((b) => b.textContent ?? ''));
}

it('at 360 px the notebook list hides behind a Notebooks button and the page never scrolls sideways', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'), PHONE);
  await editor(page, 1).waitFor({ timeout: 60_000 });
  const toggle = button(page, 'Notebooks');
  const nav = page.getByRole('navigation', { name: 'Notebooks' });
  const closed = { expanded: await toggle.getAttribute('aria-expanded'), navVisible: await nav.isVisible(), width: await pageWidth(page), toolbar: await outsideViewport(page) };

  await toggle.click();
  await nav.getByRole('link', { name: /Welcome to Ripple/ }).waitFor();
  const open = { expanded: await toggle.getAttribute('aria-expanded'), width: await pageWidth(page), brand: await page.getByRole('banner').textContent(), decorativeIcon: await page.getByRole('banner').locator('svg[aria-hidden="true"]').count() };

  // Choosing a notebook shows it, and the list folds away again.
  await nav.getByRole('link', { name: /Welcome to Ripple/ }).click();
  await nav.waitFor({ state: 'hidden' });
  const afterChoice = await toggle.getAttribute('aria-expanded');
  await context.close();

  expect({ closed, open, afterChoice, errors }).toEqual({
    closed: { expanded: 'false', navVisible: false, width: 360, toolbar: [] },
    open: { expanded: 'true', width: 360, brand: expect.stringContaining('Ripple'), decorativeIcon: 1 },
    afterChoice: 'false',
    errors: [],
  });
});

it('at 360 px a wide SQL result scrolls inside its own box, not the page', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'), PHONE);
  await output(page, 3).getByRole('table').waitFor({ timeout: 120_000 });
  await button(page, 'Add SQL cell').click();
  const columns = Array.from({ length: 12 }, (_, i) => `'a value wide enough to need room ${i}' AS column_${i}`).join(', ');
  await setCode(page, 5, `SELECT ${columns}, generate_series(1, 3) AS n`);
  await editor(page, 5).press('Control+Enter');
  await waitForStatus(page, 5, /done/);
  const table = output(page, 5).getByRole('table');
  await table.waitFor();
  // The element that scrolls is the table's nearest ancestor with room to scroll sideways.
  const tableScrolls = await table.evaluate((el) => {
    for (let box: Element | null = el; box; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && box.scrollWidth > box.clientWidth) return box.getBoundingClientRect().right <= window.innerWidth;
    }
    return false;
  });
  const width = await pageWidth(page);
  const toolbar = await outsideViewport(page);
  await context.close();
  expect({ width, tableScrolls, toolbar, errors }).toEqual({ width: 360, tableScrolls: true, toolbar: [], errors: [] });
});
