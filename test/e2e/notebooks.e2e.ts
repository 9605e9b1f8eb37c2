import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, cell, cellAction, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

it('renames, duplicates and deletes notebooks (with confirmation), newest first', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  const links = page.getByRole('navigation', { name: 'Notebooks' }).getByRole('link');
  // Each link holds the title and when it was edited ("just now").
  const titles = () => links.locator('.notebook-list-title').allTextContents();
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const title = page.getByRole('textbox', { name: 'Notebook title' });
  await title.fill('Users report');
  await title.press('Enter');
  await links.filter({ hasText: 'Users report' }).waitFor();
  await button(page, 'Duplicate Users report').click();
  await links.filter({ hasText: 'Copy of Users report' }).waitFor();
  const afterDuplicate = await titles();
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await button(page, 'Delete Copy of Users report').click();
  const afterDismiss = await titles();
  page.once('dialog', (dialog) => void dialog.accept());
  await button(page, 'Delete Copy of Users report').click();
  await links.filter({ hasText: 'Copy of Users report' }).waitFor({ state: 'detached' });
  const afterDelete = await titles();
  await context.close();
  expect({ afterDuplicate, asked, afterDismiss, afterDelete }).toEqual({
    afterDuplicate: ['Copy of Users report', 'Users report'],
    asked: 'Delete “Copy of Users report”? This cannot be undone.',
    afterDismiss: ['Copy of Users report', 'Users report'],
    afterDelete: ['Users report'],
  });
});

it('restarts the kernel (namespace cleared, notebook kept) and switches the database at once', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  await button(page, 'Restart kernel').click();
  await page.getByRole('status', { name: 'Kernel state' }).filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
  await setCode(page, 4, 'user_id');
  await editor(page, 4).press('Control+Enter');
  await waitForStatus(page, 4, /error/);
  const afterRestart = await output(page, 4).locator('.traceback').textContent();
  await button(page, 'Database settings').click();
  await page.getByRole('combobox', { name: 'PGlite storage' }).selectOption('memory');
  await page.getByLabel('Current database').filter({ hasText: 'PGlite (memory)' }).waitFor({ timeout: 60_000 });
  // Running user_id re-runs the SQL cell below it, now against the new, empty database.
  await editor(page, 2).press('Control+Enter');
  await waitForStatus(page, 3, /error/);
  const newDatabase = await output(page, 3).locator('.sql-error').textContent();
  await context.close();
  expect({ afterRestart: afterRestart?.trim().split('\n').at(-1), newDatabase }).toEqual({
    afterRestart: "NameError: name 'user_id' is not defined",
    newDatabase: 'relation "users" does not exist (SQLSTATE 42P01) at line 1, column 15',
  });
});

it('offers a table in SQL autocompletion as soon as the cell that created it has run', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  // Complete once first, so the editor has a cached catalog without the new table.
  await editor(page, 3).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' AND name IN (SELECT name FROM us');
  await page.locator('.cm-tooltip-autocomplete li').filter({ hasText: 'users' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Escape');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 5, 'CREATE TABLE fresh_orders (order_id int, amount numeric)');
  await editor(page, 5).press('Control+Enter');
  await waitForStatus(page, 5, /done/);
  await editor(page, 3).click();
  await page.keyboard.press('End');
  await page.keyboard.type(' JOIN fresh_o');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await options.filter({ hasText: 'fresh_orders' }).waitFor({ timeout: 10_000 });
  const offered = await options.allTextContents();
  await context.close();
  expect(offered.some((text) => text.startsWith('fresh_orders'))).toEqual(true);
});

it('a restart after moving cells keeps the order the user sees', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, 'y = 1');
  for (const [n, code] of [[2, 'x = 1'], [3, 'x = 2']] as const) {
    await cellAction(page, n - 1, 'Add Python cell below');
    await setCode(page, n, code);
  }
  await button(cell(page, 3), 'Move cell up').click();
  await editor(page, 2).filter({ hasText: 'x = 2' }).waitFor();
  await button(page, 'Restart kernel').click();
  await page.getByRole('status', { name: 'Kernel state' }).filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
  await button(page, 'Run all').click();
  await waitForStatus(page, 2, /error/);
  await waitForStatus(page, 3, /error/);
  // The kernel names cells by its own order: after the restart it must be the UI's.
  const messages = [await output(page, 2).textContent(), await output(page, 3).textContent()];
  await context.close();
  expect(messages).toEqual([
    '`x` is also defined by Cell 3. A name may be defined by one cell only; rename or merge them.',
    '`x` is also defined by Cell 2. A name may be defined by one cell only; rename or merge them.',
  ]);
});

