import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { button, editor, output, setCode } from './notebook-page';
import { EVIL_VALUE, HOSTILE } from '../markdown/hostile-corpus';

const browser = useChromium();

const rendered = (page: Page, n: number) => page.getByRole('article', { name: `Markdown of cell ${n}`, exact: true });
const cellCount = (page: Page) => page.locator('.notebook > .cell').count();

/** Adds a Markdown cell at the end, writes `text` into it and renders it (Escape). */
async function addMarkdown(page: Page, text: string): Promise<number> {
  await button(page, 'Add Markdown cell').click();
  const n = await cellCount(page);
  await setCode(page, n, text);
  await editor(page, n).press('Escape');
  return n;
}

it('a Markdown cell shows {user_id} and follows it; the outline jumps to its heading', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const n = await addMarkdown(page, '# User report\n\nThe user id is **{user_id}**, `{user_id}` is code, {nobody} is missing.');
  await rendered(page, n).getByText('The user id is 1,').waitFor({ timeout: 30_000 });
  const first = {
    heading: await rendered(page, n).getByRole('heading', { level: 1 }).textContent(),
    code: await rendered(page, n).locator('code').textContent(),
    missing: await rendered(page, n).locator('.md-var-missing').textContent(),
  };

  // Change user_id where it is defined (cell 2 of the sample) and run it: the text follows.
  await setCode(page, 2, 'user_id = 2');
  await editor(page, 2).press('Shift+Enter');
  await rendered(page, n).getByText('The user id is 2,').waitFor({ timeout: 60_000 });

  // Double-click edits; the editor is CodeMirror with the Markdown text.
  await rendered(page, n).dblclick();
  const editing = await editor(page, n).textContent();
  await editor(page, n).press('Escape');
  await rendered(page, n).waitFor();
  // Enter on the focused rendered cell edits; Shift+Enter renders and moves on (here: a
  // new cell of the same kind, since this one is the last).
  await rendered(page, n).focus();
  await page.keyboard.press('Enter');
  await editor(page, n).waitFor();
  await editor(page, n).press('Shift+Enter');
  await rendered(page, n).waitFor();
  await editor(page, n + 1).waitFor();

  await page.getByRole('button', { name: 'Outline', exact: true }).click();
  const outline = page.getByRole('navigation', { name: 'Outline', exact: true });
  const entries = await outline.getByRole('button').allTextContents();
  await editor(page, 1).focus();
  await button(outline, 'User report').click();
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
  const inView = await rendered(page, n).evaluate((el) => {
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  });

  // The kind menu turns a cell into Markdown.
  await button(page, 'Add Python cell').click();
  const m = await cellCount(page);
  await setCode(page, m, '## Second *section*');
  // A cell with text shows rendered as soon as it is Markdown.
  await page.getByRole('combobox', { name: `Kind of cell ${m}`, exact: true }).selectOption('markdown');
  const second = await rendered(page, m).getByRole('heading', { level: 2 }).textContent();
  const entriesAfter = await outline.getByRole('button').allTextContents();
  await context.close();
  expect({ first, editing, entries, focused, inView, second, entriesAfter, errors }).toEqual({
    first: { heading: 'User report', code: '{user_id}', missing: '‹nobody: not defined›' },
    editing: '# User reportThe user id is **{user_id}**, `{user_id}` is code, {nobody} is missing.',
    entries: ['User report'],
    focused: `Markdown of cell ${n}`,
    inView: true,
    second: 'Second section',
    entriesAfter: ['User report', 'Second *section*'],
    errors: [],
  });
});

it('hostile Markdown runs nothing and fetches nothing from another origin', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const foreign: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(inject('baseURL'))) foreign.push(request.url());
  });
  // A value holding HTML stays text.
  await button(page, 'Add Python cell').click();
  const p = await cellCount(page);
  await setCode(page, p, `evil = ${JSON.stringify(EVIL_VALUE)}`); // a JSON string is a Python literal
  await editor(page, p).press('Control+Enter');
  const n = await addMarkdown(page, HOSTILE);
  const article = rendered(page, n);
  await article.getByText('END OF CORPUS').waitFor({ timeout: 30_000 });
  await article.locator('.md-var').filter({ hasText: '<script>' }).waitFor({ timeout: 60_000 });
  await article.getByText('hover').hover();
  await article.getByText('hover').click();
  for (const link of await article.getByRole('link').all()) await link.click({ modifiers: ['Alt'] }).catch(() => undefined);
  const found = await article.evaluate((el) => ({
    pwned: (window as { pwned?: unknown }).pwned ?? null,
    dangerous: [...el.querySelectorAll('script, style, iframe, form, object, embed, link, image, button')].map((e) => e.tagName),
    handlers: [...el.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((a) => a.startsWith('on'))),
    hrefs: [...el.querySelectorAll('[href]')].map((e) => e.getAttribute('href')).filter((h) => /^\s*(javascript|data):/i.test(h ?? '')),
    styles: [...el.querySelectorAll('[style]')].map((e) => e.getAttribute('style')).filter((s) => /url\(|expression/i.test(s ?? '')),
    images: [...el.querySelectorAll('img')].map((i) => i.getAttribute('src')),
    blocked: [...el.querySelectorAll('.md-blocked-image')].map((e) => e.textContent),
    links: [...el.querySelectorAll('a[href]')].map((a) => [a.getAttribute('target'), a.getAttribute('rel')]),
  }));
  const pages = context.pages().length;
  await context.close();
  expect({ ...found, foreign, pages, errors }).toEqual({
    pwned: null,
    dangerous: [],
    handlers: [],
    hrefs: [],
    styles: [],
    // `x` is this origin's /x: same-origin images load.
    images: ['x'],
    blocked: ['image from evil.example not loaded', 'image from evil.example not loaded'],
    links: found.links.map(() => ['_blank', 'noopener noreferrer']),
    foreign: [],
    pages: 1,
    errors: [],
  });
});

it('Enter in command mode opens a rendered Markdown cell for writing, as in Jupyter', async () => {
  const { page, context, errors } = await openPage(browser(), inject('baseURL'));
  await output(page, 4).getByText('Hello').waitFor({ timeout: 120_000 });
  const n = await addMarkdown(page, '# Notes');
  await rendered(page, n).getByRole('heading', { name: 'Notes' }).waitFor();
  // Select the cell itself (command mode), as ↑/↓ would, then press Enter once.
  await page.locator('.notebook > .cell').nth(n - 1).focus();
  await page.keyboard.press('Enter');
  await editor(page, n).waitFor({ timeout: 10_000 });
  const focused = await editor(page, n).evaluate((element) => element.contains(document.activeElement) || element === document.activeElement);
  const text = await editor(page, n).textContent();
  await context.close();
  expect({ focused, text, errors }).toEqual({ focused: true, text: '# Notes', errors: [] });
});
