import * as Comlink from 'comlink';
import { pyodideDir } from 'virtual:ripple-kernel-assets';
import type { CellSpec, CellStatus, DatabaseConfig, DatabaseInfo, KernelApi, KernelEvent, KernelEventBatch, KernelInfo } from '../workers/protocol';
import { markNow } from '../workers/timeline';

export interface KernelClient {
  /** The kernel's API once the worker has started (see `gate`). */
  api(): Promise<Comlink.Remote<KernelApi>>;
  readonly info: Promise<KernelInfo>;
  /** True when Python can be interrupted in place (cross-origin isolated page). */
  readonly interruptible: boolean;
  setCells(cells: readonly CellSpec[]): Promise<void>;
  upsertCell(cell: CellSpec, index: number): Promise<void>;
  deleteCell(id: string): Promise<void>;
  runCells(ids: readonly string[]): Promise<void>;
  runAll(): Promise<void>;
  /** The page has painted the first rows of the cell's large result: the kernel reads the rest. */
  firstRowsPainted(cellId: string): void;
  setDatabaseConfig(config: DatabaseConfig): Promise<DatabaseInfo>;
  /**
   * Stops the running cell. Without SharedArrayBuffer the worker is restarted instead,
   * except for a query on a remote database, which the kernel cancels on the server.
   */
  interrupt(): Promise<void>;
  restart(): Promise<void>;
  dispose(): void;
}

/**
 * Without isolation, how long Interrupt waits for the kernel to cancel a running remote
 * query before it restarts the worker instead (the cancel normally answers in a round trip).
 */
const CANCEL_WAIT_MS = 3_000;

/** Resolves with `value` after `ms`, unless cancelled first. */
function after<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

function pyodideIndexURL(): string {
  return new URL(`${import.meta.env.BASE_URL}${pyodideDir}`, location.href).href;
}

/**
 * Starts the kernel worker and keeps a copy of the cells and database configuration,
 * so that a restart (or an interrupt without SharedArrayBuffer) rebuilds the kernel
 * with the same notebook: only the Python namespace is lost.
 *
 * The worker starts once `gate` settles: on a first visit the page may be about to
 * reload itself into cross-origin isolation, and a kernel started before would be lost.
 * Calls made meanwhile wait for it.
 */
