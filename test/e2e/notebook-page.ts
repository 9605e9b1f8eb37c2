import type { Locator, Page } from 'playwright-core';

/** How a person drives a notebook: by the names the UI gives its controls. */
export function cell(page: Page, n: number): Locator {
  return page.getByRole('group', { name: `Cell ${n}`, exact: true });
}

export function output(page: Page, n: number): Locator {
  return page.getByRole('region', { name: `Output of cell ${n}`, exact: true });
}

export function editor(page: Page, n: number): Locator {
  return page.getByRole('textbox', { name: `Code of cell ${n}`, exact: true });
}

/** Replaces a cell's code as if typed. */
export async function setCode(page: Page, n: number, code: string): Promise<void> {
  const box = editor(page, n);
  await box.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText bypasses auto-indent and bracket closing, like a paste.
  await page.keyboard.insertText(code);
}

export async function waitForStatus(page: Page, n: number, pattern: RegExp, timeout = 90_000): Promise<string> {
  const status = cell(page, n).getByRole('status', { name: 'Cell status' });
  await status.filter({ hasText: pattern }).waitFor({ timeout });
  return (await status.textContent()) ?? '';
}

/** A new, empty notebook (one Python cell), opened. */
export async function newNotebook(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New notebook' }).click();
  // The sample notebook is open first: wait until the new one replaced it.
  await page.getByRole('group', { name: 'Cell 2', exact: true }).waitFor({ state: 'detached' });
  await page.getByRole('textbox', { name: 'Code of cell 1', exact: true }).waitFor();
}

export function button(page: Page | Locator, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}
