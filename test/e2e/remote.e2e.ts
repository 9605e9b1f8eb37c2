import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import pg from 'pg';
import { exportPy } from '../../src/files/py-format';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { openPage } from './browser';
import { button, cellAction, editor, exportItem, newNotebook, output, setCode, storedNotebooks, waitForStatus } from './notebook-page';
import { useChromium } from './use-chromium';

// A notebook pointed at a real PostgreSQL through the real proxy, by a person using the
// database settings panel: the seed's scenario runs on the server, and the password (and
// the proxy's token) never show again, anywhere, after they were typed.

const browser = useChromium();
let postgres: TestPostgres;
let proxy: RunningProxy;
let sql: pg.Client;

beforeAll(async () => {
  postgres = await startPostgres();
  proxy = await startProxy({
    port: 0,
    allowTargets: [`${postgres.host}:${postgres.port}`],
    // The preview server (isolated) and the header-less static host (not isolated).
    allowOrigins: [new URL(inject('baseURL')).origin, new URL(inject('plainURL')).origin],
    log: () => {},
  });
  sql = new pg.Client({ connectionString: postgres.url });
  await sql.connect();
});

afterAll(async () => {
  await sql?.end();
  await proxy?.close();
  await postgres?.stop();
});

const settings = (page: Page) => page.getByRole('region', { name: 'Database settings' });
const current = (page: Page) => page.getByLabel('Current database');
const statusOf = (page: Page) => settings(page).getByRole('status', { name: 'Connection status' });
const alertOf = (page: Page) => settings(page).getByRole('alert');
const passwordDialog = (page: Page) => page.getByRole('dialog', { name: 'Database password' });

/** What the page shows or holds in its fields: its text, its markup and every input's value. */
function pageContents(page: Page): Promise<string> {
  return page.evaluate(() =>
    [document.body.innerText, document.documentElement.outerHTML, ...[...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value)].join('\n'),
  );
}

/** `text` with the secrets replaced by their names: what an assertion may print. */
function hide(text: string | null): string {
  return (text ?? '').replaceAll(postgres.password, '[password]').replaceAll(proxy.token ?? '[token]', '[token]');
}

/** The secrets that appear in `text`, named (never printed themselves). */
function secretsIn(text: string): string[] {
  return [
    ['password', postgres.password],
    ['token', proxy.token ?? ''],
  ].flatMap(([name, secret]) => (secret && text.includes(secret!) ? [name!] : []));
}

/** Opens Database settings and types the remote database in, as a user pasting the proxy's line. */
async function typeRemote(page: Page, connectionString: string, remember = true): Promise<void> {
  await button(page, 'Database settings').click();
  await settings(page).getByRole('radio', { name: 'Remote PostgreSQL, through the Ripple proxy' }).check();
  await settings(page).getByRole('textbox', { name: 'Proxy URL' }).fill(proxy.url);
  await settings(page).getByRole('textbox', { name: 'Connection string' }).fill(connectionString);
  await settings(page).getByRole('checkbox', { name: 'Remember password' }).setChecked(remember);
}

const SEED_CELLS = [
  ['sql', "DROP TABLE IF EXISTS people;\nCREATE TABLE people (id int, name text);\nINSERT INTO people VALUES (42, 'Ada'), (99, 'Grace')"],
  ['python', 'user_id = 42'],
  ['sql', 'SELECT * FROM people WHERE id = {user_id}'],
] as const;

/** A new notebook holding the seed's three cells (the table, user_id, the query), not run. */
async function seedNotebook(page: Page): Promise<void> {
  await newNotebook(page);
  // Cell 1 of a new notebook is Python: replace it with a SQL cell.
  await cellAction(page, 1, 'Delete cell');
  for (const [i, [kind, code]] of SEED_CELLS.entries()) {
    await button(page, kind === 'sql' ? 'Add SQL cell' : 'Add Python cell').click();
    await setCode(page, i + 1, code);
  }
}

