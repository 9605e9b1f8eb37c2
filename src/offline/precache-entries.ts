import type { InjectedEntry, PrecacheInfo } from './sw-protocol';

/**
 * The injected manifest, one entry per URL. vite-plugin-pwa appends the web app manifest
 * after our build's own entry for it (which carries its size), so it arrives twice; the
 * first entry wins, with the size the later one may carry.
 */
export function uniqueEntries(manifest: readonly InjectedEntry[]): InjectedEntry[] {
  const byUrl = new Map<string, InjectedEntry>();
  for (const entry of manifest) {
    const seen = byUrl.get(entry.url);
    byUrl.set(entry.url, seen ? { ...seen, bytes: seen.bytes ?? entry.bytes } : entry);
  }
  return [...byUrl.values()];
}

/** What the offline copy holds: files and bytes, each file counted once. */
export function precacheInfo(manifest: readonly InjectedEntry[]): PrecacheInfo {
  const entries = uniqueEntries(manifest);
  return { files: entries.length, bytes: entries.reduce((sum, e) => sum + (e.bytes ?? 0), 0) };
}
