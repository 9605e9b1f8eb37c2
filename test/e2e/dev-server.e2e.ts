// `npm start`, the README's first command: Vite's dev server, not the production build
// the other end-to-end files load. It serves the kernel's files from its middleware and
// transforms PGlite's modules on request (scripts/vite-kernel-assets.ts).
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPage } from './browser';
import { useChromium } from './use-chromium';
import { output } from './notebook-page';

const browser = useChromium();
let server: ViteDevServer | undefined;

beforeAll(async () => {
  server = await createServer({ server: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  await server.listen();
});
afterAll(async () => {
  await server?.close();
});

it('runs the sample notebook from the dev server, PGlite on its patched wasm', async () => {
  const url = server?.resolvedUrls?.local[0];
  if (!url) throw new Error('The dev server did not report a URL');
  const { page, context, errors } = await openPage(browser(), 'about:blank');
  const wasm = new Set<string>();
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) wasm.add(path.replace(/\/[0-9a-f]{12}\//, '/<hash>/'));
  });
  await page.goto(url);
  // The dev server transforms the app's modules on first request: slower than the build.
  await output(page, 4).getByText("'Hello, Ada Lovelace!'").waitFor({ timeout: 90_000 });
  const facts = {
    isolated: await page.evaluate(() => globalThis.crossOriginIsolated),
    pgliteWasm: [...wasm].filter((path) => path.endsWith('/pglite.wasm')),
    errors,
  };
  await context.close();
  expect(facts).toEqual({ isolated: true, pgliteWasm: ['/pglite/<hash>/pglite.wasm'], errors: [] });
});