it("the settings panel points a notebook at the proxied PostgreSQL: the seed's scenario runs there; the password shows nowhere, nor in the export; not remembered, it is asked for after a reload", async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  await seedNotebook(page);

  await typeRemote(page, postgres.url);
  await button(settings(page), 'Test connection').click();
  const tested = hide(await statusOf(page).filter({ hasText: /^Connected|failed/ }).textContent({ timeout: 60_000 }));
  await button(settings(page), 'Apply').click();
  await statusOf(page).filter({ hasText: /^Applied/ }).waitFor({ timeout: 60_000 });
  const applied = {
    current: hide(await current(page).textContent()),
    proxyField: hide(await settings(page).getByRole('textbox', { name: 'Proxy URL' }).inputValue()),
    connectionField: hide(await settings(page).getByRole('textbox', { name: 'Connection string' }).inputValue()),
    passwordState: await settings(page).getByText('Password saved in this browser.').count(),
    shown: secretsIn(await pageContents(page)),
  };

  await button(page, 'Run all').click();
  await output(page, 3).getByRole('cell', { name: 'Ada' }).waitFor({ timeout: 120_000 });
  const before = await output(page, 3).getByRole('cell').allTextContents();
  await setCode(page, 2, 'user_id = 99');
  await editor(page, 2).press('Shift+Enter');
  await output(page, 3).getByRole('cell', { name: 'Grace' }).waitFor({ timeout: 60_000 });
  const after = await output(page, 3).getByRole('cell').allTextContents();
  // The rows came from the server: the table is there, seen from outside the browser.
  const onServer = (await sql.query('SELECT name FROM people ORDER BY id')).rows.map((r: { name: string }) => r.name);

  const [download] = await Promise.all([page.waitForEvent('download'), (await exportItem(page, 'Export .py')).click()]);
  const exported = await readFile((await download.path())!, 'utf8');

  // Remember password unticked: the password leaves the browser's storage, and a reload asks for it.
  await settings(page).getByRole('checkbox', { name: 'Remember password' }).uncheck();
  await button(settings(page), 'Apply').click();
  await statusOf(page).filter({ hasText: /^Applied/ }).waitFor({ timeout: 60_000 });
  await settings(page).getByText(/^Password kept in memory until this page closes/).waitFor();
  // The settings are written at once; wait for the write (a reload right after may cut a late one).
  let stored = await storedNotebooks(page);
  while (stored.includes(postgres.password)) stored = await storedNotebooks(page);
  const shownAfterUntick = secretsIn(await pageContents(page));

  await page.reload();
  await passwordDialog(page).waitFor({ timeout: 60_000 });
  const asked = {
    text: hide(await passwordDialog(page).locator('p').first().textContent()),
    cellsRan: await page.getByRole('status', { name: 'Cell status' }).allTextContents(),
  };
  await passwordDialog(page).getByLabel('Password', { exact: true }).fill(postgres.password);
  await button(passwordDialog(page), 'Connect').click();
  // The notebook runs on open once connected: the query shows user 99 again.
  await output(page, 3).getByRole('cell', { name: 'Grace' }).waitFor({ timeout: 120_000 });
  const reopened = {
    dialog: await passwordDialog(page).count(),
    rows: await output(page, 3).getByRole('cell').allTextContents(),
    shown: secretsIn(await pageContents(page)),
  };
  await context.close();

  expect({
    tested,
    applied,
    before,
    after,
    onServer,
    exported: { header: exported.split('\n').slice(0, 3).map(hide), secrets: secretsIn(exported) },
    stored: { secrets: secretsIn(stored), token: stored.includes('proxyToken') },
    shownAfterUntick,
    asked,
    reopened,
    console: secretsIn(consoleLines.join('\n')),
    errors,
  }).toEqual({
    tested: expect.stringMatching(/^Connected: PostgreSQL \d+\.\d+.* · round trip \d+\.\d\d ms · connect \d+ ms\.$/),
    applied: {
      current: expect.stringMatching(new RegExp(`^${postgres.user}@127\\.0\\.0\\.1:${postgres.port}/postgres via proxy 127\\.0\\.0\\.1:${proxy.port} · PostgreSQL \\d`)),
      proxyField: `ws://127.0.0.1:${proxy.port}/`,
      connectionField: `postgresql://${postgres.user}@127.0.0.1:${postgres.port}/postgres`,
      passwordState: 1,
      shown: [],
    },
    before: ['42', 'Ada'],
    after: ['99', 'Grace'],
    onServer: ['Ada', 'Grace'],
    exported: {
      header: ['# Ripple notebook', '# Title: Untitled notebook', `# DB: remote postgresql://${postgres.user}@127.0.0.1:${postgres.port}/postgres`],
      secrets: [],
    },
    // The token is remembered (it is the proxy's, not the database's); the password is not.
    stored: { secrets: ['token'], token: true },
    shownAfterUntick: [],
    asked: {
      text: `This notebook's SQL runs on postgresql://${postgres.user}@127.0.0.1:${postgres.port}/postgres. Its password is needed to connect.`,
      cellsRan: ['idle', 'idle', 'idle'],
    },
    reopened: { dialog: 0, rows: ['99', 'Grace'], shown: [] },
    console: [],
    errors: [],
  });
}, 300_000);

