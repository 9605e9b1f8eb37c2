import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser';
import { cell, editor, output, setCode } from './notebook-page';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it('re-running cells does not make the cells below jump while new output arrives', async () => {
  const { page, context } = await openPage(browser, inject('baseURL'));
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
