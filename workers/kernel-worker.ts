/// <reference lib="webworker" />
// The kernel worker's entry: it only wires the browser's Pyodide, PGlite (in a worker of
// its own, see pglite-worker.ts) and WebSocket into the Kernel class and exposes it
// through Comlink. All logic lives in kernel.ts.
import * as Comlink from 'comlink';
import { loadPyodide } from 'pyodide';
import { Kernel } from './kernel';
import { PgliteExecutor } from './sql/pglite-executor';
import { PgliteWorkerConnection, type PgliteEndpoint } from './sql/pglite-client';
import type { ConnectPglite } from './sql/pglite-connection';
import { SHARED_BYTES } from './sql/pglite-shared';
import { databaseOpener } from './database-backends';
import { loadWithSnapshot } from './python/snapshot-loader';
import { opfsCopies } from './python/snapshot-copies';
import { pyodideSnapshot } from 'virtual:ripple-kernel-assets';
import { measureWasmCompiles } from './timeline';
import { deferred } from './deferred';

// For the start-up timeline (`npm run bench`): the engines compile wasm in their own loaders.
measureWasmCompiles();

const assets = new URL(import.meta.env.BASE_URL, self.location.origin);

/**
 * A worker per database, so that PGlite starts (and runs) on a thread of its own while
 * Pyodide starts on this one. Terminating this worker (a kernel restart) ends it too.
 */
function startPgliteWorker(): PgliteEndpoint {
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), { type: 'module', name: 'ripple-pglite' });
  return {
    port: worker,
    onCrash: (listener) => {
      worker.addEventListener('error', (event) => listener(event.message || 'it failed to start or threw'));
      worker.addEventListener('messageerror', () => listener('a reply could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * The first database's worker starts with this one, before the page says which database
 * to open: it loads PGlite's engine meanwhile (pglite-browser.ts). A notebook on a remote
 * server lets it go unused.
 */
let spare: PgliteEndpoint | undefined = typeof Worker === 'function' ? startPgliteWorker() : undefined;
function pgliteWorker(): PgliteEndpoint {
  const endpoint = spare ?? startPgliteWorker();
  spare = undefined;
  return endpoint;
}

/** Nested workers are everywhere Ripple runs; without them PGlite runs here, loaded on first use. */
const connectPglite: ConnectPglite =
  typeof Worker === 'function'
    ? (config) => PgliteWorkerConnection.open(pgliteWorker(), config, crossOriginIsolated ? new SharedArrayBuffer(SHARED_BYTES) : undefined)
    : async (config) => {
        const [{ InProcessConnection }, { openBrowserPglite }] = await Promise.all([import('./sql/pglite-connection'), import('./pglite-browser')]);
        const { db, storage, serverVersion } = await openBrowserPglite(config);
        return new InProcessConnection(db, storage, serverVersion);
      };

/** Python's snapshot copy is written once the kernel's start-up is over (startup-over.ts). */
const startupOver = deferred();

const kernel = new Kernel({
  loadPyodide: loadWithSnapshot(loadPyodide, new URL(pyodideSnapshot, assets), opfsCopies(), startupOver.promise),
  openDatabase: databaseOpener({
    pglite: (config) => PgliteExecutor.open(config, connectPglite),
    // Loaded on first use: notebooks on PGlite do not pay for the driver. The browser's
    // own WebSocket; SCRAM needs crypto.subtle (a secure context: https or localhost).
    remote: async (config) => {
      spare?.terminate();
      spare = undefined;
      return (await import('./sql/remote-executor')).RemoteExecutor.open(config, { WebSocket });
    },
  }),
  now: () => performance.now(),
  appVersion: __RIPPLE_VERSION__,
  startupOver: () => startupOver.resolve(),
});

Comlink.expose(kernel);
