import { expect, inject, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, cell, cellAction, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

it('opens the sample notebook on first visit and shows its Python -> SQL -> Python result', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
  const facts = {
    isolated: await page.evaluate(() => globalThis.crossOriginIsolated),
    headers: await output(page, 3).getByRole('columnheader').allTextContents(),
    title: await page.getByRole('textbox', { name: 'Notebook title' }).inputValue(),
    errors,
  };
  await context.close();
  expect(facts).toEqual({
    isolated: true,
    headers: ['idint4', 'nametext', 'emailtext'],
    title: 'Welcome to Ripple',
    errors: [],
  });
});

it("PGlite's worker compiles its wasm before the database is opened, and PGlite uses that module instead of compiling its own", async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 120_000 });
  const worker = page.workers().find((w) => w.url().includes('pglite-worker'));
  const measures = await worker?.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('ripple:'))
      .map((m) => ({ name: m.name.slice('ripple:'.length), start: m.startTime })),
  );
  await context.close();
  const ahead = measures?.find((m) => m.name === 'pglite: wasm ahead');
  const create = measures?.find((m) => m.name.startsWith('pglite: create'));
  expect({
    ahead: ahead !== undefined,
    aheadBeforeCreate: ahead !== undefined && create !== undefined && ahead.start < create.start,
    compiles: measures?.filter((m) => m.name === 'wasm compile: pglite.wasm').length,
  }).toEqual({ ahead: true, aheadBeforeCreate: true, compiles: 1 });
});

it("plays the seed's manual steps: user_id 42 -> 99 re-runs the SQL cell by itself", async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  // Cell 1 of a new notebook is Python: replace it with a SQL cell.
  await cellAction(page, 1, 'Delete cell');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 1, "CREATE TABLE people (id int, name text);\nINSERT INTO people VALUES (42, 'Ada'), (99, 'Grace')");
  await button(page, 'Add Python cell').click();
  await setCode(page, 2, 'user_id = 42');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 3, 'SELECT * FROM people WHERE id = {user_id}');
  await button(page, 'Run all').click();
  await waitForStatus(page, 3, /done/);
  const before = await output(page, 3).getByRole('cell').allTextContents();
  await setCode(page, 2, 'user_id = 99');
  // Shift+Enter runs the cell and moves the focus on: the run must reach the kernel first,
  // not wait behind the focus move's style and layout (4-6 ms of the key's task).
  await page.evaluate(() => {
    const order: string[] = [];
    Object.assign(window, { __shiftEnterOrder: order });
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
      if ((args[0] as { path?: unknown[] } | null)?.path?.[0] === 'runCells') order.push('run sent');
      return post.apply(this, args as Parameters<Worker['postMessage']>);
    };
    document.addEventListener('focusin', (event) => order.push(`focus ${(event.target as Element).getAttribute('aria-label')}`), true);
  });
  await editor(page, 2).press('Shift+Enter');
  await output(page, 3).getByRole('cell', { name: 'Grace' }).waitFor({ timeout: 30_000 });
  const after = await output(page, 3).getByRole('cell').allTextContents();
  const order = await page.evaluate(() => (window as unknown as { __shiftEnterOrder: string[] }).__shiftEnterOrder.filter((step) => !step.endsWith('cell 2')));
  await context.close();
  expect({ before, after, order }).toEqual({ before: ['42', 'Ada'], after: ['99', 'Grace'], order: ['run sent', 'focus Code of cell 3'] });
});

it('shows errors: invalid SQL marked in the editor, a missing variable, a Python traceback', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, 'def f():\n    return 1 / 0\n\nf()');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 2, 'SELECT 1 FORM nowhere');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 3, 'SELECT {nobody}');
  await button(page, 'Run all').click();
  await waitForStatus(page, 3, /error/);
  await waitForStatus(page, 2, /error/);
  await waitForStatus(page, 1, /error/);
  const facts = {
    traceback: await output(page, 1).locator('.traceback').textContent(),
    sql: await output(page, 2).locator('.sql-error').textContent(),
    marked: await cell(page, 2).locator('.cm-sql-error').textContent(),
    missing: await output(page, 3).textContent(),
  };
  await context.close();
  expect(facts).toEqual({
    traceback:
      'Traceback (most recent call last):\n  File "Cell 1", line 4, in <module>\n    f()\n    ~^^\n  File "Cell 1", line 2, in f\n    return 1 / 0\n           ~~^~~\nZeroDivisionError: division by zero\n',
    // `1 FORM` is `1 AS form` to Postgres: the error is at the next word.
    sql: 'syntax error at or near "nowhere" (SQLSTATE 42601) at line 1, column 15',
    marked: 'nowhere',
    missing: '`nobody` is not defined by any cell.',
  });
});

