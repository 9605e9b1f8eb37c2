import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, cell, editor, leaveEditor, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

it('collapses an output (O in command mode), keeps it collapsed across a reload, and expands it (button)', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await button(page, 'New notebook').click();
  await cell(page, 2).waitFor({ state: 'detached' });
  await setCode(page, 1, 'for i in range(300):\n    print(i)');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  const toggle = cell(page, 1).getByRole('button', { name: /^(Collapse|Expand) output$/ });
  const state = async () => ({ button: await toggle.textContent(), expanded: await toggle.getAttribute('aria-expanded'), outputs: await output(page, 1).count() });
  const before = await state();
  await leaveEditor(page);
  await page.keyboard.press('o');
  await toggle.filter({ hasText: 'Expand output' }).waitFor();
  const collapsed = await state();
  // Ctrl+S writes it now and says so: then the reload reads it from IndexedDB.
  await page.keyboard.press('Control+s');
  await page.getByRole('status', { name: 'Save state' }).filter({ hasText: 'Saved' }).waitFor();
  await page.reload();
  await waitForStatus(page, 1, /done/); // a notebook made here runs on open
  const reloaded = await state();
  await toggle.click();
  await output(page, 1).waitFor();
  const expanded = { ...(await state()), last: (await output(page, 1).textContent())?.trim().split('\n').at(-1) };
  await context.close();
  expect({ before, collapsed, reloaded, expanded, errors }).toEqual({
    before: { button: 'Collapse output', expanded: 'true', outputs: 1 },
    collapsed: { button: 'Expand output', expanded: 'false', outputs: 0 },
    reloaded: { button: 'Expand output', expanded: 'false', outputs: 0 },
    expanded: { button: 'Collapse output', expanded: 'true', outputs: 1, last: '299' },
    errors: [],
  });
});