it('a wrong password: Test connection and Apply say "authentication failed", without the password', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await newNotebook(page);
  const wrong = 'Wr0ng-pa55word-e2e';
  await typeRemote(page, postgres.url.replace(postgres.password, wrong));
  await button(settings(page), 'Test connection').click();
  const hideWrong = (text: string | null): string => hide(text).replaceAll(wrong, '[wrong password]');
  const tested = hideWrong(await alertOf(page).textContent({ timeout: 60_000 }));
  // The field still holds what was typed (nothing was applied); the page shows it nowhere else.
  const shownAfterTest = (await page.evaluate(() => document.body.innerText)).includes(wrong);
  await button(settings(page), 'Apply').click();
  await alertOf(page).filter({ hasText: /^Could not open/ }).waitFor({ timeout: 60_000 });
  const applied = { alert: hideWrong(await alertOf(page).textContent()), current: hideWrong(await current(page).textContent()) };
  const shown = (await pageContents(page)).includes(wrong);
  await context.close();
  const refused = `PostgreSQL refused the connection: password authentication failed for user "${postgres.user}" (SQLSTATE 28P01).`;
  expect({ tested, shownAfterTest, applied, shown, errors }).toEqual({
    tested: `Connection failed: ${refused}`,
    shownAfterTest: false,
    applied: { alert: `Could not open the database: ${refused}`, current: `Could not open the database: ${refused}` },
    shown: false,
    errors: [],
  });
});

