import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pgliteTemplate } from './pglite-template.ts';
import { patchPgliteWasm } from './pglite-wasm-patch.ts';
import { pyodideSnapshot } from './pyodide-snapshot.ts';

/**
 * The files the kernel fetches at run time that Vite does not see as imports: Pyodide's
 * runtime, the Python memory snapshot, PGlite's wasm (patched, see pglite-wasm-patch.ts)
 * and the PGlite template database.
 *
 * Every path is content-addressed (a hash of the bytes is part of the path). One URL
 * therefore always means the same bytes, which is what lets the service worker keep an
 * older version's files for a page still running that version while a newer version is
 * installed beside it: a page can never receive the runtime of one version and the
 * snapshot of another.
 */
export interface KernelAsset {
  /** Relative to the app's base URL. */
  readonly path: string;
  readonly contentType: string;
  readonly bytes: () => Promise<Buffer>;
}

/** What the kernel needs to know of its files (the virtual module's exports). Paths are relative to the app's base URL. */
export interface KernelAssetPaths {
  /** Pyodide's indexURL, ending in a slash. */
  readonly pyodideDir: string;
  readonly pyodideSnapshot: string;
  readonly pgliteTemplate: string;
  /** PGlite's wasm as the app ships it (pglite-wasm-patch.ts), in a directory named after its bytes. */
  readonly pgliteWasm: string;
  /** The PostgreSQL major version of the bundled PGlite (its data directories are tied to it). */
  readonly postgresMajor: number;
}

/** PG_VERSION at the root of a gzipped data-directory tarball (as PGlite's dumpDataDir writes it). */
export function postgresMajorOf(templateTarGz: Buffer): number {
  const tar = gunzipSync(templateTarGz);
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = tar.subarray(offset, offset + 100).toString('utf8').replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(tar.subarray(offset + 124, offset + 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (/^(\.?\/)?PG_VERSION$/.test(name)) {
      const major = Number(tar.subarray(offset + 512, offset + 512 + size).toString('utf8').trim());
      if (Number.isInteger(major) && major > 0) return major;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('The PGlite template has no PG_VERSION at its root');
}

/**
 * The runtime files Pyodide loads at start-up (no wheels: the npm package has none).
 * Its loader (pyodide.mjs) is bundled into the kernel worker, so it is not among them.
 */
const RUNTIME_FILES = /^(pyodide\.asm\.(mjs|wasm)|python_stdlib\.zip|pyodide-lock\.json)$/;

const CONTENT_TYPES: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
};

function contentType(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
}

function shortHash(...parts: readonly Buffer[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, 12);
}

function pyodidePackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

/** Computed once per process: hashing 13 MB of runtime and building the caches costs seconds. */
let cached: Promise<{ paths: KernelAssetPaths; assets: KernelAsset[] }> | undefined;

export function kernelAssets(): Promise<{ paths: KernelAssetPaths; assets: KernelAsset[] }> {
  cached ??= (async () => {
    const dir = pyodidePackageDir();
    const runtime = readdirSync(dir).filter((name) => RUNTIME_FILES.test(name)).sort();
    const runtimeBytes = runtime.map((name) => readFileSync(join(dir, name)));
    const [snapshot, template] = await Promise.all([pyodideSnapshot(), pgliteTemplate()]);
    const pgliteWasm = Buffer.from(patchPgliteWasm(readFileSync(createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'))).buffer);
    // The snapshot only works with the runtime it was made from: one directory holds both.
    const pyodideDir = `pyodide/${shortHash(...runtimeBytes, snapshot)}/`;
    const paths: KernelAssetPaths = {
      pyodideDir,
      pyodideSnapshot: `${pyodideDir}snapshot.bin.gz`,
      pgliteTemplate: `pglite/template-${shortHash(template)}.tar.gz`,
      pgliteWasm: `pglite/${shortHash(pgliteWasm)}/pglite.wasm`,
      postgresMajor: postgresMajorOf(template),
    };
    const assets: KernelAsset[] = [
      ...runtime.map((name, i) => ({ path: `${pyodideDir}${name}`, contentType: contentType(name), bytes: async () => runtimeBytes[i]! })),
      { path: paths.pyodideSnapshot, contentType: 'application/gzip', bytes: async () => snapshot },
      { path: paths.pgliteTemplate, contentType: 'application/gzip', bytes: async () => template },
      { path: paths.pgliteWasm, contentType: 'application/wasm', bytes: async () => pgliteWasm },
    ];
    return { paths, assets };
  })();
  return cached;
}
