/// <reference lib="webworker" />
// The PGlite worker's entry, started by the kernel worker (kernel-worker.ts), which is its
// only client: PGlite starts on this thread while Pyodide starts on the kernel's, and a
// kernel restart (terminating the kernel worker) ends this one too. The protocol is
// sql/pglite-protocol.ts; opening is pglite-browser.ts.
import { servePglite } from './sql/pglite-server';
import { openBrowserPglite, preparePglite } from './pglite-browser';
import { measureWasmCompiles } from './timeline';

declare const self: DedicatedWorkerGlobalScope;

// For the start-up timeline (`npm run bench`): PGlite compiles its wasm in its own loader.
measureWasmCompiles();

// The worker starts before the kernel knows the database: load the engine meanwhile.
preparePglite();
servePglite(self, openBrowserPglite);
