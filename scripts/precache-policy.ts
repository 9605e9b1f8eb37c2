import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A precache manifest entry as Workbox's manifest transforms see it. */
export interface ManifestEntry {
  url: string;
  revision: string | null;
  size: number;
  integrity?: string;
}

/** Workbox refuses files over 2 MiB unless told; we tell it for exactly these. */
export const DEFAULT_LIMIT = 2 * 1024 * 1024;

/**
 * The kernel's big files, by path relative to the build output. Anything else over the
 * limit fails the build: a new large file must be a decision, not an accident.
 */
export const LARGE_FILES: readonly RegExp[] = [
  /^pyodide\/[0-9a-f]{12}\/pyodide\.asm\.wasm$/,
  /^pyodide\/[0-9a-f]{12}\/python_stdlib\.zip$/,
  /^pyodide\/[0-9a-f]{12}\/snapshot\.bin\.gz$/,
  /^pglite\/template-[0-9a-f]{12}\.tar\.gz$/,
  /^pglite\/[0-9a-f]{12}\/pglite\.wasm$/,
  // Not its wasm: that one is patched and served from pglite/ (an unpatched copy here
  // would be 9 MB more in every offline copy, and fails the build).
  /^assets\/pglite-[\w-]{8}\.data$/,
];

/**
 * Content-addressed paths (a hash in the name): cached under their plain URL, so a page
 * still running an older version finds its files after a newer version is installed.
 */
export const CONTENT_ADDRESSED = /^(assets\/|pyodide\/[0-9a-f]{12}\/|pglite\/template-[0-9a-f]{12}\.|pglite\/[0-9a-f]{12}\/)/;

/** Built but deliberately not precached: the service worker itself (the browser fetches it). */
const NOT_PRECACHED = /^(sw\.js|sw\.js\.map)$/;

/** Every file under `dir`, relative to it, with forward slashes. */
export function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path, root) : [relative(root, path).split('\\').join('/')];
  });
}

/**
 * Checks the manifest against the build output: every emitted file is precached (so the
 * app works offline whatever the build emits), and only the listed files exceed the
 * default limit. Returns the problems; the build fails on any.
 */
export function checkPrecache(entries: readonly ManifestEntry[], builtFiles: readonly string[]): string[] {
  const problems: string[] = [];
  const precached = new Set(entries.map((e) => e.url));
  for (const file of builtFiles) {
    if (!precached.has(file) && !NOT_PRECACHED.test(file)) problems.push(`${file} is in the build but not precached: the app would need the network for it`);
  }
  for (const entry of entries) {
    if (entry.size > DEFAULT_LIMIT && !LARGE_FILES.some((re) => re.test(entry.url))) {
      problems.push(`${entry.url} is ${(entry.size / 1048576).toFixed(1)} MiB, over the 2 MiB precache limit, and not one of the kernel's known large files`);
    }
  }
  return problems;
}
