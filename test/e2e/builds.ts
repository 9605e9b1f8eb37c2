import { build } from 'vite';

/**
 * Builds the app as `npm run build -- --base <base>` does, into `outDir`, with
 * RIPPLE_VERSION set (vite.config.ts reads it when the config loads, once per build).
 *
 * Vitest sets NODE_ENV=test, and Vite would then make a development build (no service
 * worker registration, Solid's dev runtime): the tests must drive what users get.
 */
export async function buildApp(options: { outDir: string; base?: string; version?: string }): Promise<void> {
  const saved = { version: process.env.RIPPLE_VERSION, nodeEnv: process.env.NODE_ENV };
  if (options.version) process.env.RIPPLE_VERSION = options.version;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', mode: 'production', ...(options.base ? { base: options.base } : {}), build: { outDir: options.outDir, emptyOutDir: true } });
  } finally {
    restore('RIPPLE_VERSION', saved.version);
    restore('NODE_ENV', saved.nodeEnv);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
