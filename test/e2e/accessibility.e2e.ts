import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, cell, editor, leaveEditor, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

/** axe-core's browser bundle, injected into the page as a script (it has no Node entry that reads a DOM). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Scheme = 'light' | 'dark';

/** The serious and critical violations axe finds on the page as it is now: rule id -> offending elements. */
async function violations(page: Page): Promise<Record<string, string[]>> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
    // HTML outputs are sandboxed, opaque-origin frames axe cannot enter (none on these screens).
    const results = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    const found: Record<string, string[]> = {};
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      const { nodes } = violation;
      if (nodes.length > 0) found[violation.id] = nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`.replace(/\s+/g, ' '));
    }
    return found;
  });
}

/** Shows `scheme` as the system's choice (the app follows it) and waits until the page has switched. */
async function showScheme(page: Page, scheme: Scheme): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
}

/** Every screen's violations in both schemes, keyed "light: notebook" and so on. */
async function inBothSchemes(page: Page, screen: string, into: Record<string, Record<string, string[]>>): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await showScheme(page, scheme);
    into[`${scheme}: ${screen}`] = await violations(page);
  }
}

it('has no serious or critical axe violations on the main screens, in light and dark, and at 360 px', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await output(page, 3).getByRole('table').waitFor({ timeout: 120_000 });
  await waitForStatus(page, 4, /done/);
  // A Markdown cell, rendered, and a Python cell whose run fails: an error output.
  await button(page, 'Add Markdown cell').click();
  await setCode(page, 5, '# Notes\n\nThe user is **{user_id}**, see the [docs](https://example.com).');
  await editor(page, 5).press('Escape');
  await page.getByRole('article', { name: 'Markdown of cell 5', exact: true }).getByRole('heading', { name: 'Notes' }).waitFor();
  await button(page, 'Add Python cell').click();
  await setCode(page, 6, '1 / 0');
  await editor(page, 6).press('Control+Enter');
  await waitForStatus(page, 6, /error/);

  const found: Record<string, Record<string, string[]>> = {};
  await inBothSchemes(page, 'notebook list and notebook', found);

  await button(page, 'Database settings').click();
  await page.getByRole('region', { name: 'Database settings' }).waitFor();
  await inBothSchemes(page, 'database settings', found);

  await page.keyboard.press('Control+Shift+P');
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('option').first().waitFor();
  await inBothSchemes(page, 'command palette', found);
  await page.keyboard.press('Escape');

  await editor(page, 2).click();
  await leaveEditor(page);
  await page.keyboard.press('?');
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  await inBothSchemes(page, 'keyboard shortcuts', found);
  await page.keyboard.press('Escape');
  const cellStillThere = await cell(page, 2).count();

  // A phone: the notebook list opened from its button.
  await page.setViewportSize({ width: 360, height: 740 });
  await button(page, 'Notebooks').click();
  await page.getByRole('navigation', { name: 'Notebooks' }).getByRole('link').first().waitFor();
  await inBothSchemes(page, '360 px notebook list', found);
  await context.close();

  const none = {};
  expect({ found, cellStillThere, errors }).toEqual({
    found: Object.fromEntries(Object.keys(found).map((key) => [key, none])),
    cellStillThere: 1,
    errors: [],
  });
});
