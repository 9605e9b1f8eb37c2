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

/** Replaces a cell's code as if typed, and waits until the editor shows exactly it. */
export async function setCode(page: Page, n: number, code: string): Promise<void> {
  const box = editor(page, n);
  await box.click();
  // A click right after a cell was added can land before the editor takes focus; typing
  // would then go to the previous cell. Focus explicitly, then check what was written.
  await box.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText bypasses auto-indent and bracket closing, like a paste.
  await page.keyboard.insertText(code);
  const expected = code.replaceAll('\n', ''); // CodeMirror renders lines as elements
  await page.waitForFunction(
    ([label, text]) => {
      // CodeMirror, or the plain editor shown until it has loaded (its value, lines joined alike).
      const box = document.querySelector(`[aria-label="${label}"]`);
      return (box instanceof HTMLTextAreaElement ? box.value.replaceAll('\n', '') : box?.textContent) === text;
    },
    [`Code of cell ${n}`, expected] as const,
    { timeout: 10_000 },
  );
}

export async function waitForStatus(page: Page, n: number, pattern: RegExp, timeout = 90_000): Promise<string> {
  const status = cell(page, n).getByRole('status', { name: 'Cell status' });
  try {
    await status.filter({ hasText: pattern }).waitFor({ timeout });
  } catch (error) {
    // Say what the page showed instead: every cell's status and the kernel's.
    const statuses = await page.getByRole('status', { name: 'Cell status' }).allTextContents();
    const kernel = await page.getByRole('status', { name: 'Kernel state' }).textContent();
    const codes = await page.locator('.cm-content').allTextContents();
    throw new Error(`Cell ${n} never matched ${pattern}: statuses ${JSON.stringify(statuses)}, ${kernel}, code ${JSON.stringify(codes)}`, { cause: error });
  }
  return (await status.textContent()) ?? '';
}

/** Escape leaves a cell's editor for command mode; a completion list open after typing takes the first one. */
export async function leaveEditor(page: Page): Promise<void> {
  const commandMode = (): Promise<boolean> => page.evaluate(() => document.activeElement?.matches('section.cell') === true);
  for (let press = 0; press < 2 && !(await commandMode()); press++) await page.keyboard.press('Escape');
}

/** A new, empty notebook (one Python cell), opened. */
export async function newNotebook(page: Page): Promise<void> {
  const before = await page.evaluate(() => location.hash);
  await page.getByRole('button', { name: 'New notebook' }).click();
  // The click may come before the first visit's sample notebook is even shown, so "the
  // sample's cells are gone" proves nothing. Wait until the address names the new
  // notebook and the list marks that one as the open one (the view follows the same
  // signal), then for its one cell.
  await page.waitForFunction((previous) => {
    const hash = location.hash;
    return hash !== previous && hash.startsWith('#/notebook/') && document.querySelector('a[aria-current="page"]')?.getAttribute('href') === hash;
  }, before);
  await page.getByRole('group', { name: 'Cell 2', exact: true }).waitFor({ state: 'detached' });
  await page.getByRole('textbox', { name: 'Code of cell 1', exact: true }).waitFor();
}

export function button(page: Page | Locator, name: string): Locator {
  return page.getByRole('button', { name, exact: true });
}

/** The cell toolbar's own buttons; its other actions are items of its "…" menu. */
const TOOLBAR_BUTTONS = new Set(['Run cell', 'Move cell up', 'Move cell down', 'More actions']);

/**
 * Does one of cell `n`'s actions by its name ("Delete cell", "Add SQL cell below", …): a
 * button of the toolbar, or an item of its "…" menu, which this opens first.
 */
export async function cellAction(page: Page, n: number, name: string): Promise<void> {
  const scope = cell(page, n);
  if (TOOLBAR_BUTTONS.has(name)) return button(scope, name).click();
  await button(scope, 'More actions').click();
  await scope.getByRole('menu', { name: 'Cell actions' }).getByRole('menuitem', { name, exact: true }).click();
}

/** Opens the notebook's Export menu and returns its item `name` ("Export .py", …). */
export async function exportItem(page: Page, name: string): Promise<Locator> {
  await button(page, 'Export').click();
  return page.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name, exact: true });
}

/** Every record of the app's IndexedDB notebook store, as JSON. */
export function storedNotebooks(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const request = indexedDB.open('ripple');
        request.onerror = () => reject(new Error('no ripple database'));
        request.onsuccess = () => {
          const all = request.result.transaction('notebooks').objectStore('notebooks').getAll();
          all.onsuccess = () => {
            request.result.close();
            resolve(JSON.stringify(all.result));
          };
        };
      }),
  );
}

/** Waits until a notebook in the app's IndexedDB holds `text`: the autosave has written it. */
export async function waitForSaved(page: Page, text: string, timeoutMs = 30_000): Promise<void> {
  const needle = JSON.stringify(text).slice(1, -1); // as it appears inside the stored JSON
  const deadline = Date.now() + timeoutMs;
  while (!(await storedNotebooks(page)).includes(needle)) {
    if (Date.now() > deadline) throw new Error(`No notebook in IndexedDB holds ${JSON.stringify(text)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
