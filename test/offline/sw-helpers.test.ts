import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, needsIsolationHeaders, withIsolationHeaders } from '../../src/offline/isolation-headers';
import { appEntryURL, isAppNavigation } from '../../src/offline/navigation';
import { oldEntries } from '../../src/offline/old-versions';
import { precacheInfo, uniqueEntries } from '../../src/offline/precache-entries';

describe('withIsolationHeaders', () => {
  it('adds COOP, COEP and CORP and keeps status, headers and body', async () => {
    const response = await withIsolationHeaders(new Response('bytes', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'application/wasm' } }));
    expect({
      status: response.status,
      statusText: response.statusText,
      type: response.headers.get('Content-Type'),
      coop: response.headers.get('Cross-Origin-Opener-Policy'),
      coep: response.headers.get('Cross-Origin-Embedder-Policy'),
      corp: response.headers.get('Cross-Origin-Resource-Policy'),
      body: await response.text(),
    }).toEqual({ status: 200, statusText: 'OK', type: 'application/wasm', ...lowerKeys(), body: 'bytes' });
  });

  it('replaces weaker policies a server sent', async () => {
    const response = await withIsolationHeaders(new Response('x', { headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it.each([204, 304])('a %i keeps no body', async (status) => {
    const response = await withIsolationHeaders(new Response(null, { status }));
    expect({ status: response.status, body: await response.text(), coop: response.headers.get('Cross-Origin-Opener-Policy') }).toEqual({ status, body: '', coop: 'same-origin' });
  });

  it('passes an error response through', async () => {
    const error = Response.error();
    expect(await withIsolationHeaders(error)).toBe(error);
  });
});

describe('needsIsolationHeaders', () => {
  // What a document or a worker is made from gets them; a subresource is served as
  // Cache Storage returns it (Chromium then keeps V8's compiled code beside it).
  it.each<[RequestDestination, boolean]>([
    ['document', true],
    ['iframe', true],
    ['frame', true],
    ['embed', true],
    ['object', true],
    ['worker', true],
    ['sharedworker', true],
    ['script', false],
    ['style', false],
    ['image', false],
    ['font', false],
    ['manifest', false],
    ['', false],
  ])('destination %j: %s', (destination, expected) => {
    expect(needsIsolationHeaders({ destination })).toBe(expected);
  });
});

function lowerKeys(): { coop: string; coep: string; corp: string } {
  return {
    coop: ISOLATION_HEADERS['Cross-Origin-Opener-Policy']!,
    coep: ISOLATION_HEADERS['Cross-Origin-Embedder-Policy']!,
    corp: ISOLATION_HEADERS['Cross-Origin-Resource-Policy']!,
  };
}

describe('isAppNavigation', () => {
  it.each([
    ['https://h/', 'https://h/', true],
    ['https://h/?x=1', 'https://h/', true],
    ['https://h/index.html', 'https://h/', true],
    ['https://h/ripple/', 'https://h/ripple/', true],
    ['https://h/ripple/index.html', 'https://h/ripple/', true],
    ['https://h/', 'https://h/ripple/', false],
    ['https://h/ripple/pyodide/x/pyodide.asm.wasm', 'https://h/ripple/', false],
    ['https://other/ripple/', 'https://h/ripple/', false],
  ])('%s under scope %s → %s', (url, scope, expected) => {
    expect(isAppNavigation(new URL(url), scope)).toBe(expected);
  });

  it('the entry is index.html under the scope', () => {
    expect(appEntryURL('https://h/ripple/')).toBe('https://h/ripple/index.html');
  });
});

describe('oldEntries', () => {
  it('is what the cache holds beyond the current manifest', () => {
    const current = new Set(['https://h/assets/a-1.js', 'https://h/index.html?__WB_REVISION__=2']);
    expect(oldEntries(['https://h/assets/a-0.js', 'https://h/assets/a-1.js', 'https://h/index.html?__WB_REVISION__=1', 'https://h/index.html?__WB_REVISION__=2'], current)).toEqual([
      'https://h/assets/a-0.js',
      'https://h/index.html?__WB_REVISION__=1',
    ]);
  });
});

describe('precacheInfo', () => {
  it('counts a URL listed twice once, with the size either entry carries', () => {
    const manifest = [
      { url: 'index.html', revision: 'a', bytes: 1000 },
      { url: 'manifest.webmanifest', revision: 'm', bytes: 700 },
      { url: 'assets/app.js', revision: null, bytes: 5000 },
      // vite-plugin-pwa's own entry for the web app manifest, without a size.
      { url: 'manifest.webmanifest', revision: 'm' },
    ];
    expect({ info: precacheInfo(manifest), urls: uniqueEntries(manifest).map((e) => e.url) }).toEqual({
      info: { files: 3, bytes: 6700 },
      urls: ['index.html', 'manifest.webmanifest', 'assets/app.js'],
    });
  });

  it('takes the size from a later entry when the first has none', () => {
    expect(precacheInfo([{ url: 'a', revision: 'x' }, { url: 'a', revision: 'x', bytes: 12 }])).toEqual({ files: 1, bytes: 12 });
  });
});
