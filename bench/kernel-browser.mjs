// Builds the bench pages, serves them on loopback and runs the kernel scenario in
// Debian's Chromium: first visit (fresh profile, new database), then a warm reload
// (same profile: HTTP cache and the now-existing database).
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
// The app first (it emits the kernel's files), then the bench pages next to it, as bench/build.ts does.
await build({ configFile: 'vite.config.ts', build: { outDir: 'dist-bench' }, logLevel: 'warn' });
await build({ configFile: 'bench/vite.config.ts', logLevel: 'warn' });
const server = await preview({ configFile: 'bench/vite.config.ts', preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const url = new URL('bench/kernel.html', server.resolvedUrls.local[0]).href;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
const runs = Number(process.env.RUNS ?? 3);
const storages = (process.env.STORAGES ?? 'auto').split(',');
try {
  for (let i = 0; i < runs; i++) for (const storage of storages) {
    const context = await browser.newContext();
    for (const visit of ['first visit', 'warm reload']) {
      const page = await context.newPage();
      page.on('console', (message) => { if (message.type() !== 'log') console.error('[page]', message.text()); });
      await page.goto(`${url}?db=bench${i}&storage=${storage}`);
      await page.locator('#result').filter({ hasText: '{' }).waitFor({ timeout: 180_000 });
      console.log(JSON.stringify({ visit, ...JSON.parse(await page.locator('#result').textContent()) }));
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
