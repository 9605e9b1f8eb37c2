// Navigation -> editable notebook, and -> the sample notebook's first result, on a first
// visit (fresh profile) and a warm reload (same profile), against the production build.
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
await build({ logLevel: 'warn' });
const server = await preview({ preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
try {
  for (let i = 0; i < Number(process.env.RUNS ?? 3); i++) {
    const context = await browser.newContext();
    for (const visit of ['first visit', 'warm reload', 'warm reload']) {
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(url);
      await page.getByRole('textbox', { name: 'Code of cell 1', exact: true }).waitFor({ timeout: 120_000 });
      const editableMs = Date.now() - start;
      await page.getByRole('region', { name: 'Output of cell 3', exact: true }).getByRole('table').waitFor({ timeout: 120_000 });
      const firstSqlResultMs = Date.now() - start;
      await page.getByRole('region', { name: 'Output of cell 4', exact: true }).getByText('Hello').waitFor({ timeout: 120_000 });
      const sampleDoneMs = Date.now() - start;
      console.log(JSON.stringify({ visit, editableMs, firstSqlResultMs, sampleDoneMs }));
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
