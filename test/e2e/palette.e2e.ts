import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { cell, editor, leaveEditor, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

/** Which cell has the focus, and whether the cell itself (command mode) or its editor. */
function focus(page: Page): Promise<{ cell: string | null; on: 'cell' | 'editor' | 'other' }> {
  return page.evaluate(() => {
    const active = document.activeElement;
    const on = active?.matches('section.cell') ? 'cell' : active?.closest('.cm-editor') ? 'editor' : 'other';
    return { cell: active?.closest('section.cell')?.getAttribute('aria-label') ?? null, on };
  });
}

/** Opens the palette with `keys`, types `query`, and says what it offers, the highlighted option first. */
async function search(page: Page, keys: string, query: string): Promise<{ focused: boolean; selected: string | null; options: string[] }> {
  await page.keyboard.press(keys);
  const dialog = page.getByRole('dialog', { name: 'Command palette' });
  const box = dialog.getByRole('combobox', { name: 'Search actions' });
  await box.waitFor();
  await page.keyboard.type(query);
  await page.waitForFunction((q) => (document.activeElement as HTMLInputElement | null)?.value === q, query);
  const options = await dialog.getByRole('option').evaluateAll((all) => all.map((o) => ({ name: o.getAttribute('aria-label') ?? '', selected: o.getAttribute('aria-selected') === 'true' })));
  return {
    focused: await box.evaluate((el) => el === document.activeElement),
    selected: options.find((o) => o.selected)?.name ?? null,
    options: options.map((o) => o.name),
  };
}

const theme = (page: Page) => page.evaluate(() => ({ scheme: document.documentElement.dataset.theme, background: getComputedStyle(document.body).backgroundColor }));

it('drives the command palette from the keyboard alone: Ctrl+Shift+P and Ctrl+K, filter, arrows, Enter runs (new notebook, a cell action, run all, theme, export, shortcuts, settings), Escape back to where it was', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await page.emulateMedia({ colorScheme: 'light' });
  await editor(page, 1).waitFor();
  const palette = page.getByRole('dialog', { name: 'Command palette' });

  // New notebook, from the palette.
  const fresh = await search(page, 'Control+Shift+P', 'new note');
  await page.keyboard.press('Enter');
  await cell(page, 2).waitFor({ state: 'detached' });
  await setCode(page, 1, 'x = 20');
  await leaveEditor(page);

  // A cell action: the new cell's editor has the focus, as after B.
  const addBelow = await search(page, 'Control+K', 'add cell bel');
  await page.keyboard.press('Enter');
  await editor(page, 2).waitFor();
  const afterAdd = await focus(page);
  await page.keyboard.type('x + 1');

  // From inside an editor too; Escape gives the editor its focus back.
  await search(page, 'Control+K', 'run');
  await page.keyboard.press('Escape');
  const afterEscape = { open: await palette.count(), focus: await focus(page) };

  // Run all; the focus goes back to the cell.
  await leaveEditor(page);
  const runAll = await search(page, 'Control+Shift+P', 'run all');
  await page.keyboard.press('Enter');
  await waitForStatus(page, 2, /done/);
  const afterRunAll = { result: await output(page, 2).textContent(), focus: await focus(page) };

  // Toggle theme.
  const before = await theme(page);
  const toggle = await search(page, 'Control+K', 'theme');
  await page.keyboard.press('Enter');
  await page.waitForFunction((was) => document.documentElement.dataset.theme !== was, before.scheme);
  const afterToggle = { ...(await theme(page)), focus: await focus(page) };

  // Export: the arrow keys move through the matches (and wrap), Enter exports the highlighted one.
  const exports = await search(page, 'Control+K', 'export');
  await page.keyboard.press('ArrowDown');
  const down = await palette.getByRole('option', { selected: true }).getAttribute('aria-label');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  const wrapped = await palette.getByRole('option', { selected: true }).getAttribute('aria-label');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);

  // The shortcuts dialog lists the palette's keys; it too gives the focus back.
  await search(page, 'Control+Shift+P', 'shortcuts');
  await page.keyboard.press('Enter');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  const paletteRow = await help.getByRole('row', { name: /palette/ }).textContent();
  await page.keyboard.press('Escape');
  const afterHelp = { open: await help.count(), focus: await focus(page) };

  // Nothing matches: Enter does nothing; Escape closes and the cell has the focus again.
  const none = await search(page, 'Control+Shift+P', 'zzzq');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  const closed = { open: await palette.count(), focus: await focus(page) };

  // Database settings opens with the focus in it.
  await search(page, 'Control+K', 'database');
  await page.keyboard.press('Enter');
  const settings = page.getByRole('region', { name: 'Database settings' });
  await settings.waitFor();
  const settingsFocused = await settings.evaluate((el) => el.contains(document.activeElement));
  await context.close();

  expect({
    fresh,
    addBelow,
    afterAdd,
    afterEscape,
    runAll,
    afterRunAll,
    toggle: toggle.selected,
    themes: [before, { scheme: afterToggle.scheme, background: afterToggle.background }],
    toggleFocus: afterToggle.focus,
    exports: exports.options,
    arrows: { down, wrapped },
    file: download.suggestedFilename().replace(/^.*\./, '.'),
    paletteRow,
    afterHelp,
    none,
    closed,
    settingsFocused,
    errors,
  }).toEqual({
    fresh: { focused: true, selected: 'New notebook', options: ['New notebook'] },
    addBelow: { focused: true, selected: 'Add cell below', options: ['Add cell below', 'Run cell and add a cell below'] },
    afterAdd: { cell: 'Cell 2', on: 'editor' },
    afterEscape: { open: 0, focus: { cell: 'Cell 2', on: 'editor' } },
    runAll: { focused: true, selected: 'Run all cells', options: ['Run all cells'] },
    afterRunAll: { result: '21', focus: { cell: 'Cell 2', on: 'cell' } },
    toggle: 'Toggle light / dark theme',
    themes: [
      { scheme: 'light', background: 'rgb(255, 255, 255)' },
      { scheme: 'dark', background: 'rgb(13, 17, 23)' },
    ],
    toggleFocus: { cell: 'Cell 2', on: 'cell' },
    exports: ['Export .py', 'Export .ipynb', 'Export SQL (the database)'],
    arrows: { down: 'Export .ipynb', wrapped: 'Export SQL (the database)' },
    file: '.ipynb',
    paletteRow: 'Ctrl+Shift+P, Ctrl+KCommand palette: every action by name (anywhere)',
    afterHelp: { open: 0, focus: { cell: 'Cell 2', on: 'cell' } },
    none: { focused: true, selected: null, options: [] },
    closed: { open: 0, focus: { cell: 'Cell 2', on: 'cell' } },
    settingsFocused: true,
    errors: [],
  });
});
