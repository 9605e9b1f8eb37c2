#!/usr/bin/env node
// `ripple-proxy` / `npm run proxy`: loads the TypeScript proxy through Vite's
// module runner (as bench/run.mjs does), since Node 20 cannot run TypeScript by
// itself. Everything the proxy needs is imported statically, so the runner's
// environment can be closed once cli.ts is loaded.
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { runnerImport } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
try {
  const { module } = await runnerImport(`${here}/cli.ts`, { root: dirname(here), logLevel: 'error' });
  process.exitCode = await module.main(process.argv.slice(2));
} catch (error) {
  console.error('ripple-proxy:', error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
