/// <reference lib="webworker" />
// The kernel worker's entry: it only wires the browser's Pyodide and PGlite into the
// Kernel class and exposes it through Comlink. All logic lives in kernel.ts.
import * as Comlink from 'comlink';
import { loadPyodide } from 'pyodide';
import { Kernel } from './kernel';
import { PgliteExecutor } from './sql/pglite-executor';

const kernel = new Kernel({
  loadPyodide: (options) => loadPyodide(options),
  openDatabase: (config) => PgliteExecutor.open(config),
  now: () => performance.now(),
});

Comlink.expose(kernel);
