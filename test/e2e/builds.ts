import { build } from 'vite';

/**
 * Builds the app as `npm run build -- --base <base>` does, into `outDir`, with
 * RIPPLE_VERSION set (vite.config.ts reads it when the config loads, once per build).
 */
export async function buildApp(options: { outDir: string; base?: string; version?: string }): Promise<void> {
  await asProductionBuild(async () => {
    await build({ logLevel: 'warn', mode: 'production', ...(options.base ? { base: options.base } : {}), build: { outDir: options.outDir, emptyOutDir: true } });
  }, options.version);
}

/**
 * Runs `work` (Vite builds) with NODE_ENV=production, and RIPPLE_VERSION when given,
 * then restores both. Vitest sets NODE_ENV=test and Vite's module runner (which runs
 * `npm run bench`) sets it to development; Vite would then make a development build (no
 * service worker registration, Solid's dev runtime): tests and benchmarks must drive
 * what users get.
 */
export async function asProductionBuild<T>(work: () => Promise<T>, version?: string): Promise<T> {
  const saved = { version: process.env.RIPPLE_VERSION, nodeEnv: process.env.NODE_ENV };
  if (version) process.env.RIPPLE_VERSION = version;
  process.env.NODE_ENV = 'production';
  try {
    return await work();
  } finally {
    restore('RIPPLE_VERSION', saved.version);
    restore('NODE_ENV', saved.nodeEnv);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
