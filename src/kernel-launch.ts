import * as Comlink from 'comlink';
import { pyodideDir } from 'virtual:ripple-kernel-assets';
import type { KernelApi, KernelInfo } from '../workers/protocol';
import { markNow } from '../workers/timeline';

/** A kernel worker asked to start: Python begins loading at once, on the worker's thread. */
export interface LaunchedKernel {
  readonly worker: Worker;
  readonly api: Comlink.Remote<KernelApi>;
  /**
   * The page's end of the kernel's event channel. Not started: events the kernel sends
   * before anyone listens wait in the port's queue until its `onmessage` is set.
   */
  readonly events: MessagePort;
  readonly started: Promise<KernelInfo>;
}

function pyodideIndexURL(): string {
  return new URL(`${import.meta.env.BASE_URL}${pyodideDir}`, location.href).href;
}

/** Creates the kernel worker and sends it `init`; `interruptBuffer` is shared with the page. */
export function launchKernel(interruptBuffer: SharedArrayBuffer | undefined): LaunchedKernel {
  markNow('kernel worker created');
  const worker = new Worker(new URL('../workers/kernel-worker.ts', import.meta.url), { type: 'module', name: 'ripple-kernel' });
  const api = Comlink.wrap<KernelApi>(worker);
  const channel = new MessageChannel();
  const started = api.init({ pyodideIndexURL: pyodideIndexURL(), ...(interruptBuffer ? { interruptBuffer } : {}) }, Comlink.transfer(channel.port2, [channel.port2]));
  started.catch(() => {}); // whoever adopts the kernel reports a failure
  return { worker, api, events: channel.port1, started };
}

/** Interrupting Python in place needs SharedArrayBuffer, which needs cross-origin isolation. */
export function canInterruptInPlace(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
}

export interface PrestartedKernel {
  readonly launched: LaunchedKernel;
  readonly interruptBuffer: SharedArrayBuffer | undefined;
}

/**
 * Handed from the page's entry to the first kernel client, once. The entry starts the
 * kernel before the app's code has even been fetched: Python's start-up (the longest
 * wait of a reload) then overlaps the app's download, evaluation, IndexedDB reads and
 * first render instead of following them.
 */
let prestarted: PrestartedKernel | undefined;

/**
 * Starts the kernel now if nothing can stop it from being used: the page is controlled
 * by the service worker and already cross-origin isolated (a warm visit), or there is no
 * service worker to wait for (development). On a first visit the app decides when
 * (service-worker-client.ts): it may reload into isolation, and a kernel started before
 * that would be thrown away with the page.
 */
export function prestartKernel(options: { hasServiceWorker: boolean }): void {
  const controlled = typeof navigator !== 'undefined' && navigator.serviceWorker?.controller != null;
  const ready = !options.hasServiceWorker || (controlled && globalThis.crossOriginIsolated === true);
  if (!ready || prestarted) return;
  const interruptBuffer = canInterruptInPlace() ? new SharedArrayBuffer(4) : undefined;
  prestarted = { launched: launchKernel(interruptBuffer), interruptBuffer };
}

/** The kernel the entry started, for the first client that asks; later clients start their own. */
export function takePrestartedKernel(): PrestartedKernel | undefined {
  const taken = prestarted;
  prestarted = undefined;
  return taken;
}