it('drives the notebook from the keyboard alone: Escape, J/K, A/B, Y/S/M, D D and Z, Shift+Enter, Ctrl+S', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  const focusedCell = () => page.evaluate(() => document.activeElement?.closest('section.cell')?.getAttribute('aria-label') ?? null);
  const commandMode = () => page.evaluate(() => document.activeElement?.matches('section.cell') === true);
  const kinds = () => page.locator('select.cell-kind').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value));
  /** Escape leaves the editor; a completion list open after typing takes the first one. */
  const leaveEditor = async (): Promise<void> => {
    for (let press = 0; press < 2 && !(await commandMode()); press++) await page.keyboard.press('Escape');
  };
  await setCode(page, 1, 'x = 20');
  await leaveEditor();
  const afterEscape = { cell: await focusedCell(), command: await commandMode() };
  await page.keyboard.press('b'); // a new cell below, its editor focused
  await page.keyboard.type('x + 1');
  const afterB = { cell: await focusedCell(), command: await commandMode() };
  await leaveEditor();
  await page.keyboard.press('k');
  await page.keyboard.press('Shift+Enter'); // runs cell 1, selects cell 2
  const afterRun = await focusedCell();
  await page.keyboard.press('Shift+Enter'); // runs cell 2: last cell, so a new one is added
  await waitForStatus(page, 2, /done/);
  const result = await output(page, 2).textContent();
  await leaveEditor();
  await page.keyboard.press('s');
  await page.keyboard.press('k');
  await page.keyboard.press('m');
  await page.keyboard.press('y');
  const afterKinds = await kinds();
  await page.keyboard.press('d');
  await page.keyboard.press('d');
  const afterDelete = { kinds: await kinds(), cell: await focusedCell() };
  await page.keyboard.press('z');
  const afterUndo = await kinds();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const helpRows = await help.getByRole('row').count();
  const deleteRow = await help.getByRole('row', { name: /D D/ }).textContent();
  await page.keyboard.press('Escape');
  const afterHelp = { open: await help.count(), cell: await focusedCell(), command: await commandMode() };
  await page.keyboard.press('a');
  const afterA = { count: (await kinds()).length, cell: await focusedCell(), command: await commandMode() };
  await page.keyboard.press('Control+s');
  // Said once the save has been written (the write is asynchronous).
  await page.getByRole('status', { name: 'Save state' }).filter({ hasText: 'Saved' }).waitFor({ timeout: 5_000 }).catch(() => undefined);
  const saved = await page.getByRole('status', { name: 'Save state' }).textContent();
  await context.close();
  expect({ afterEscape, afterB, afterRun, result, afterKinds, afterDelete, afterUndo, help: { helpRows, deleteRow, afterHelp }, afterA, saved, errors }).toEqual({
    afterEscape: { cell: 'Cell 1', command: true },
    afterB: { cell: 'Cell 2', command: false },
    afterRun: 'Cell 2',
    result: '21',
    afterKinds: ['python', 'python', 'sql'],
    afterDelete: { kinds: ['python', 'sql'], cell: 'Cell 2' },
    afterUndo: ['python', 'python', 'sql'],
    help: { helpRows: 15, deleteRow: 'D DDelete the cell', afterHelp: { open: 0, cell: 'Cell 2', command: true } },
    afterA: { count: 4, cell: 'Cell 2', command: false },
    saved: 'Saved',
    errors: [],
  });
});

it('Export is one menu: the arrow keys move through .py, .ipynb and SQL, Escape closes it, Enter exports', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  const menuButton = button(page, 'Export');
  const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? null);
  await menuButton.focus();
  await page.keyboard.press('ArrowDown');
  const items = await page.getByRole('menu', { name: 'Export' }).getByRole('menuitem').allTextContents();
  const first = await focused();
  await page.keyboard.press('ArrowUp');
  const wrapped = await focused();
  await page.keyboard.press('Escape');
  const closed = { menus: await page.getByRole('menu').count(), expanded: await menuButton.getAttribute('aria-expanded'), focus: await focused() };
  await page.keyboard.press('ArrowDown');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  await context.close();
  expect({ items, first, wrapped, closed, file: download.suggestedFilename().endsWith('.py'), errors }).toEqual({
    items: ['Export .py', 'Export .ipynb', 'Export SQL'],
    first: 'Export .py',
    wrapped: 'Export SQL',
    closed: { menus: 0, expanded: 'false', focus: 'Export' },
    file: true,
    errors: [],
  });
});
