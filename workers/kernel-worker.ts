/// <reference lib="webworker" />
// The kernel worker's entry: it only wires the browser's Pyodide, the database worker
// (PGlite) and WebSocket into the Kernel class and exposes it through Comlink. All logic lives in kernel.ts.
import * as Comlink from 'comlink';
import { loadPyodide } from 'pyodide';
import { Kernel } from './kernel';
import { WorkerExecutor } from './database/client';
import type { DatabaseHost } from './database/protocol';
import { databaseOpener } from './database-backends';
import { loadWithSnapshot } from './python/snapshot-loader';
import { pyodideSnapshot } from 'virtual:ripple-kernel-assets';
import { measureWasmCompiles } from './timeline';

// For the start-up timeline (`npm run bench`): the engines compile wasm in their own loaders.
measureWasmCompiles();

const assets = new URL(import.meta.env.BASE_URL, self.location.origin);

/**
 * PGlite runs in a worker of its own, so that it starts on the second core while Python
 * starts here. One is started at once, before any notebook asks: its code loads meanwhile.
 */
const databaseWorker = (): Worker => new Worker(new URL('./database/database-worker.ts', import.meta.url), { type: 'module', name: 'ripple-database' });
let spare: Worker | undefined = databaseWorker();
const takeDatabaseWorker = (): Worker => {
  const worker = spare ?? databaseWorker();
  spare = undefined;
  return worker;
};

const kernel = new Kernel({
  loadPyodide: loadWithSnapshot(loadPyodide, new URL(pyodideSnapshot, assets)),
  openDatabase: databaseOpener({
    pglite: (config) => {
      const worker = takeDatabaseWorker();
      return WorkerExecutor.open(Comlink.wrap<DatabaseHost>(worker), config, () => worker.terminate());
    },
    // Loaded on first use: notebooks on PGlite do not pay for the driver. The browser's
    // own WebSocket; SCRAM needs crypto.subtle (a secure context: https or localhost).
    remote: async (config) => (await import('./sql/remote-executor')).RemoteExecutor.open(config, { WebSocket }),
  }),
  now: () => performance.now(),
  appVersion: __RIPPLE_VERSION__,
});

Comlink.expose(kernel);
