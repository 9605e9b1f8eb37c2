import { afterPaint } from '../after-paint';
import { saveForOffline } from './offline-copy';
import type { BaselineApi, BaselineStartup, BaselineStorage, FromWorker, ToWorker } from './protocol';
import { valueBytes } from './value-bytes';

// The baseline page: starts the worker at once, paints its first result, and exposes
// the loops the orchestrator times. `?storage=memory|opfs-ahp` picks PGlite's storage;
// `?offline=1` saves the page for offline use once it has shown its result.
const params = new URL(location.href).searchParams;
const storage: BaselineStorage = params.get('storage') === 'memory' ? 'memory' : 'opfs-ahp';
const offline = params.get('offline') === '1';
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'ripple-bench-baseline' });
const send = (message: ToWorker): void => worker.postMessage(message);
send({ type: 'start', storage, name: 'ripple-bench-baseline' });

type Reply = Extract<FromWorker, { id: number }>;
/** A request without its id (distributes over the union, unlike Omit). */
type Request = Extract<ToWorker, { id: number }> extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
const pending = new Map<number, (reply: Reply) => void>();
let nextId = 1;
let onStarted: (message: Extract<FromWorker, { type: 'started' }>) => void = () => {};
let onFailed: (message: string) => void = () => {};

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'started') return onStarted(message);
  if (message.type === 'failed') return onFailed(message.message);
  pending.get(message.id)?.(message);
  pending.delete(message.id);
};

function ask(message: Request): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    send({ ...message, id } as Extract<ToWorker, { id: number }>);
  });
}

const onPage = (epoch: number): number => epoch - performance.timeOrigin;
const output = document.getElementById('result')!;

const started = new Promise<BaselineStartup>((resolve, reject) => {
  onFailed = (message) => {
    output.textContent = `failed: ${message}`;
    reject(new Error(message));
  };
  onStarted = (message) => {
    output.textContent = String(message.result);
    void afterPaint().then((paintedAt) =>
      resolve({
        storage,
        pyodideReadyMs: onPage(message.pyodideReadyAt),
        pgliteReadyMs: onPage(message.pgliteReadyAt),
        firstResultMs: paintedAt,
        result: message.result,
      }),
    );
  };
});
started.catch(() => {});
// The bench waits for this (pageSignal in bench/app.ts), not by polling the page.
void started.then(() => console.debug('ripple-bench:baseline-started'), () => console.debug('ripple-bench:baseline-started'));

async function timed(count: number, once: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await once(i);
    samples.push(performance.now() - t);
  }
  return samples;
}

const api: BaselineApi = {
  started,
  // After the first result, so that saving costs the first visit's figures nothing.
  savedForOffline: offline
    ? started.then(async () => {
        const reply = await ask({ type: 'resources' });
        return saveForOffline(reply.type === 'resources' ? reply.urls : []);
      })
    : Promise.resolve(false),
  assignQuery: (count) => timed(count, (i) => ask({ type: 'assign-query', x: 100 + i })),
  async queryLoop(count) {
    const reply = await ask({ type: 'query-loop', count });
    return reply.type === 'loop' ? reply.samples : [];
  },
  queryRoundTrips: (count) => timed(count, () => ask({ type: 'query' })),
  async rows(sql) {
    const t = performance.now();
    const reply = await ask({ type: 'rows', sql });
    const ms = performance.now() - t;
    // Sized after the clock stopped; a loop over the rows, no allocation to show in the heap.
    return reply.type === 'rows' ? { ms, queryMs: reply.queryMs, rows: reply.rows.length, valueBytes: valueBytes(reply.rows) } : { ms, queryMs: NaN, rows: 0, valueBytes: NaN };
  },
};
window.baseline = api;
