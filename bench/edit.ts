import type { Page } from 'playwright-core';
import { armEditProbe, type EditProbeResult, type EditProbeSpec } from './probes';

/**
 * Runs `edit` (untimed: typing the new code), then arms the in-page probe and presses
 * Ctrl+Enter in the focused editor; resolves with what the probe saw.
 */
export async function timeEdit(page: Page, spec: EditProbeSpec, edit: () => Promise<void>): Promise<EditProbeResult> {
  await edit();
  await page.evaluate(armEditProbe, spec);
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => window.__benchEdit?.complete === true || window.__benchEdit?.error !== undefined, undefined, {
    timeout: 300_000,
    polling: 50,
  });
  const result = await page.evaluate(() => window.__benchEditCollect!());
  if (result.error) throw new Error(result.error);
  return result;
}
