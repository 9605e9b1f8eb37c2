/**
 * The renderer and sanitizer over the hostile corpus, as a component in jsdom (DOMPurify's
 * own test DOM; happy-dom misparses its output). The page here runs inline script and
 * event handlers and records every request, so an attack that survives sanitizing shows:
 * the first test proves it does, with the unsanitized HTML. The app's own page in
 * Chromium is tested with the same corpus in test/e2e/markdown.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { JSDOM, ResourceLoader, type FetchOptions } from 'jsdom';
import { createMarkdownParser, createMarkdownRenderer } from '../../src/markdown/render';
import { EVIL_VALUE, HOSTILE } from './hostile-corpus';

const ORIGIN = 'https://ripple.test';
const VALUES = { evil: { text: EVIL_VALUE } };

/** Records what the page asks for, and loads nothing. */
class RecordingLoader extends ResourceLoader {
  readonly requested: string[] = [];
  override fetch(url: string, _options: FetchOptions): null {
    this.requested.push(url);
    return null;
  }
}

type PageWindow = Window & typeof globalThis & { pwned?: unknown };

/** A page that runs script (jsdom's "dangerously"), with `html` in its body and every handler poked. */
function showIn(html: (window: PageWindow) => string): { window: PageWindow; requested: string[] } {
  const loader = new RecordingLoader();
  const dom = new JSDOM('<!doctype html><body></body>', { url: `${ORIGIN}/notebook`, runScripts: 'dangerously', resources: loader });
  const window = dom.window as unknown as PageWindow;
  const article = window.document.createElement('article');
  article.innerHTML = html(window);
  window.document.body.append(article);
  // Scripts inserted as HTML never run; handlers do, when their event comes.
  for (const el of article.querySelectorAll('*')) {
    for (const type of ['click', 'mouseover', 'load', 'error', 'focus', 'submit']) el.dispatchEvent(new window.Event(type));
  }
  return { window, requested: loader.requested };
}

/** What could still run, fetch or restyle in the rendered article. */
function findings(window: PageWindow) {
  const el = window.document.querySelector('article')!;
  return {
    pwned: window.pwned ?? null,
    dangerous: [...el.querySelectorAll('script, style, iframe, form, object, embed, link, image, button, foreignObject, use')].map((e) => e.tagName),
    handlers: [...el.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((a) => a.toLowerCase().startsWith('on'))),
    hrefs: [...el.querySelectorAll('[href], [src], [action]')]
      .flatMap((e) => [e.getAttribute('href'), e.getAttribute('src'), e.getAttribute('action')])
      .filter((h) => /^\s*(javascript|data|vbscript):/i.test(h ?? '')),
    styles: [...el.querySelectorAll('[style]')].map((e) => e.getAttribute('style')).filter((s) => /url\(|expression|@import|behavior/i.test(s ?? '')),
    images: [...el.querySelectorAll('img')].map((i) => i.getAttribute('src')),
    blocked: [...el.querySelectorAll('.md-blocked-image')].map((e) => e.textContent),
    links: [...new Set([...el.querySelectorAll('a[href]')].map((a) => `${a.getAttribute('target')} ${a.getAttribute('rel')}`))],
    value: el.querySelector('.md-var')?.textContent,
  };
}

describe('the hostile corpus', () => {
  it('attacks when not sanitized: the page runs handlers and records requests', () => {
    const parser = createMarkdownParser();
    const { window, requested } = showIn(() => parser.render(HOSTILE, VALUES));
    // Only what this harness can see; the sanitized run below must show none of it.
    expect({ pwned: window.pwned ?? null, requested: requested.some((url) => url.startsWith('https://evil.example/')) }).toEqual({ pwned: 1, requested: true });
  });

  it('rendered and sanitized: nothing runs, nothing is fetched from another origin', () => {
    const { window, requested } = showIn((w) => createMarkdownRenderer(w, ORIGIN).render(HOSTILE, VALUES));
    expect({ ...findings(window), requested }).toEqual({
      pwned: null,
      dangerous: [],
      handlers: [],
      hrefs: [],
      styles: [],
      // `x` is this origin's /x: same-origin images may load.
      images: ['x'],
      blocked: ['image from evil.example not loaded', 'image from evil.example not loaded'],
      // Every link in the corpus was javascript: or data: (see the last test for kept links).
      links: [],
      // `{evil}` is text: its HTML is shown, not parsed.
      value: EVIL_VALUE,
      requested: [],
    });
  });

  it('Markdown from Python (renderText) gets the same policy', () => {
    const { window, requested } = showIn((w) => createMarkdownRenderer(w, ORIGIN).renderText(HOSTILE));
    const found = findings(window);
    expect({ pwned: found.pwned, dangerous: found.dangerous, handlers: found.handlers, hrefs: found.hrefs, styles: found.styles, requested }).toEqual({
      pwned: null,
      dangerous: [],
      handlers: [],
      hrefs: [],
      styles: [],
      requested: [],
    });
  });

  it('a kept link opens in a new tab without an opener or referrer', () => {
    const { window } = showIn((w) => createMarkdownRenderer(w, ORIGIN).render('[docs](https://example.org/) <a href="/n" target="_self" rel="opener">here</a>', undefined));
    expect(findings(window).links).toEqual(['_blank noopener noreferrer']);
  });
});
