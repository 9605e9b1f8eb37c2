import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadPyodide } from 'pyodide';

/**
 * Standard-library modules the kernel imports at start-up. Importing them before the
 * snapshot means a restored interpreter has them already (our own modules are still
 * installed at start, from the app's sources, so a snapshot can never run stale code).
 */
export const SNAPSHOT_PRELOAD = [
  'ast', 'asyncio', 'builtins', 'datetime', 'decimal', 'html', 'io', 'json', 'linecache',
  'symtable', 'tokenize', 'traceback', 'uuid', 'pyodide.code',
];

/**
 * A memory snapshot of a started Pyodide, gzipped. Restoring one skips the interpreter's
 * start-up (measured in the closing notes). Built once per Pyodide version and preload
 * list, cached under node_modules/.cache.
 */
export async function pyodideSnapshot(): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('pyodide/package.json'));
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const key = createHash('sha256').update(`${version}:${SNAPSHOT_PRELOAD.join(',')}`).digest('hex').slice(0, 12);
  const cacheDir = join(dirname(pkgDir), '.cache', 'ripple');
  const file = join(cacheDir, `pyodide-${version}-${key}.snapshot.gz`);
  if (existsSync(file)) return readFileSync(file);
  const pyodide = await loadPyodide({ _makeSnapshot: true });
  pyodide.runPython(SNAPSHOT_PRELOAD.map((name) => `import ${name}`).join('\n'));
  const bytes = gzipSync(pyodide.makeMemorySnapshot());
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so a crashed build never leaves half a snapshot in the cache.
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  return bytes;
}
