import { afterPaint } from '../after-paint';
import { SNAPSHOT_DIRECTORY } from '../../workers/python/snapshot-copies';
import { parseEngines, type FloorApi, type FloorStartup, type FromFloorWorker, type ToFloorWorker } from './protocol';

// The floor page: starts the engines' workers at once, as its first act, then hands
// Python's x to PGlite's query and paints the answer. Nothing else runs in it.
// `?engines=python` or `?engines=pglite` starts that one alone, on an otherwise idle
// machine: no arrangement of the two starts can give a first result sooner than either.
// `?engines=none` starts nothing: its first frame is the soonest any page paints here
// (with workers starting beside it, the frame comes later: they share the 2 cores).
const engines = parseEngines(new URL(location.href).searchParams.get('engines'));
const python = engines.includes('python') ? new Worker(new URL('./python-worker.ts', import.meta.url), { type: 'module', name: 'ripple-bench-floor-python' }) : undefined;
const pglite = engines.includes('pglite') ? new Worker(new URL('./pglite-worker.ts', import.meta.url), { type: 'module', name: 'ripple-bench-floor-pglite' }) : undefined;

/** The next message of `type` from `worker`; a failure report or a worker error rejects. */
function next<T extends FromFloorWorker['type']>(worker: Worker, type: T): Promise<Extract<FromFloorWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<FromFloorWorker>): void => {
      const message = event.data;
      if (message.type === 'failed') reject(new Error(`${message.engine}: ${message.message}`));
      else if (message.type === type) resolve(message as Extract<FromFloorWorker, { type: T }>);
      else return;
      worker.removeEventListener('message', onMessage);
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', (event) => reject(new Error(event.message || 'a floor worker failed to start')), { once: true });
  });
}

async function compute(worker: Worker, x: number): Promise<number> {
  const answer = next(worker, 'value');
  worker.postMessage({ type: 'compute', x } satisfies ToFloorWorker);
  return (await answer).value;
}

const output = document.getElementById('result')!;
const onPage = (epoch: number): number => epoch - performance.timeOrigin;
// This page's first frame, as its script first runs: with `?engines=none`, no page
// shows anything sooner on this browser and host (the app's 'editable' is a frame of a
// larger page).
const painted = afterPaint();

async function start(): Promise<FloorStartup> {
  const [pythonReady, pgliteReady] = await Promise.all([python && next(python, 'ready'), pglite && next(pglite, 'ready')]);
  // Alone, each engine does its own half: Python's x is 41 + 1, PGlite binds 41.
  const x = python ? await compute(python, 41) : 41;
  const result = pglite ? await compute(pglite, x) : python ? await compute(python, x + 1) : x + 1;
  output.textContent = String(result);
  return {
    engines,
    ...(pythonReady ? { pyodideReadyMs: onPage(pythonReady.at) } : {}),
    ...(pgliteReady ? { pgliteReadyMs: onPage(pgliteReady.at) } : {}),
    firstResultMs: await afterPaint(),
    pagePaintedMs: await painted,
    result,
  };
}

const started = start();
started.catch((error: unknown) => {
  output.textContent = `failed: ${String(error)}`;
});
// The bench waits for this (pageSignal in bench/app.ts), not by polling the page.
void started.then(() => console.debug('ripple-bench:floor-started'), () => console.debug('ripple-bench:floor-started'));

const api: FloorApi = {
  started,
  async snapshotKept() {
    try {
      const directory = await (await navigator.storage.getDirectory()).getDirectoryHandle(SNAPSHOT_DIRECTORY);
      for await (const name of (directory as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> }).keys()) if (name.endsWith('.bin')) return true;
    } catch {
      // Not there yet (NotFoundError).
    }
    return false;
  },
};
window.floor = api;
