/// <reference lib="webworker" />
// Bench only, never shipped: gives the baseline page the caching the app's own service
// worker gives the app, so that the offline reload's ratio compares the same thing.
// Like the app's worker, it stores its files while it installs (Chromium then also keeps
// the compiled code of the scripts), serves them cache first, and adds the isolation
// headers to what it serves. Its files are those the baseline's first visit loaded: the
// page passes their paths in the script URL (`?files=[...]`), see offline-copy.ts.
import { withIsolationHeaders } from '../../src/offline/isolation-headers';
import type { PrecacheInfo, ToServiceWorker } from '../../src/offline/sw-protocol';

declare const self: ServiceWorkerGlobalScope;

const CACHE = 'ripple-bench-baseline';

function listedFiles(): string[] {
  const parsed: unknown = JSON.parse(new URL(self.location.href).searchParams.get('files') ?? '[]');
  if (!Array.isArray(parsed) || !parsed.every((file): file is string => typeof file === 'string')) throw new Error('files must be a JSON array of paths');
  return parsed.map((file) => new URL(file, self.registration.scope).href);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(listedFiles().map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        await cache.put(url, response);
      }));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const message = event.data as ToServiceWorker;
  if (message?.type !== 'precache-info') return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const responses = await Promise.all((await cache.keys()).map((key) => cache.match(key)));
      const sizes = await Promise.all(responses.map(async (response) => (response ? (await response.blob()).size : 0)));
      const info: PrecacheInfo = { files: sizes.length, bytes: sizes.reduce((sum, size) => sum + size, 0) };
      event.ports[0]?.postMessage(info);
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cached = await (await caches.open(CACHE)).match(request);
      return withIsolationHeaders(cached ?? (await fetch(request)));
    })(),
  );
});
