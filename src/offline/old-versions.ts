/// <reference lib="webworker" />
import type { PrecacheController } from 'workbox-precaching';

/**
 * Keeps the previous version's files while a page still runs that version.
 *
 * When a new version activates, every open window changes to the new service worker, but
 * its document and kernel were loaded from the old version and may still fetch old files
 * (a kernel restart fetches the old worker script, snapshot and wasm). Workbox would
 * delete them at activation. Instead we record which cache entries belong to older
 * versions and which windows were open, and delete those entries only when all those
 * windows are gone. Because every kernel file is content-addressed, serving an old file
 * to an old page can never mix versions.
 */
export interface OldVersionJanitor {
  /** Call on activate: remembers the old entries and the windows that may need them, then sweeps. */
  activated(): Promise<void>;
  /** Deletes the recorded old entries once none of the recorded windows is left. */
  sweep(): Promise<void>;
  /** An older version's file, for a page still running that version. */
  matchOlderVersion(request: Request): Promise<Response | undefined>;
}

interface JanitorState {
  readonly windows: readonly string[];
  readonly oldEntries: readonly string[];
}

const STATE_CACHE = 'ripple-sw-state';
const STATE_URL = '/__ripple/old-versions.json';
const EMPTY: JanitorState = { windows: [], oldEntries: [] };

/** Cache keys not in the current manifest: what older versions left behind. */
export function oldEntries(cachedKeys: readonly string[], currentKeys: ReadonlySet<string>): string[] {
  return cachedKeys.filter((key) => !currentKeys.has(key));
}

export function createOldVersionJanitor(scope: ServiceWorkerGlobalScope, precache: PrecacheController): OldVersionJanitor {
  const precacheName = (): Promise<Cache> => scope.caches.open(precache.strategy.cacheName);

  // The state outlives this worker instance (the browser stops idle service workers).
  async function readState(): Promise<JanitorState> {
    const response = await (await scope.caches.open(STATE_CACHE)).match(STATE_URL);
    return response ? ((await response.json()) as JanitorState) : EMPTY;
  }
  async function writeState(state: JanitorState): Promise<void> {
    const cache = await scope.caches.open(STATE_CACHE);
    await cache.put(STATE_URL, new Response(JSON.stringify(state), { headers: { 'Content-Type': 'application/json' } }));
  }

  // One sweep at a time: two navigations could otherwise delete and rewrite concurrently.
  let sweeping: Promise<void> = Promise.resolve();

  async function sweepOnce(): Promise<void> {
    const state = await readState();
    if (state.oldEntries.length === 0) return;
    const open = (await Promise.all(state.windows.map((id) => scope.clients.get(id)))).filter((c) => c !== undefined);
    if (open.length > 0) {
      if (open.length < state.windows.length) await writeState({ ...state, windows: open.map((c) => c.id) });
      return;
    }
    const cache = await precacheName();
    await Promise.all(state.oldEntries.map((key) => cache.delete(key)));
    await writeState(EMPTY);
  }

  return {
    async activated() {
      const cache = await precacheName();
      const current = new Set(precache.getURLsToCacheKeys().values());
      const previous = await readState();
      const cachedKeys = (await cache.keys()).map((r) => r.url);
      const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
      await writeState({
        windows: [...new Set([...previous.windows, ...windows.map((w) => w.id)])],
        oldEntries: oldEntries(cachedKeys, current),
      });
      await this.sweep();
    },
    sweep() {
      sweeping = sweeping.then(sweepOnce, sweepOnce);
      return sweeping;
    },
    async matchOlderVersion(request) {
      return (await precacheName()).match(request.url);
    },
  };
}
