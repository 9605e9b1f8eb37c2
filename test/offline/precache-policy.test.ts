import { describe, expect, it } from 'vitest';
import { checkPrecache, CONTENT_ADDRESSED, DEFAULT_LIMIT, type ManifestEntry } from '../../scripts/precache-policy';

const MiB = 1024 * 1024;
const entry = (url: string, size = 1000): ManifestEntry => ({ url, revision: null, size });

describe('checkPrecache', () => {
  it.each([
    ['every built file precached, small files only', [entry('index.html'), entry('assets/index-AbCd1234.js')], ['index.html', 'assets/index-AbCd1234.js'], []],
    ['the service worker itself is not precached', [entry('index.html')], ['index.html', 'sw.js'], []],
    [
      'a built file missing from the manifest',
      [entry('index.html')],
      ['index.html', 'assets/extra-AbCd1234.wasm'],
      ['assets/extra-AbCd1234.wasm is in the build but not precached: the app would need the network for it'],
    ],
    [
      'the kernel files may exceed 2 MiB',
      [
        entry('pyodide/0123456789ab/pyodide.asm.wasm', 9.6 * MiB),
        entry('pyodide/0123456789ab/python_stdlib.zip', 2.5 * MiB),
        entry('pyodide/0123456789ab/snapshot.bin.gz', 6.6 * MiB),
        entry('pglite/template-0123456789ab.tar.gz', 4.5 * MiB),
        entry('pglite/0123456789ab/pglite.wasm', 9.1 * MiB),
        entry('assets/pglite-BE2Di5Vw.data', 6.2 * MiB),
      ],
      [],
      [],
    ],
    [
      // The app ships PGlite's wasm patched (scripts/pglite-wasm-patch.ts): the package's
      // own copy in the build would be a second 9 MB engine in every offline copy.
      'PGlite\'s unpatched wasm fails the build',
      [entry('assets/pglite-VfT9wtrq.wasm', 9.1 * MiB)],
      [],
      ['assets/pglite-VfT9wtrq.wasm is 9.1 MiB, over the 2 MiB precache limit, and not one of the kernel\'s known large files'],
    ],
    ['exactly 2 MiB is allowed', [entry('assets/big-AbCd1234.js', DEFAULT_LIMIT)], [], []],
    [
      'anything else over 2 MiB fails the build',
      [entry('assets/huge-AbCd1234.js', 3 * MiB)],
      [],
      ['assets/huge-AbCd1234.js is 3.0 MiB, over the 2 MiB precache limit, and not one of the kernel\'s known large files'],
    ],
    [
      'a large file outside its content-addressed place fails too',
      [entry('pyodide/pyodide.asm.wasm', 9.6 * MiB)],
      [],
      ['pyodide/pyodide.asm.wasm is 9.6 MiB, over the 2 MiB precache limit, and not one of the kernel\'s known large files'],
    ],
  ])('%s', (_title, entries, built, problems) => {
    expect(checkPrecache(entries, built)).toEqual(problems);
  });
});

describe('CONTENT_ADDRESSED', () => {
  it.each([
    ['assets/index-C0F9QaKA.js', true],
    ['pyodide/e96333e97354/pyodide.asm.wasm', true],
    ['pglite/template-847a18442c50.tar.gz', true],
    ['pglite/c6856d5bbc49/pglite.wasm', true],
    ['index.html', false],
    ['manifest.webmanifest', false],
    ['icons/icon-192.png', false],
    ['pyodide/pyodide.asm.wasm', false],
    ['pglite/pglite.wasm', false],
  ])('%s → %s', (url, expected) => {
    expect(CONTENT_ADDRESSED.test(url)).toBe(expected);
  });
});
