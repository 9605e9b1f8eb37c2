import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, cell, cellAction, editor, leaveEditor, newNotebook, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

/** Waits until cell `n`'s actions (Run, Move, …) have the opacity `value` ('0' hidden, '1' shown), after any fade. */
async function waitForActions(page: Page, n: number, value: '0' | '1'): Promise<void> {
  const run = button(cell(page, n), 'Run cell');
  const opacity = (): Promise<string> => run.evaluate((element) => getComputedStyle(element.closest('.cell-actions')!).opacity);
  try {
    const element = await run.elementHandle();
    await page.waitForFunction(([button, wanted]) => getComputedStyle(button!.closest('.cell-actions')!).opacity === wanted, [element, value] as const, { timeout: 5_000 });
  } catch (error) {
    throw new Error(`Cell ${n}'s actions never reached opacity ${value} (now ${await opacity()})`, { cause: error });
  }
}

/** What has the focus, by its accessible name (the cell's label for a cell in command mode). */
const focused = (page: Page): Promise<string | null> => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);

it('shows a cell\'s actions only on hover or focus, names each shortcut in a tooltip, and drives the "…" menu by keyboard alone', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await page.mouse.move(1, 1);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await waitForActions(page, 1, '0');
  await cell(page, 1).hover();
  await waitForActions(page, 1, '1');
  await page.mouse.move(1, 1);
  await waitForActions(page, 1, '0');
  // The keyboard: the editor focused, then the cell itself (command mode) keep them shown.
  // Shown at once, without a fade: Shift+Enter moves the focus as a run starts, and a
  // running transition would make the run's result wait for Chromium's next frame.
  const atFocus = await editor(page, 1).evaluate((box) => {
    (box as HTMLElement).focus();
    const actions = box.closest('.cell')!.querySelector('.cell-actions')!;
    return { opacity: getComputedStyle(actions).opacity, animations: document.getAnimations().length };
  });
  await waitForActions(page, 1, '1');
  await leaveEditor(page);
  await waitForActions(page, 1, '1');

  // Tab from the selected cell through its controls: each shows its tooltip.
  const tooltips: Record<string, string> = {};
  for (let press = 0; press < 8 && (await focused(page)) !== 'More actions'; press++) {
    await page.keyboard.press('Tab');
    const name = await focused(page);
    if (name) tooltips[name] = (await cell(page, 1).getByRole('tooltip').textContent()) ?? '';
  }
  // ↓ opens the menu on its first item; End, Home, arrows; Escape back to the button.
  const seen: (string | null)[] = [];
  for (const key of ['ArrowDown', 'End', 'Home', 'ArrowUp', 'ArrowDown', 'ArrowDown']) {
    await page.keyboard.press(key);
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
    seen.push(await focused(page));
  }
  await page.keyboard.press('Escape');
  await cell(page, 1).getByRole('menu').waitFor({ state: 'detached' });
  const afterEscape = await focused(page);
  // Enter opens it too; the item adds a SQL cell below, whose editor then has the focus.
  await page.keyboard.press('Enter');
  await cell(page, 1).getByRole('menuitem', { name: 'Add SQL cell below', exact: true }).waitFor();
  for (let press = 0; press < 4; press++) await page.keyboard.press('ArrowDown');
  const chosen = await focused(page);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.closest('section.cell')?.getAttribute('aria-label') === 'Cell 2');
  const added = await page.getByRole('combobox', { name: 'Kind of cell 2', exact: true }).inputValue();
  await context.close();
  expect({ atFocus, tooltips, seen, afterEscape, chosen, added, errors }).toEqual({
    atFocus: { opacity: '1', animations: 0 },
    tooltips: {
      'Kind of cell 1': 'Change the kind: Python (Y), SQL (S), Markdown (M)',
      'Run cell': 'Run cell (Ctrl+Enter)',
      'Move cell up': 'Move cell up (Ctrl+Shift+↑)',
      'Move cell down': 'Move cell down (Ctrl+Shift+↓)',
      'More actions': 'More actions: add a cell, collapse the output, delete',
    },
    seen: ['Add Python cell above', 'Delete cell', 'Add Python cell above', 'Delete cell', 'Add Python cell above', 'Add SQL cell above'],
    afterEscape: 'More actions',
    chosen: 'Add SQL cell below',
    added: 'sql',
    errors: [],
  });
});

