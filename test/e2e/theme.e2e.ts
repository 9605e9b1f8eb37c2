import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { editor, output } from './notebook-page';

const browser = useChromium();

/** The colours a reader sees, and the WCAG contrast of the text on them. */
async function colours(page: Page) {
  return page.evaluate(() => {
    const rgb = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const luminance = (css: string): number => {
      const [r, g, b] = rgb(css).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (fg: string, bg: string): number => {
      const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
      return Math.round(((a! + 0.05) / (b! + 0.05)) * 10) / 10;
    };
    const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
    const page = style('body');
    const code = style('.cm-editor');
    const keyword = getComputedStyle([...document.querySelectorAll('.cm-content span')].find((s) => s.textContent === 'SELECT')!);
    const header = style('[role="columnheader"]');
    return {
      background: page.backgroundColor,
      textContrast: contrast(page.color, page.backgroundColor),
      editorBackground: code.backgroundColor,
      editorContrast: contrast(code.color, code.backgroundColor === 'rgba(0, 0, 0, 0)' ? page.backgroundColor : code.backgroundColor),
      keywordContrast: contrast(keyword.color, code.backgroundColor === 'rgba(0, 0, 0, 0)' ? page.backgroundColor : code.backgroundColor),
      tableHeaderContrast: contrast(header.color, page.backgroundColor),
    };
  });
}

it('follows the system colour scheme, live, with readable contrast in both', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await page.emulateMedia({ colorScheme: 'light' });
  await output(page, 3).getByRole('table').waitFor({ timeout: 120_000 });
  const light = await colours(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  // The editors switch on the media query's change event: give them that event.
  await page
    .waitForFunction((before) => getComputedStyle(document.querySelector('.cm-editor')!).backgroundColor !== before, light.editorBackground, { timeout: 5_000 })
    .catch(() => {});
  const dark = await colours(page);
  await context.close();
  const readable = (c: typeof light) => ({
    text: c.textContrast >= 7,
    editor: c.editorContrast >= 7,
    keyword: c.keywordContrast >= 4.5,
    tableHeader: c.tableHeaderContrast >= 4.5,
  });
  const all = { text: true, editor: true, keyword: true, tableHeader: true };
  expect({
    light: { background: light.background, readable: readable(light) },
    dark: { background: dark.background, readable: readable(dark), editorDiffers: dark.editorBackground !== light.editorBackground || dark.editorContrast !== light.editorContrast },
  }).toEqual({
    light: { background: 'rgb(255, 255, 255)', readable: all },
    dark: { background: 'rgb(13, 17, 23)', readable: all, editorDiffers: true },
  });
});

it('shows where the keyboard focus is, and Escape then Tab leaves a code editor', async () => {
  const { page, context } = await openPage(browser(), inject('baseURL'));
  await editor(page, 1).waitFor({ timeout: 60_000 });
  const focused = () =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return { name: element.getAttribute('aria-label') ?? element.textContent?.trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
    });
  await page.keyboard.press('Tab');
  const first = await focused();
  await editor(page, 1).click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const afterEditor = await focused();
  await context.close();
  expect({ first, afterEditorOutline: afterEditor.outline, leftEditor: afterEditor.name !== 'Code of cell 1' }).toEqual({
    first: { name: expect.any(String), outline: 'solid 2px' },
    afterEditorOutline: 'solid 2px',
    leftEditor: true,
  });
});