it('a notebook from a file asks, once the user runs it, for the proxy URL and the password it lacks (a mistyped one is refused and kept nowhere; Not now connects nothing and the next run asks again), then runs on the server', async () => {
  const file = exportPy({
    title: 'From a colleague',
    database: { kind: 'remote', url: `postgresql://${postgres.user}@127.0.0.1:${postgres.port}/postgres` },
    cells: SEED_CELLS.map(([kind, code]) => ({ kind, code })),
  });
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await page.getByLabel('Import notebook').setInputFiles({ name: 'colleague.py', mimeType: 'text/x-python', buffer: Buffer.from(file) });
  const banner = page.getByRole('region', { name: 'Notebook from a file' });
  await banner.waitFor({ timeout: 30_000 });
  const asks = hide(await banner.getByText('Its database settings ask for').textContent());
  await button(banner, 'Run all').click();
  await passwordDialog(page).waitFor({ timeout: 60_000 });
  const fields = { proxyUrl: await passwordDialog(page).getByRole('textbox', { name: 'Proxy URL' }).count(), ran: await page.getByRole('status', { name: 'Cell status' }).allTextContents() };
  // A mistyped password: the dialog says why, empties the field and keeps the password nowhere.
  const wrong = 'Wr0ng-pa55word-dialog';
  await passwordDialog(page).getByRole('textbox', { name: 'Proxy URL' }).fill(proxy.url);
  await passwordDialog(page).getByLabel('Password', { exact: true }).fill(wrong);
  await button(passwordDialog(page), 'Connect').click();
  const dialogAlert = passwordDialog(page).getByRole('alert');
  await dialogAlert.waitFor({ timeout: 60_000 });
  const mistyped = {
    alert: hide(await dialogAlert.textContent()),
    field: await passwordDialog(page).getByLabel('Password', { exact: true }).inputValue(),
    kept: (await pageContents(page)).includes(wrong) || (await storedNotebooks(page)).includes(wrong),
  };
  // Not now: nothing connects and no SQL runs; the next run asks again.
  await button(passwordDialog(page), 'Not now').click();
  await passwordDialog(page).waitFor({ state: 'hidden' });
  // The run goes on without the database: Python runs, SQL cells say why they could not.
  await waitForStatus(page, 3, /done|error/);
  await button(page, 'Database settings').click();
  const notNow = {
    current: await current(page).textContent(),
    ran: (await page.getByRole('status', { name: 'Cell status' }).allTextContents()).map((status) => status.split(' ')[0]),
    sqlError: hide(await output(page, 3).locator('.error').textContent()),
  };
  await button(page, 'Database settings').click();
  await button(page, 'Run all').click();
  await passwordDialog(page).waitFor({ timeout: 60_000 });
  await passwordDialog(page).getByRole('textbox', { name: 'Proxy URL' }).fill(proxy.url);
  await passwordDialog(page).getByLabel('Password', { exact: true }).fill(postgres.password);
  await button(passwordDialog(page), 'Connect').click();
  await output(page, 3).getByRole('cell', { name: 'Ada' }).waitFor({ timeout: 120_000 });
  const rows = await output(page, 3).getByRole('cell').allTextContents();
  const shown = secretsIn(await pageContents(page));
  await context.close();
  const refused = `PostgreSQL refused the connection: password authentication failed for user "${postgres.user}" (SQLSTATE 28P01).`;
  expect({ asks, fields, mistyped, notNow, rows, shown, errors }).toEqual({
    asks: `Its database settings ask for Remote PostgreSQL: postgresql://${postgres.user}@127.0.0.1:${postgres.port}/postgres via proxy (not given yet). They apply when you run it, or apply them in Database settings.`,
    fields: { proxyUrl: 1, ran: ['idle', 'idle', 'idle'] },
    mistyped: { alert: refused, field: '', kept: false },
    notNow: {
      current: 'Not connected: no password given. Running a cell asks again; or enter it in Database settings.',
      ran: ['error', 'done', 'error'],
      sqlError: 'No database is configured for this notebook.',
    },
    rows: ['42', 'Ada'],
    shown: [],
    errors: [],
  });
}, 300_000);

it('without cross-origin isolation, Interrupt cancels a running remote query on the server and keeps the Python namespace', async () => {
  // (Page errors are not checked here: with service workers blocked, the app's offline
  // code reports some of its own, unrelated to the database; kernel.e2e.ts does the same.)
  const { page, context } = await openPage(browser(), inject('plainURL'), { serviceWorkers: 'block' });
  await newNotebook(page);
  await setCode(page, 1, 'kept = 41');
  await button(page, 'Add SQL cell').click();
  await setCode(page, 2, "SELECT pg_sleep(30) AS slept, 'remote-interrupt-probe' AS probe");
  await typeRemote(page, postgres.url);
  await button(settings(page), 'Apply').click();
  await current(page).filter({ hasText: /· PostgreSQL \d/ }).waitFor({ timeout: 60_000 });
  await button(page, 'Run all').click();
  await waitForStatus(page, 2, /running/);
  const probe = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%remote-interrupt-probe%' AND state = 'active' AND pid <> pg_backend_pid()";
  const active = async (): Promise<number> => ((await sql.query(probe)).rows[0] as { n: number }).n;
  // The query reaches the server a moment after the cell says running.
  while ((await active()) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  await button(page, 'Interrupt').click();
  await waitForStatus(page, 2, /error/, 15_000);
  const interrupted = { isolated: await page.evaluate(() => globalThis.crossOriginIsolated), message: hide(await output(page, 2).locator('.error').textContent()), onServer: await active() };
  await button(page, 'Add Python cell').click();
  await setCode(page, 3, 'print(kept + 1)');
  await editor(page, 3).press('Control+Enter');
  await waitForStatus(page, 3, /done|error/);
  const namespace = await output(page, 3).textContent();
  await context.close();
  expect({ interrupted, namespace }).toEqual({
    interrupted: { isolated: false, message: 'Interrupted: the query was cancelled.', onServer: 0 },
    namespace: '42\n',
  });
}, 300_000);
