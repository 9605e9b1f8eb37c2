/// <reference lib="webworker" />
// Ripple's service worker: serves the app and everything the kernel needs from the
// precache (so it runs offline), adds the cross-origin isolation headers a static host
// cannot set (to what pages and workers are made from), and installs new versions
// without disturbing pages still running old ones.
import { PrecacheController } from 'workbox-precaching';
import { needsIsolationHeaders, withIsolationHeaders } from './isolation-headers';
import { appEntryURL, isAppNavigation } from './navigation';
import { createOldVersionJanitor } from './old-versions';
import { precacheInfo, uniqueEntries } from './precache-entries';
import type { InjectedEntry, PrecacheInfo, ToServiceWorker, VersionInfo } from './sw-protocol';
import { VERSION_FILE } from './version-file';

declare const self: ServiceWorkerGlobalScope;

// The build replaces `self.__WB_MANIFEST` with the precache manifest (it must stay
// spelled exactly so); our build adds each file's size.
const manifest = uniqueEntries((self as unknown as { __WB_MANIFEST: InjectedEntry[] }).__WB_MANIFEST);
const precache = new PrecacheController();
precache.addToCacheList(manifest.map(({ url, revision, integrity }) => (integrity ? { url, revision, integrity } : { url, revision })));
const janitor = createOldVersionJanitor(self, precache);

self.addEventListener('install', (event) => {
  // The first install takes control at once: the page then reloads into isolation. An
  // update waits until the user presses Reload, so an open notebook is never reloaded
  // by itself and never runs a mix of two versions' files.
  const firstInstall = self.registration.active === null;
  event.waitUntil(precache.install(event).then(() => (firstInstall ? self.skipWaiting() : undefined)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(janitor.activated().then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  const message = event.data as ToServiceWorker;
  if (message?.type === 'skip-waiting') void self.skipWaiting();
  if (message?.type === 'precache-info') {
    const info: PrecacheInfo = precacheInfo(manifest);
    event.ports[0]?.postMessage(info);
  }
  if (message?.type === 'version-info') {
    const port = event.ports[0];
    event.waitUntil(
      precache
        .matchPrecache(VERSION_FILE)
        .then((response) => (response ? (response.json() as Promise<VersionInfo>) : undefined))
        .then((info) => port?.postMessage(info), () => port?.postMessage(undefined)),
    );
  }
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Only our own files: we never fetch another origin, and a user's own cross-origin
  // request from Python goes straight to the network as the browser would send it.
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.waitUntil(janitor.sweep());
  event.respondWith(respond(request, url).then((response) => (needsIsolationHeaders(request) ? withIsolationHeaders(response) : response)));
});

async function respond(request: Request, url: URL): Promise<Response> {
  const precached =
    (await precache.matchPrecache(request)) ??
    (request.mode === 'navigate' && isAppNavigation(url, self.registration.scope) ? await precache.matchPrecache(appEntryURL(self.registration.scope)) : undefined) ??
    (await janitor.matchOlderVersion(request));
  return precached ?? fetch(request);
}