/** Cell `n`'s gutter as a person sees it: its state's shape and its words. */
function gutter(page: Page, n: number): Promise<{ state: string; shape: string; text: string; leftOfCode: boolean }> {
  return cell(page, n)
    .getByRole('status', { name: 'Cell status' })
    .evaluate((status) => {
      const strip = status.closest('.cell-gutter')!;
      const body = strip.parentElement!.querySelector('.cell-body')!;
      return {
        state: [...strip.classList].find((c) => c.startsWith('gutter-')) ?? '',
        shape: strip.querySelector('.gutter-shape')?.textContent ?? '',
        text: status.textContent ?? '',
        leftOfCode: strip.getBoundingClientRect().right <= body.getBoundingClientRect().left + 1,
      };
    });
}

it('the gutter shows each cell running with a live timer, done with its duration, queued, failed and blocked', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, 'x = 1');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/); // the kernel is up: the runs below are timed alone
  await setCode(page, 1, 'import time\ntime.sleep(2)\nx = 1');
  await cellAction(page, 1, 'Add Python cell below');
  await setCode(page, 2, 'y = x / 0');
  await cellAction(page, 2, 'Add Python cell below');
  await setCode(page, 3, 'z = y + 1');
  // The running shape turns only once the run has lasted a moment: a quicker run draws no
  // frames for it. Read in the task that first shows "running", styles applied.
  await page.evaluate(() => {
    const status = document.querySelector('[aria-label="Cell 1"] [aria-label="Cell status"]')!;
    const observer = new MutationObserver(() => {
      if (!status.textContent?.startsWith('running')) return;
      observer.disconnect();
      void getComputedStyle(status.closest('.cell-gutter')!.querySelector('.gutter-shape')!).transform;
      (window as { spinsAtStart?: number }).spinsAtStart = document.getAnimations().filter((a) => a instanceof CSSAnimation && a.animationName === 'gutter-spin').length;
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
  });
  await editor(page, 1).press('Control+Enter');
  const status1 = await waitForStatus(page, 1, /running/);
  const running = await gutter(page, 1);
  const spinsAtStart = await page.evaluate(() => (window as { spinsAtStart?: number }).spinsAtStart);
  // ...and then it turns, while the same run goes on (2 s).
  await page.waitForFunction(() => document.getAnimations().some((a) => a instanceof CSSAnimation && a.animationName === 'gutter-spin'), undefined, { timeout: 5_000 });
  // Cells 2 and 3 use what cell 1 defines: they wait their turn, then 2 fails and 3 cannot run.
  await waitForStatus(page, 2, /queued/);
  const queued = await gutter(page, 2);
  // The timer is live: the words change while the same run goes on.
  await cell(page, 1)
    .getByRole('status', { name: 'Cell status' })
    .filter({ hasText: /^running/ })
    .filter({ hasNotText: status1 })
    .waitFor({ timeout: 5_000 });
  await waitForStatus(page, 1, /done/);
  const done = await gutter(page, 1);
  await waitForStatus(page, 2, /error/);
  const failed = await gutter(page, 2);
  await waitForStatus(page, 3, /blocked/);
  const blocked = await gutter(page, 3);
  await context.close();
  expect({ running, spinsAtStart, queued, done, failed, blocked, errors }).toEqual({
    running: { state: 'gutter-running', shape: '◐', text: expect.stringMatching(/^running \d/), leftOfCode: true },
    spinsAtStart: 0,
    queued: { state: 'gutter-queued', shape: '◷', text: 'queued', leftOfCode: true },
    done: { state: 'gutter-done', shape: '✓', text: expect.stringMatching(/^done in 2\.\d s$/), leftOfCode: true },
    failed: { state: 'gutter-error', shape: '✕', text: expect.stringMatching(/^error after \d+(\.\d)? m?s$/), leftOfCode: true },
    blocked: { state: 'gutter-blocked', shape: '⊘', text: 'blocked by an upstream error', leftOfCode: true },
    errors: [],
  });
});
