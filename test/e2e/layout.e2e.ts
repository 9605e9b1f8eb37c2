import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, cell, cellAction, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';
import type { Locator, Page } from 'playwright-core';

const browser = useChromium();

it('re-running cells does not make the cells below jump while new output arrives', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
  await setCode(page, 2, '# Change the id and press Shift+Enter: the cells below re-run by themselves.\nuser_id = 2');
  // Sample the last cell's position every frame while cells 3 and 4 re-run (after the
  // edit: deleting and retyping the code above changes its height for a moment).
  await cell(page, 4).evaluate((element) => {
    const tops: number[] = [];
    const sample = (): void => {
      tops.push(Math.round(element.getBoundingClientRect().top + window.scrollY));
      if (tops.length < 100_000) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    (window as unknown as { rippleTops: number[] }).rippleTops = tops;
  });
  await editor(page, 2).press('Control+Enter');
  await output(page, 4).getByText("'Hello, Grace Hopper!'").waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
    throw new Error(`cell 4 shows ${await output(page, 4).textContent()}; cell 3 ${await output(page, 3).textContent()}`, { cause: error });
  });
  await page.waitForTimeout(300);
  const tops = await page.evaluate(() => (window as unknown as { rippleTops: number[] }).rippleTops);
  await context.close();
  const changes = tops.filter((top, i) => i === 0 || top !== tops[i - 1]);
  expect({ sampled: tops.length > 10, changes }).toEqual({ sampled: true, changes: [tops[0]] });
});

/** Records an element's top (in the viewport, or in the document) every animation frame. */
async function sampleTops(target: Locator, inViewport: boolean): Promise<() => Promise<number[]>> {
  await target.evaluate((element, viewport) => {
    const tops: number[] = [];
    const sample = (): void => {
      tops.push(Math.round(element.getBoundingClientRect().top + (viewport ? 0 : window.scrollY)));
      if (tops.length < 100_000) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    (window as unknown as { rippleTops: number[] }).rippleTops = tops;
  }, inViewport);
  return () => target.page().evaluate(() => (window as unknown as { rippleTops: number[] }).rippleTops);
}

function distinct(tops: number[]): number[] {
  return tops.filter((top, i) => i === 0 || top !== tops[i - 1]);
}

async function addPythonCell(page: Page, after: number, code: string): Promise<void> {
  await cellAction(page, after, 'Add Python cell below');
  await setCode(page, after + 1, code);
}

const SLOW_PRINTS = 'import time\nfor i in range(15):\n    print("line", i)\n    time.sleep(0.03)';

/**
 * Watches a cell's status as it changes (a poll can miss a 0.45 s "running"); the returned
 * wait ends once "done" has followed "running".
 */
async function watchRerun(target: Locator): Promise<() => Promise<void>> {
  await target.evaluate((section) => {
    const seen: string[] = [];
    const status = section.querySelector('[aria-label="Cell status"]')!;
    new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, { subtree: true, childList: true, characterData: true });
    (window as unknown as { rippleStatuses: string[] }).rippleStatuses = seen;
  });
  return async () => {
    await target.page().waitForFunction(
      () => {
        const seen = (window as unknown as { rippleStatuses: string[] }).rippleStatuses;
        const ran = seen.findIndex((s) => s.startsWith('running'));
        return ran >= 0 && seen.slice(ran).some((s) => s.startsWith('done'));
      },
      undefined,
      { timeout: 30_000 },
    );
  };
}

it('a re-run whose output streams in keeps the cells below still', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, SLOW_PRINTS);
  await addPythonCell(page, 1, 'z = 2');
  await editor(page, 1).press('Control+Enter');
  await output(page, 1).getByText('line 14').waitFor({ timeout: 60_000 });
  await waitForStatus(page, 1, /done/);
  const tops = await sampleTops(cell(page, 2), false);
  const rerun = await watchRerun(cell(page, 1));
  await editor(page, 1).press('Control+Enter');
  await rerun();
  await page.waitForTimeout(300);
  const sampled = await tops();
  await context.close();
  expect({ sampled: sampled.length > 10, changes: distinct(sampled) }).toEqual({ sampled: true, changes: [sampled[0]] });
});

it('a cell printing 10,000 lines grows by at most half the window and shows the newest line', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, 'for i in range(10_000):\n    print("line", i)');
  await editor(page, 1).press('Control+Enter');
  await output(page, 1).getByText('line 9999').waitFor({ timeout: 60_000 });
  await waitForStatus(page, 1, /done/);
  const box = output(page, 1).locator('pre.stream');
  const measured = await box.evaluate((element) => ({
    height: element.getBoundingClientRect().height,
    half: window.innerHeight / 2,
    atEnd: element.scrollTop + element.clientHeight >= element.scrollHeight - 4,
  }));
  await context.close();
  expect({ bounded: measured.height <= measured.half + 1, atEnd: measured.atEnd }).toEqual({ bounded: true, atEnd: true });
});

it('output growing above the viewport does not move what the reader is looking at', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, SLOW_PRINTS);
  const tall = 'print("\\n".join(str(i) for i in range(60)))';
  await addPythonCell(page, 1, tall);
  await addPythonCell(page, 2, tall);
  await addPythonCell(page, 3, 'z = 4');
  await button(page, 'Run all').click();
  await waitForStatus(page, 3, /done/);
  await waitForStatus(page, 1, /done/);
  await cell(page, 4).evaluate((element) => element.scrollIntoView({ block: 'end' }));
  const cell1Below = await cell(page, 1).evaluate((element) => element.getBoundingClientRect().bottom < 0);
  const tops = await sampleTops(cell(page, 4), true);
  // Re-run cell 1 without scrolling to it, as a dependency change or Run all would.
  const rerun = await watchRerun(cell(page, 1));
  await button(cell(page, 1), 'Run cell').evaluate((element) => (element as HTMLElement).click());
  await rerun();
  await page.waitForTimeout(300);
  const sampled = await tops();
  await context.close();
  expect({ cell1Below, sampled: sampled.length > 10, changes: distinct(sampled) }).toEqual({ cell1Below: true, sampled: true, changes: [sampled[0]] });
});
