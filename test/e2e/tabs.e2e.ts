import { expect, inject, it } from 'vitest';
import { useChromium } from './use-chromium';
import { button, editor, output, setCode } from './notebook-page';

const browser = useChromium();

it('a notebook is edited in one tab at a time; a second tab can take it over without losing an edit', async () => {
  const context = await browser().newContext();
  const first = await context.newPage();
  await first.goto(inject('baseURL'));
  await output(first, 3).getByRole('table').waitFor({ timeout: 120_000 });
  // Reloaded, the first tab asks for the notebook's lock as the page starts (the address
  // names it), before the app's code has loaded: the app adopts that lock.
  await first.reload();
  await output(first, 3).getByRole('table').waitFor({ timeout: 120_000 });
  const second = await context.newPage();
  await second.goto(first.url());
  const elsewhere = second.getByRole('alert').filter({ hasText: 'open in another tab' });
  await elsewhere.waitFor({ timeout: 30_000 });
  const secondHasEditor = await editor(second, 1).count();

  // The first tab edits right up to the moment the second takes over.
  await setCode(first, 2, 'user_id = 2');
  await button(second, 'Use it here').click();
  await first.getByRole('alert').filter({ hasText: 'opened in another tab' }).waitFor({ timeout: 30_000 });
  const firstHasEditor = await editor(first, 1).count();
  // The second tab opens the same database (once the first tab's kernel let go of it) and
  // runs the notebook with the first tab's last edit.
  await output(second, 4).getByText("'Hello, Grace Hopper!'").waitFor({ timeout: 120_000 });
  const code = await editor(second, 2).textContent();
  await context.close();
  expect({ secondHasEditor, firstHasEditor, code }).toEqual({ secondHasEditor: 0, firstHasEditor: 0, code: 'user_id = 2' });
});

it('a reload opens the store, reads it and asks for the notebook\'s lock once each, as the page starts', async () => {
  const context = await browser().newContext();
  await context.addInitScript(() => {
    // Counted, then passed on to the browser's own.
    const counts: Record<string, number> = {};
    (window as { storeCalls?: Record<string, number> }).storeCalls = counts;
    const count = (proto: object, method: string): void => {
      const own = (proto as Record<string, (...args: unknown[]) => unknown>)[method]!;
      (proto as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
        counts[method] = (counts[method] ?? 0) + 1;
        return own.apply(this, args);
      };
    };
    count(IDBFactory.prototype, 'open');
    count(IDBIndex.prototype, 'getAll');
    count(IDBObjectStore.prototype, 'get');
    count(LockManager.prototype, 'request');
  });
  const page = await context.newPage();
  await page.goto(inject('baseURL'));
  await output(page, 3).getByRole('table').waitFor({ timeout: 120_000 });
  await page.reload();
  await editor(page, 1).waitFor();
  const calls = await page.evaluate(() => (window as { storeCalls?: Record<string, number> }).storeCalls);
  await context.close();
  // The list and the notebook come from one read made under the lock: the app asks for neither again.
  expect(calls).toEqual({ open: 1, getAll: 1, request: 1 });
});
