// The screenshots in docs/screenshots/: the sample notebook after it ran, in light, dark,
// and 360 px wide (a phone). `npm run screenshots` builds this tree and writes after-*.png;
// `npm run screenshots -- --dist <dir> --name before` shoots another build instead (an
// older commit built in its own worktree), for a before/after comparison.
import { mkdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/e2e/browser.ts';
import { buildApp } from '../test/e2e/builds.ts';
import { serveStatic } from '../test/e2e/static-server.ts';

const OUT = 'docs/screenshots';
/** Kept small for the repository: a shot over this size is reported. */
const MAX_BYTES = 300_000;

const SHOTS = [
  { suffix: 'light', colorScheme: 'light', viewport: { width: 1280, height: 860 } },
  { suffix: 'dark', colorScheme: 'dark', viewport: { width: 1280, height: 860 } },
  { suffix: '360', colorScheme: 'light', viewport: { width: 360, height: 740 } },
] as const;

const { values } = parseArgs({ options: { dist: { type: 'string' }, name: { type: 'string', default: 'after' } } });
const name = values.name ?? 'after';
const built = values.dist ? undefined : await mkdtemp(join(tmpdir(), 'ripple-shots-'));
if (built) await buildApp({ outDir: built });
const server = await serveStatic(values.dist ?? built!);
const browser = await launchChromium();
mkdirSync(OUT, { recursive: true });
try {
  for (const shot of SHOTS) {
    // A fresh profile each time: the first visit creates and runs the sample notebook.
    const context = await browser.newContext({ viewport: shot.viewport, colorScheme: shot.colorScheme });
    const page = await context.newPage();
    await page.goto(server.url);
    // A plain static host gets cross-origin isolation from the service worker, after one
    // reload of the page; wait for it so the shot is not of the page before that reload.
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 60_000 });
    await page.getByRole('region', { name: 'Output of cell 4', exact: true }).getByText('Hello, Ada Lovelace!').waitFor({ timeout: 180_000 });
    await page.getByRole('status', { name: 'Kernel state' }).filter({ hasText: 'ready' }).waitFor();
    const path = join(OUT, `${name}-${shot.suffix}.png`);
    await page.screenshot({ path });
    await context.close();
    const bytes = statSync(path).size;
    console.log(`${path}: ${Math.round(bytes / 1000)} kB${bytes > MAX_BYTES ? ' (over the 300 kB budget)' : ''}`);
  }
} finally {
  await browser.close();
  await server.close();
  if (built) await rm(built, { recursive: true, force: true });
}
