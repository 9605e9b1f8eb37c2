/**
 * Messages between the app and its service worker. Types only.
 */

/** What the page asks of the service worker (postMessage with a MessageChannel port for replies). */
export type ToServiceWorker =
  /** The user pressed Reload on "A new version is ready": the waiting version takes over. */
  | { readonly type: 'skip-waiting' }
  /** How much the current version keeps for offline use. */
  | { readonly type: 'precache-info' }
  /** Which version this worker serves (asked of a waiting worker: what Reload would bring). */
  | { readonly type: 'version-info' };

/** The build's version file (version-file.ts; written by scripts/vite-kernel-assets.ts). */
export interface VersionInfo {
  readonly app: string;
  /** The PostgreSQL major of its PGlite: a different one cannot open today's databases. */
  readonly postgresMajor: number;
}

export interface PrecacheInfo {
  readonly files: number;
  readonly bytes: number;
}

/** A precache manifest entry as the build injects it (Workbox's fields plus our size). */
export interface InjectedEntry {
  readonly url: string;
  readonly revision: string | null;
  readonly integrity?: string;
  readonly bytes?: number;
}