it('interrupts an endless loop from the toolbar and keeps the namespace', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, 'kept = 41');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  await button(page, 'Add Python cell').click();
  await setCode(page, 2, 'while True:\n    pass');
  await editor(page, 2).press('Control+Enter');
  await waitForStatus(page, 2, /running/);
  await button(page, 'Interrupt').click();
  await waitForStatus(page, 2, /error/, 15_000);
  const interrupted = await output(page, 2).textContent();
  await setCode(page, 2, 'kept + 1');
  await editor(page, 2).press('Control+Enter');
  await output(page, 2).getByText('42').waitFor();
  await context.close();
  expect(interrupted).toEqual('Interrupted (KeyboardInterrupt). The namespace is kept.');
});

it('without cross-origin isolation, interrupts by restarting the kernel and says so', async () => {
  // A static host without COOP/COEP, and no service worker to add them (as in a browser
  // that blocks service workers): the page stays non-isolated.
  const { page, context, errors } = await openPage(browser(), inject('plainURL'), { serviceWorkers: 'block' });
  await newNotebook(page);
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
  await setCode(page, 1, 'while True:\n    pass');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /running/);
  await button(page, 'Interrupt').click();
  await waitForStatus(page, 1, /error/, 15_000);
  const message = await output(page, 1).textContent();
  const tooltip = await page.getByRole('status', { name: 'Kernel state' }).getAttribute('title');
  await context.close();
  // Its own line, after the kernel's message when one is showing (a restart's reason may have cleared by now).
  expect(tooltip).toMatch(/(^|\n)Interrupt restarts the kernel, which clears the Python namespace: .*, so the page is not cross-origin isolated\.$/);
  expect({ isolated, message, errors }).toEqual({
    isolated: false,
    errors: [],
    message:
      'Interrupted by restarting the kernel (this page is not cross-origin isolated, so Python cannot be stopped in place). The Python namespace was reset.',
  });
});

it('an output from an earlier run is dimmed and says so: blocked by a failed cell, with a link to that cell', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  await setCode(page, 1, 'x = 1');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  await cellAction(page, 1, 'Add Python cell below');
  await setCode(page, 2, 'y = x + 1\ny');
  await editor(page, 2).press('Control+Enter');
  await waitForStatus(page, 2, /done/);
  const before = await output(page, 2).getByRole('note').count();

  await setCode(page, 1, 'x = 1 / 0');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 2, /blocked/);
  const note = output(page, 2).getByRole('note');
  const text = await note.textContent();
  const shown = await output(page, 2).locator('.text-output').textContent();
  // Dimmed after a short delay (a quick re-run does not flash): wait for it, then read it.
  await page.waitForFunction(() => getComputedStyle(document.querySelector('[aria-label="Output of cell 2"] .text-output')!).opacity === '0.55', undefined, { timeout: 5_000 }).catch(() => undefined);
  const opacity = await output(page, 2).locator('.text-output').evaluate((el) => getComputedStyle(el).opacity);
  // Dimmed without a fade: a running transition or animation (even one that has ended but
  // fills forwards) makes Chromium draw every frame, and a run started meanwhile paints late.
  const animations = await page.evaluate(() =>
    document.getAnimations().filter((a) => a.effect instanceof KeyframeEffect && a.effect.target?.closest('[aria-label="Output of cell 2"]')).length,
  );
  await note.getByRole('button', { name: 'Cell 1', exact: true }).click();
  const focusedIn = await page.evaluate(() => document.activeElement?.closest('[role="group"]')?.getAttribute('aria-label'));
  await context.close();
  expect({ before, text, shown, opacity, animations, focusedIn, errors }).toEqual({
    before: 0,
    text: 'Blocked: Cell 1 failed. This output is from an earlier run.',
    shown: '2',
    opacity: '0.55',
    animations: 0,
    focusedIn: 'Cell 1',
    errors: [],
  });
});
