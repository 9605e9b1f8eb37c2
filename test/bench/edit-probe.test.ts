import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { watchedPage } from '../../bench/app';
import { timeEdit } from '../../bench/edit';
import { frameFloor } from '../../bench/frame-floor';
import { launchChromium } from '../e2e/browser';

const REACTION_MS = 300;

/**
 * A page shaped like a notebook as the probe sees it: Ctrl+Enter (or Shift+Enter) in cell 1's editor
 * changes cell 2's output 300 ms later (or its status to an error, with `?fail`). It
 * counts what reads `window.__benchEdit` once the keydown has come (only a poller
 * would) and records when Enter is released.
 */
const PAGE = `<!doctype html><title>probe</title>
<textarea aria-label="Code of cell 1"></textarea>
<section aria-label="Cell 2"><span aria-label="Cell status">done</span></section>
<div aria-label="Output of cell 2"><div class="text-output">0</div></div>
<script>
  window.polls = 0;
  document.querySelector('textarea').addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.shiftKey)) return;
    window.ranWith = event.shiftKey ? 'Shift' : 'Control';
    const state = window.__benchEdit;
    Object.defineProperty(window, '__benchEdit', { configurable: true, get() { window.polls++; return state; } });
    const fail = document.querySelector('textarea').value === 'fail';
    setTimeout(() => {
      if (fail) document.querySelector('[aria-label="Cell status"]').textContent = 'error: boom';
      else document.querySelector('.text-output').textContent = '42';
    }, ${REACTION_MS});
  });
  window.addEventListener('keyup', (event) => { if (event.key === 'Enter') window.enterReleasedAt = performance.now(); });
</script>`;

describe('timeEdit (the bench timing an edit), in real Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext();
    ({ page } = await watchedPage(context));
  });
  afterAll(() => browser?.close());

  const typeAndFocus = (code: string) => async (): Promise<void> => {
    await page.locator('textarea').fill(code);
    await page.locator('textarea').focus();
  };

  beforeEach(async () => {
    await page.setContent(PAGE);
  });

  it('waits for the output without running anything in the page meanwhile, keys held until it is painted', async () => {
    const result = await timeEdit(page, { cell: 2, text: '42' }, typeAndFocus('x = 1'));
    expect(result.outputInDomAt - result.keydownAt).toBeGreaterThanOrEqual(REACTION_MS - 1);
    expect(result.outputAt).toBeGreaterThanOrEqual(result.outputInDomAt);
    // A poller (waitForFunction) reads the probe's state from the page while it waits.
    expect(await page.evaluate(() => (window as unknown as { polls: number }).polls)).toBe(0);
    // Released after the reaction was painted, as a person releases a key.
    const releasedAt = await page.evaluate(() => (window as unknown as { enterReleasedAt?: number }).enterReleasedAt);
    expect(releasedAt).toBeGreaterThan(result.outputAt);
  });

  it('presses Shift+Enter when asked (run and move on), timed from its keydown', async () => {
    const result = await timeEdit(page, { cell: 2, text: '42', runKey: 'Shift' }, typeAndFocus('x = 1'));
    expect(result.outputInDomAt - result.keydownAt).toBeGreaterThanOrEqual(REACTION_MS - 1);
    expect(await page.evaluate(() => (window as unknown as { ranWith?: string }).ranWith)).toBe('Shift');
  });

  it('reports the cell that failed, and releases the keys', async () => {
    await expect(timeEdit(page, { cell: 2, text: '42' }, typeAndFocus('fail'))).rejects.toThrow(/cell 2: error: boom/);
    expect(await page.evaluate(() => (window as unknown as { enterReleasedAt?: number }).enterReleasedAt)).toBeGreaterThan(0);
  });

  it("times the browser's floor: the same edits on a page that changes its output in the keydown handler", async () => {
    const { painted, inDom } = await frameFloor(context, 4, 1);
    expect(painted).toHaveLength(4);
    for (const [i, ms] of painted.entries()) {
      // In the DOM within the keydown's own task (a whole second would mean a reaction that waited).
      expect(inDom[i]).toBeGreaterThanOrEqual(0);
      expect(inDom[i]).toBeLessThan(1000);
      expect(ms).toBeGreaterThanOrEqual(inDom[i]!);
    }
  });
});
