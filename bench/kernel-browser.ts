import * as Comlink from 'comlink';
import type { KernelApi, KernelEvent } from '../workers/protocol';
import { runKernelScenario } from './kernel-scenario';
import { pyodideDir } from 'virtual:ripple-kernel-assets';

// The issue-2 latency scenario in a real browser: the same kernel worker the app uses.
const params = new URL(location.href).searchParams;
const name = params.get('db') ?? 'bench';
const storage = (params.get('storage') ?? 'auto') as 'auto' | 'idb' | 'opfs-ahp' | 'memory';
const started = performance.now();
const worker = new Worker(new URL('../workers/kernel-worker.ts', import.meta.url), { type: 'module' });
const kernel = Comlink.wrap<KernelApi>(worker);
const interruptBuffer = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
const figures = await runKernelScenario(
  kernel,
  (listener) => Comlink.proxy((event: KernelEvent) => listener(event)),
  { kind: 'pglite', storage, name },
  { pyodideIndexURL: new URL(`/${pyodideDir}`, location.href).href, ...(interruptBuffer ? { interruptBuffer } : {}) },
);
const result = { storage, navigationToScriptMs: started, ...figures };
document.getElementById('result')!.textContent = JSON.stringify(result);
