/**
 * The baseline's offline copy (bench only): after its first visit, the baseline page
 * hands the files it and its worker loaded to its own service worker (sw.ts), which
 * stores them while it installs, as the app's service worker stores the app's files.
 * No top-level effects: bench/vite.config.ts imports the file name from here.
 */

/** Built at the root of dist-bench/: its scope must cover the baseline's worker and Pyodide's files. */
export const BASELINE_SW_FILE = 'bench-baseline-sw.js';

/** The URLs under `base`, as paths relative to it (query kept, fragment dropped), each once. */
export function pathsUnder(urls: readonly string[], base: string): string[] {
  const paths = urls.flatMap((url) => {
    const parsed = new URL(url, base);
    parsed.hash = '';
    return parsed.href.startsWith(base) && parsed.href !== base ? [parsed.href.slice(base.length)] : [];
  });
  return [...new Set(paths)].sort();
}

/**
 * Registers the baseline's service worker with the files the page and its worker loaded
 * (`workerURLs`), and resolves once it controls the page. A page that is already
 * controlled (the offline reload) registers nothing: its copy is there, and the network
 * may not be.
 */
export async function saveForOffline(workerURLs: readonly string[]): Promise<boolean> {
  const container = navigator.serviceWorker;
  if (container.controller) return true;
  const base = new URL(import.meta.env.BASE_URL, location.href).href;
  const loaded = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name), ...workerURLs];
  const script = new URL(BASELINE_SW_FILE, base);
  script.searchParams.set('files', JSON.stringify(pathsUnder(loaded, base)));
  const controlled = new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }));
  const registration = await container.register(script.href, { scope: base, type: 'module' });
  const installing = registration.installing;
  // A file that fails to download makes the install fail: say so rather than wait forever.
  const failed = new Promise<never>((_, reject) =>
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'redundant') reject(new Error('The baseline service worker failed to install (a file did not download)'));
    }),
  );
  await Promise.race([controlled, failed]);
  return true;
}
