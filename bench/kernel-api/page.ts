import * as Comlink from 'comlink';
import type { KernelApi, KernelEventBatch } from '../../workers/protocol';
import type { KernelBenchApi } from './protocol';
import { pyodideDir } from 'virtual:ripple-kernel-assets';

// The app's kernel worker, driven like the app drives it (kernel-client.ts), minus the UI.
const worker = new Worker(new URL('../../workers/kernel-worker.ts', import.meta.url), { type: 'module', name: 'ripple-kernel' });
const kernel = Comlink.wrap<KernelApi>(worker);
const interruptBuffer = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
let lastValue = '';
let lastRowCount = 0;
// Events on a port of their own, as kernel-client.ts receives them.
const events = new MessageChannel();
events.port1.onmessage = ({ data: batch }: MessageEvent<KernelEventBatch>) => {
  for (const event of batch) {
    if (event.type === 'output' && event.output.type === 'table') {
      lastValue = String(event.output.table.rows[0]?.[0]);
      lastRowCount = event.output.table.rowCount;
    }
    if (event.type === 'error') lastValue = `error: ${JSON.stringify(event.error)}`;
  }
};

async function start(): Promise<{ description: string; databaseReadyMs: number }> {
  await kernel.init({ pyodideIndexURL: new URL(`/${pyodideDir}`, location.href).href, ...(interruptBuffer ? { interruptBuffer } : {}) }, Comlink.transfer(events.port2, [events.port2]));
  const withoutDatabase = new URLSearchParams(location.search).get('database') === 'none';
  // `auto` is what a notebook gets: opfs-ahp in a worker. A fresh name: a new database.
  const info = withoutDatabase
    ? { description: 'none', readyMs: 0 }
    : await kernel.setDatabaseConfig({ kind: 'pglite', storage: 'auto', name: `bench-${crypto.randomUUID()}` });
  await kernel.setCells([
    { id: 'i', kind: 'python', code: 'i = 41' },
    { id: 'q', kind: 'sql', code: 'SELECT {i} + 1 AS y' },
  ]);
  await kernel.runCells(['i']);
  return { description: info.description, databaseReadyMs: info.readyMs };
}

const ready = start();
const api: KernelBenchApi = {
  ready,
  async runSqlCell(count) {
    await ready;
    const samples: number[] = [];
    for (let n = 0; n < count; n++) {
      const t = performance.now();
      await kernel.runCells(['q']);
      samples.push(performance.now() - t);
    }
    return { samples, lastValue };
  },
  async runSql(code, count) {
    await ready;
    await kernel.upsertCell({ id: 'r', kind: 'sql', code }, 2);
    const samples: number[] = [];
    for (let n = 0; n < count; n++) {
      const t = performance.now();
      await kernel.runCells(['r']);
      samples.push(performance.now() - t);
    }
    return { samples, rowCount: lastRowCount, lastValue };
  },
  setDatabase: async (config) => {
    await ready;
    return kernel.setDatabaseConfig(config);
  },
  testDatabase: async (config) => {
    await ready;
    return kernel.testDatabase(config);
  },
};
window.kernelBench = api;
document.getElementById('state')!.textContent = 'loaded';
