/// <reference lib="webworker" />
// The kernel worker's entry: it only wires the browser's Pyodide, PGlite and WebSocket
// into the Kernel class and exposes it through Comlink. All logic lives in kernel.ts.
import * as Comlink from 'comlink';
import { loadPyodide } from 'pyodide';
import { Kernel } from './kernel';
import { PgliteExecutor } from './sql/pglite-executor';
import { databaseOpener } from './database-backends';
import { loadWithSnapshot } from './python/snapshot-loader';
import { pgliteTemplate as templatePath, postgresMajor, pyodideSnapshot } from 'virtual:ripple-kernel-assets';
import { opfsVersionMarks } from './sql/data-dir-version';
import { measureWasmCompiles, timed } from './timeline';

// For the start-up timeline (`npm run bench`): the engines compile wasm in their own loaders.
measureWasmCompiles();

const assets = new URL(import.meta.env.BASE_URL, self.location.origin);

/** A new notebook database starts from this initialised data directory (no initdb). */
async function pgliteTemplate(): Promise<Blob | undefined> {
  try {
    return await timed('pglite: template fetch', async () => {
      const response = await fetch(new URL(templatePath, assets));
      return response.ok ? await response.blob() : undefined;
    });
  } catch {
    return undefined; // offline before the first visit cached it: initdb still works
  }
}

// Databases are opened only by the PostgreSQL major that wrote them (see data-dir-version.ts).
const marks = opfsVersionMarks();
const guard = marks ? { postgresMajor, marks } : undefined;

const kernel = new Kernel({
  loadPyodide: loadWithSnapshot(loadPyodide, new URL(pyodideSnapshot, assets)),
  openDatabase: databaseOpener({
    pglite: (config) => PgliteExecutor.open(config, pgliteTemplate, guard),
    // Loaded on first use: notebooks on PGlite do not pay for the driver. The browser's
    // own WebSocket; SCRAM needs crypto.subtle (a secure context: https or localhost).
    remote: async (config) => (await import('./sql/remote-executor')).RemoteExecutor.open(config, { WebSocket }),
  }),
  now: () => performance.now(),
  appVersion: __RIPPLE_VERSION__,
});

Comlink.expose(kernel);
