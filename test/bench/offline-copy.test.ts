import { describe, expect, it } from 'vitest';
import { pathsUnder } from '../../bench/baseline/offline-copy';

describe("the baseline's offline copy", () => {
  const base = 'http://127.0.0.1:4173/';
  it.each([
    { name: 'same-origin files become paths under the base', urls: [`${base}assets/worker-x.js`, `${base}pyodide/abc/pyodide.asm.wasm`], paths: ['assets/worker-x.js', 'pyodide/abc/pyodide.asm.wasm'] },
    { name: 'the page keeps its query, loses its fragment', urls: [`${base}bench/baseline/baseline.html?storage=opfs-ahp&offline=1#x`], paths: ['bench/baseline/baseline.html?storage=opfs-ahp&offline=1'] },
    { name: 'other origins, other ports and the base itself are left out', urls: ['http://127.0.0.1:9999/a.js', 'https://cdn.example/b.js', base], paths: [] },
    { name: 'each file once', urls: [`${base}a.js`, `${base}a.js`], paths: ['a.js'] },
  ])('$name', ({ urls, paths }) => {
    expect(pathsUnder(urls, base)).toEqual(paths);
  });

  it('stays under a sub-path base', () => {
    expect(pathsUnder(['http://h/ripple/x.js', 'http://h/other/y.js'], 'http://h/ripple/')).toEqual(['x.js']);
  });
});
