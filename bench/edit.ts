import type { Page } from 'playwright-core';
import { pageSignal } from './app';
import { armEditProbe, type EditProbeResult, type EditProbeSpec } from './probes';

let edits = 0;

/**
 * Runs `edit` (untimed: typing the new code), then arms the in-page probe and presses
 * Ctrl+Enter (or `spec.runKey`+Enter) in the focused editor; resolves with what the probe saw.
 *
 * Nothing of the bench runs in the page until the probe has settled: it says so with a
 * page signal. (Polling it with `waitForFunction` ran a task on the page's main thread
 * in the middle of nearly every reaction, 0.4-5.8 ms in a trace: interleaved, 150 edits
 * each, p95 in the DOM 16.6 ms polled against 11.4 ms.) The keys are released once the
 * reaction is painted, as a person's are (a key is held for about 100 ms): Playwright's
 * `press` releases them at once, while the reaction runs (interleaved, 150 edits each,
 * p50 painted 11.6 ms released at once against 10.7 ms held).
 */
export async function timeEdit(page: Page, spec: Omit<EditProbeSpec, 'signal'>, edit: () => Promise<void>): Promise<EditProbeResult> {
  await edit();
  const signal = `edit-settled-${++edits}`;
  await page.evaluate(armEditProbe, { ...spec, signal });
  const modifier = spec.runKey ?? 'Control';
  await page.keyboard.down(modifier);
  await page.keyboard.down('Enter');
  try {
    await pageSignal(page, signal, 300_000);
  } finally {
    await page.keyboard.up('Enter');
    await page.keyboard.up(modifier);
  }
  const result = await page.evaluate(() => window.__benchEditCollect!());
  if (result.error) throw new Error(result.error);
  return result;
}
