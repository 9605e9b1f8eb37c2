import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { PAINT_WAIT_MS } from '../../workers/first-rows-paint';
import { button, cellAction, editor, newNotebook, output, setCode, waitForStatus } from './notebook-page';

const browser = useChromium();

/** A new notebook whose only cell is an empty SQL cell. */
async function oneSqlCell(page: Page): Promise<void> {
  await newNotebook(page);
  await cellAction(page, 1, 'Delete cell');
  await button(page, 'Add SQL cell').click();
}

it('shows a 200,000-row result that scrolls to its last row', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await oneSqlCell(page);
  await setCode(page, 1, 'SELECT g AS n, md5(g::text) AS hash FROM generate_series(1, 200000) AS g');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  const table = output(page, 1).getByRole('table');
  const footer = await output(page, 1).locator('.rt-count').textContent();
  const rowsInDom = await table.getByRole('row').count();
  // Each column's cells line up under its header, at the width its type gets.
  const columns = await table.evaluate((element) => {
    const left = element.getBoundingClientRect().left;
    const boxes = (selector: string): number[][] =>
      Array.from(element.querySelectorAll(selector), (e) => e.getBoundingClientRect()).map((r) => [Math.round(r.left - left), Math.round(r.width)]);
    return { header: boxes('[role="columnheader"]'), firstRow: boxes('[aria-rowindex="2"] [role="cell"]'), lastRow: boxes('[role="row"]:last-child [role="cell"]') };
  });
  await table.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await table.getByRole('cell', { name: '200000', exact: true }).waitFor({ timeout: 10_000 });
  await context.close();
  expect({ footer, virtualized: rowsInDom < 200, errors }).toEqual({ footer: '200,000 rows', virtualized: true, errors: [] });
  expect(columns.header.map(([, width]) => width)).toEqual([96, 180]);
  expect(columns.firstRow).toEqual(columns.header);
  expect(columns.lastRow).toEqual(columns.header);
});

it("shows a large result's first rows while the database is still reading the rest", async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await oneSqlCell(page);
  // Row 1,001 holds the database for 2 s: the table must be on screen before that ends.
  await setCode(page, 1, 'SELECT g AS n, CASE WHEN g = 1001 THEN pg_sleep(2) END AS pause FROM generate_series(1, 12000) AS g');
  await editor(page, 1).press('Control+Enter');
  const table = output(page, 1).getByRole('table');
  await table.getByRole('cell', { name: '1', exact: true }).first().waitFor({ timeout: 60_000 });
  const whileRunning = { status: await waitForStatus(page, 1, /./), footer: await output(page, 1).locator('.rt-count').textContent() };
  await waitForStatus(page, 1, /done/);
  const footer = await output(page, 1).locator('.rt-count').textContent();
  await table.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await table.getByRole('cell', { name: '12000', exact: true }).waitFor({ timeout: 10_000 });
  await context.close();
  expect({ whileRunning, footer, errors }).toEqual({
    whileRunning: { status: expect.stringMatching(/running/), footer: '1,000 rows so far, more arriving…' },
    footer: '12,000 rows',
    errors: [],
  });
});

it("reads the rest of a large result once the page has painted its first rows", async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await oneSqlCell(page);
  await setCode(page, 1, 'SELECT g AS n FROM generate_series(1, 12000) AS g');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  // Absolute times (each global's clock starts at its own origin): when the page reported
  // the first rows painted; in the kernel, its wait for that report and its exchanges with
  // the PGlite worker. The rest is the first exchange after the wait began: the first rows'
  // and the rest's are one exclusive section, while the editor's schema query for
  // completion may run just before the run's or after it.
  const reported = await page.evaluate(() => performance.getEntriesByName('ripple:run: first rows painted').map((m) => performance.timeOrigin + m.startTime + m.duration));
  const kernel = page.workers().find((w) => w.url().includes('kernel-worker'));
  const span = (name: string) => kernel?.evaluate((measure) => performance.getEntriesByName(measure).map((m) => ({ start: performance.timeOrigin + m.startTime, end: performance.timeOrigin + m.startTime + m.duration })), name);
  const waits = (await span('ripple:run: first rows paint wait')) ?? [];
  const exchanges = (await span('ripple:run: pglite exchange')) ?? [];
  await context.close();
  const wait = waits[0];
  const rest = exchanges.find((exchange) => wait && exchange.start >= wait.start);
  expect({ reports: reported.length, waits: waits.length, rest: rest !== undefined, errors }).toEqual({ reports: 1, waits: 1, rest: true, errors: [] });
  // The kernel waited until the page reported, or until its own limit (should a busy
  // machine paint later than that), and asked for the rest only then.
  expect(wait!.end).toBeGreaterThanOrEqual(Math.min(reported[0]!, wait!.start + PAINT_WAIT_MS) - 1);
  expect(rest!.start).toBeGreaterThanOrEqual(wait!.end - 1);
});

it("copies a 250,000-row result to the clipboard in slices (the clipboard takes the text while it is built)", async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(inject('baseURL')).origin });
  await oneSqlCell(page);
  await setCode(page, 1, 'SELECT g AS n FROM generate_series(1, 250000) AS g');
  await editor(page, 1).press('Control+Enter');
  await waitForStatus(page, 1, /done/);
  // Every text the table's status shows, as it changes: "Preparing…" may last one frame.
  // (Empty, the status is display: none, so it is found by its class until it speaks.)
  await output(page, 1).locator('.rt-status').evaluate((element) => {
    const seen: string[] = [];
    (window as { seenStatus?: string[] }).seenStatus = seen;
    new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, { childList: true, characterData: true, subtree: true });
  });
  await output(page, 1).getByRole('button', { name: 'Copy as TSV' }).click();
  await output(page, 1).getByRole('status').filter({ hasText: 'Copied 250,000 rows' }).waitFor({ timeout: 30_000 });
  const seen = (await page.evaluate(() => (window as { seenStatus?: string[] }).seenStatus))?.filter((text) => text !== '');
  const copied = await page.evaluate(async () => {
    const text = await navigator.clipboard.readText();
    return { start: text.slice(0, 8), lines: text.split('\n').length, end: text.slice(-7) };
  });
  await context.close();
  expect({ seen, copied, errors }).toEqual({
    seen: ['Preparing 250,000 rows…', 'Copied 250,000 rows'],
    copied: { start: 'n\n1\n2\n3\n', lines: 250_001, end: '\n250000' },
    errors: [],
  });
});
