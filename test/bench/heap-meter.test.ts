import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HeapMeter } from '../../bench/heap';
import { launchChromium } from '../e2e/browser';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  await page.setContent('<!doctype html><title>heap meter</title>');
});
afterAll(() => browser?.close());

it("counts a page's typed arrays (outside the JS heap) with its heap, in real Chromium", async () => {
  const heap = await HeapMeter.attach(page);
  await heap.collectGarbage();
  const before = await heap.usedMB();
  // 32 MiB of doubles and 1 MiB of bytes, as a large result's number and boolean columns keep them.
  await page.evaluate(() => void ((window as unknown as { kept: unknown }).kept = [new Float64Array(4 * 2 ** 20), new Uint8Array(2 ** 20)]));
  const grown = (await heap.usedMB()) - before;
  await heap.detach();
  expect(grown).toBeGreaterThanOrEqual(33);
  expect(grown).toBeLessThan(34);
});
