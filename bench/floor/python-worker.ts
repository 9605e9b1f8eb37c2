/// <reference lib="webworker" />
// The floor's Python: the kernel worker's own start (workers/kernel-worker.ts), without
// the kernel: Pyodide from the app's snapshot, through the kept copy in OPFS.
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { pyodideDir, pyodideSnapshot } from 'virtual:ripple-kernel-assets';
import { loadWithSnapshot } from '../../workers/python/snapshot-loader';
import { opfsCopies } from '../../workers/python/snapshot-copies';
import { measureWasmCompiles } from '../../workers/timeline';
import { deferred } from '../../workers/deferred';
import type { FromFloorWorker, ToFloorWorker } from './protocol';

// For the timeline, as in the kernel's workers.
measureWasmCompiles();

const post = (message: FromFloorWorker): void => self.postMessage(message);
const assets = new URL(import.meta.env.BASE_URL, self.location.origin);

// As the kernel writes its kept copy once its first run has ended (workers/startup-over.ts),
// this worker writes it once it has answered its first computation.
const firstAnswer = deferred();
const python: Promise<PyodideAPI> = loadWithSnapshot(loadPyodide, new URL(pyodideSnapshot, assets), opfsCopies(), firstAnswer.promise)({ indexURL: new URL(pyodideDir, assets).href });
python.then(
  () => post({ type: 'ready', engine: 'python', at: performance.timeOrigin + performance.now() }),
  (error: unknown) => post({ type: 'failed', engine: 'python', message: String(error) }),
);

self.onmessage = async (event: MessageEvent<ToFloorWorker>) => {
  const pyodide = await python;
  pyodide.runPython(`x = ${event.data.x}`);
  post({ type: 'value', engine: 'python', value: Number(pyodide.globals.get('x')) });
  firstAnswer.resolve();
};
