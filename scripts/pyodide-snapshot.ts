import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadPyodide } from 'pyodide';
import { installPythonModules, PYTHON_MODULE_FILES, type PythonModule } from '../workers/python/modules.ts';

/**
 * Standard-library modules the kernel imports at start-up. Importing them before the
 * snapshot means a restored interpreter has them already. Ripple's own modules are
 * imported into it too; the kernel imports them again at start unless their source is
 * exactly the app's (workers/python/modules.ts), so a snapshot never runs stale code.
 */
export const SNAPSHOT_PRELOAD = [
  'ast', 'asyncio', 'builtins', 'datetime', 'decimal', 'html', 'io', 'json', 'linecache',
  'symtable', 'tokenize', 'traceback', 'uuid', 'pyodide.code',
];

/** Ripple's Python modules as the app ships them, read from workers/python/. */
export function rippleModules(): PythonModule[] {
  const dir = fileURLToPath(new URL('../workers/python/', import.meta.url));
  return PYTHON_MODULE_FILES.map((m) => ({ name: m.name, source: readFileSync(join(dir, m.file), 'utf8') }));
}

/**
 * A memory snapshot of a started Pyodide, gzipped. Restoring one skips the interpreter's
 * start-up (measured in the closing notes). Built once per Pyodide version, preload
 * list and Ripple module sources, cached under node_modules/.cache.
 */
export async function pyodideSnapshot(): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('pyodide/package.json'));
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const modules = rippleModules();
  const key = createHash('sha256')
    .update(`${version}:${SNAPSHOT_PRELOAD.join(',')}`)
    .update(JSON.stringify(modules))
    .digest('hex')
    .slice(0, 12);
  const cacheDir = join(dirname(pkgDir), '.cache', 'ripple');
  const file = join(cacheDir, `pyodide-${version}-${key}.snapshot.gz`);
  if (existsSync(file)) return readFileSync(file);
  const pyodide = await loadPyodide({ _makeSnapshot: true });
  pyodide.runPython(SNAPSHOT_PRELOAD.map((name) => `import ${name}`).join('\n'));
  installPythonModules(pyodide, modules);
  const bytes = gzipSync(pyodide.makeMemorySnapshot());
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so a crashed build never leaves half a snapshot in the cache.
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  // One per edit of a Python module otherwise: 6.6 MB each.
  for (const old of readdirSync(cacheDir)) {
    if (/^pyodide-.*\.snapshot\.gz$/.test(old) && join(cacheDir, old) !== file) rmSync(join(cacheDir, old), { force: true });
  }
  return bytes;
}
