import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { readFileSync } from 'node:fs';
import { kernelAssetPathsPlugin, kernelAssetsPlugin } from './scripts/vite-kernel-assets.ts';
import { offlinePlugin } from './scripts/vite-offline.ts';
import { preloadAppPlugin } from './scripts/vite-preload-app.ts';

/** Shown in the app; RIPPLE_VERSION overrides it (the update tests build two versions). */
const version = process.env.RIPPLE_VERSION ?? (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Cross-origin isolation gives the page SharedArrayBuffer, which is what lets the UI
 * interrupt a running Python cell without killing the kernel (and its namespace).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * In test mode vite-plugin-solid adds the `browser` resolve condition everywhere,
 * which would give Node tests `ws`'s browser stub (it only throws). The proxy
 * and its tests need the real server, so Node projects point `ws` at it.
 */
const nodeOnly = { alias: { ws: fileURLToPath(new URL('./node_modules/ws/wrapper.mjs', import.meta.url)) } };

export default defineConfig({
  plugins: [solid(), kernelAssetsPlugin({ appVersion: version }), offlinePlugin(), preloadAppPlugin()],
  define: { __RIPPLE_VERSION__: JSON.stringify(version) },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // Both packages locate their .wasm/.data files relative to import.meta.url;
  // pre-bundling them would break those URLs.
  optimizeDeps: { exclude: ['@electric-sql/pglite', 'pyodide'] },
  // PGlite's Emscripten glue uses direct eval; the warning is about their code, not ours.
  worker: { format: 'es', plugins: () => [kernelAssetPathsPlugin()], rolldownOptions: { checks: { eval: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, rolldownOptions: { checks: { eval: false } } },
  test: {
    // vite-plugin-solid would otherwise default tests to jsdom; ours run in Node
    // against real engines, and in real Chromium for the end-to-end suite.
    environment: 'node',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.dom.test.*', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
        resolve: nodeOnly,
      },
      {
        extends: true,
        test: {
          // Solid components and browser-only modules, rendered in happy-dom.
          name: 'dom',
          include: ['test/**/*.dom.test.{ts,tsx}'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
        resolve: { conditions: ['browser', 'development'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
        resolve: nodeOnly,
      },
    ],
  },
});