export function createKernelClient(listener: (events: KernelEventBatch) => void, gate: Promise<unknown> = Promise.resolve()): KernelClient {
  const interruptible = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
  const interruptBuffer = interruptible ? new SharedArrayBuffer(4) : undefined;
  // The notebook as the kernel has it, in order: upsert and delete apply the same
  // order rules as the kernel (remove, then insert at the clamped index), so a restart
  // restores the order the user sees even after cells were moved.
  let cells: CellSpec[] = [];
  let database: DatabaseConfig | undefined;
  let worker: Worker | undefined;
  let api: Comlink.Remote<KernelApi>;
  let disposed = false;

  // Statuses as last reported, so a restart can tell the UI what it did to each cell.
  const statuses = new Map<string, CellStatus>();
  const onEvents = (events: KernelEventBatch): void => {
    for (const event of events) if (event.type === 'status') statuses.set(event.cellId, event.status);
    listener(events);
  };
  /** Events arrive on a port of their own, in batches (see KernelEventBatch). */
  let events: MessagePort | undefined;
  function eventPort(): MessagePort {
    events?.close();
    const channel = new MessageChannel();
    channel.port1.onmessage = (message: MessageEvent<KernelEventBatch>) => onEvents(message.data);
    events = channel.port1;
    return Comlink.transfer(channel.port2, [channel.port2]);
  }

  /** After a restart the namespace is empty: what ran is stale, what was running was interrupted. */
  function reportRestart(interrupted: boolean): void {
    const events: KernelEvent[] = [];
    for (const [cellId, status] of statuses) {
      if (status === 'running' && interrupted) {
        events.push({ type: 'error', cellId, error: { kind: 'interrupted', message: 'Interrupted by restarting the kernel (this page is not cross-origin isolated, so Python cannot be stopped in place). The Python namespace was reset.' } });
        events.push({ type: 'status', cellId, status: 'error' });
      } else if (status !== 'idle') {
        events.push({ type: 'status', cellId, status: 'stale' });
      }
    }
    statuses.clear();
    listener(events);
  }

  function start(): Promise<KernelInfo> {
    markNow('kernel worker created');
    const created = new Worker(new URL('../workers/kernel-worker.ts', import.meta.url), { type: 'module', name: 'ripple-kernel' });
    worker = created;
    api = Comlink.wrap<KernelApi>(created);
    const started = api.init({ pyodideIndexURL: pyodideIndexURL(), paintsFirstRows: true, ...(interruptBuffer ? { interruptBuffer } : {}) }, eventPort()).then((kernelInfo) => {
      // Every file of one version is served together (content-addressed paths); if that
      // ever failed, say so rather than run a page and a kernel from two versions.
      if (kernelInfo.appVersion !== undefined && kernelInfo.appVersion !== __RIPPLE_VERSION__) {
        const message = `This page is Ripple ${__RIPPLE_VERSION__} but its kernel is ${kernelInfo.appVersion}: reload the page.`;
        created.terminate();
        listener([{ type: 'kernel-state', state: 'dead', message }]);
        throw new Error(message);
      }
      return kernelInfo;
    });
    started.catch(() => {});
    return started;
  }

  /** True while a SQL cell runs on a remote database: the worker's thread is free, waiting for the server. */
  function remoteQueryRunning(): boolean {
    if (database?.kind !== 'remote') return false;
    const running = [...statuses].find(([, status]) => status === 'running')?.[0];
    return running !== undefined && cells.find((c) => c.id === running)?.kind === 'sql';
  }

  /**
   * Asks the kernel to cancel the running remote query on the server (a CancelRequest
   * through the proxy); true once it did. Restarting the worker alone would leave that
   * query running on the server.
   */
  async function cancelRemoteQuery(): Promise<boolean> {
    const timeout = after(CANCEL_WAIT_MS, false);
    try {
      return await Promise.race([(await ready()).interrupt().then(() => true), timeout.promise]);
    } finally {
      timeout.cancel();
    }
  }

  async function restore(): Promise<void> {
    await api.setCells(cells);
    if (database) await api.setDatabaseConfig(database);
  }

  // The first start waits for the gate; `ready` always holds the current start.
  let info: Promise<KernelInfo> = gate.then(() => (disposed ? new Promise<never>(() => {}) : start()));
  info.catch(() => {});
  const ready = async (): Promise<Comlink.Remote<KernelApi>> => {
    await gate;
    return api;
  };
  // Calls reach the worker in the order they are made: the session sends a cell's edit
  // and the run behind it without waiting for the edit's reply. Once the gate is open a
  // call is posted at once; before, calls wait on one promise, whose reactions run in order.
  let opened = false;
  const open = gate.then(() => {
    opened = true;
  });
  open.catch(() => {});
  const send = <T>(call: (kernel: Comlink.Remote<KernelApi>) => Promise<T>): Promise<T> => (opened ? call(api) : open.then(() => call(api)));

  async function restart(reason: string, interrupted: boolean): Promise<void> {
    await gate;
    listener([{ type: 'kernel-state', state: 'restarting', message: reason }]);
    worker?.terminate();
    reportRestart(interrupted);
    info = start();
    await info;
    await restore();
  }

  return {
    api: ready,
    get info() {
      return info;
    },
    interruptible,
    async setCells(specs) {
      cells = [...specs];
      await send((k) => k.setCells(specs));
    },
    async upsertCell(cell, index) {
      const others = cells.filter((c) => c.id !== cell.id);
      others.splice(Math.max(0, Math.min(index, others.length)), 0, cell);
      cells = others;
      await send((k) => k.upsertCell(cell, index));
    },
    async deleteCell(id) {
      cells = cells.filter((c) => c.id !== id);
      await send((k) => k.deleteCell(id));
    },
    runCells: (ids) => send((k) => k.runCells(ids)),
    runAll: () => send((k) => k.runAll()),
    firstRowsPainted(cellId) {
      // Only ends a wait early (the kernel stops waiting by itself): a failure changes nothing.
      send((k) => k.firstRowsPainted(cellId)).catch(() => undefined);
    },
    async setDatabaseConfig(config) {
      database = config;
      return send((k) => k.setDatabaseConfig(config));
    },
    async interrupt() {
      if (interruptBuffer) {
        // Python checks this buffer between bytecodes: SIGINT raises KeyboardInterrupt
        // in the running cell and the namespace survives. The RPC cancels queued cells
        // once the worker is free again.
        const flag = new Int32Array(interruptBuffer);
        Atomics.store(flag, 0, 2);
        Atomics.notify(flag, 0); // wakes a sleeping time.sleep at once
        await (await ready()).interrupt();
        return;
      }
      // A remote query is cancelled by the kernel itself, whose thread is free while the
      // query runs: the cell says it was interrupted and the namespace is kept, as with
      // isolation. Only if the kernel does not answer (busy in Python) is it restarted.
      if (remoteQueryRunning() && (await cancelRemoteQuery())) return;
      await restart('Interrupted by restarting the kernel (this page is not cross-origin isolated): the Python namespace was reset.', true);
    },
    restart: () => restart('Restarting the kernel: the Python namespace is cleared; the notebook is unchanged.', false),
    dispose() {
      disposed = true;
      worker?.terminate();
      events?.close();
    },
  };
}
