import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { asProductionBuild } from '../test/e2e/builds';

export const OUT_DIR = 'dist-bench';
const STAMP = join(OUT_DIR, '.bench-build.json');

/** Everything the build reads; a change to any of these makes dist-bench/ stale. */
const INPUTS = [
  'index.html', 'public', 'src', 'workers', 'scripts', 'vite.config.ts', 'package-lock.json',
  'bench/vite.config.ts', 'bench/baseline', 'bench/floor', 'bench/after-paint.ts', 'bench/kernel-api', 'bench/kernel.html', 'bench/kernel-browser.ts', 'bench/kernel-scenario.ts',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function isCurrent(root: string): boolean {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return false;
  const { inputsMtime } = JSON.parse(readFileSync(stamp, 'utf8')) as { inputsMtime: number };
  return INPUTS.every((input) => newestMtime(join(root, input)) <= inputsMtime);
}

/**
 * Builds the app exactly as `npm run build` does (its own config, a production build:
 * Vite's module runner, which runs the bench, sets NODE_ENV=development), into
 * dist-bench/, then the bench pages next to it without touching the app's files.
 * Skipped when nothing the build reads has changed.
 */
export async function buildIfNeeded(root: string, force: boolean): Promise<'built' | 'current'> {
  if (!force && isCurrent(root)) return 'current';
  const inputsMtime = Math.max(...INPUTS.map((input) => newestMtime(join(root, input))));
  await asProductionBuild(async () => {
    await build({ root, configFile: join(root, 'vite.config.ts'), mode: 'production', build: { outDir: OUT_DIR }, logLevel: 'error' });
    await build({ root, configFile: join(root, 'bench/vite.config.ts'), mode: 'production', logLevel: 'error' });
  });
  writeFileSync(join(root, STAMP), JSON.stringify({ inputsMtime, builtAt: new Date().toISOString() }));
  return 'built';
}

/** Serves dist-bench/ on loopback with the app's COOP/COEP headers (vite preview). */
export async function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({
    root,
    configFile: join(root, 'bench/vite.config.ts'),
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The preview server did not report a URL');
  return { url, close: () => server.close() };
}
