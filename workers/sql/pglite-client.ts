/**
 * The kernel's side of pglite-protocol.ts: a PgliteConnection to PGlite in its own
 * worker. An exchange goes through the shared buffer when there is one (pglite-shared.ts),
 * otherwise as one message each way on the worker's own port (no Comlink on this path).
 */
import type { PgliteDatabaseConfig } from '../protocol';
import type { Exchange, ExchangeOptions, PgliteConnection, ReplySink } from './pglite-connection';
import type { FromPglite, ToPglite } from './pglite-protocol';
import { KERNEL_BLOCK_MS, SharedSlot } from './pglite-shared';
import { measureRunPart } from '../timeline';

/** The PGlite worker as the kernel sees it (a Worker in the browser, a MessagePort in tests). */
export interface PgliteEndpoint {
  readonly port: {
    postMessage(message: ToPglite, transfer: Transferable[]): void;
    onmessage: ((event: MessageEvent) => void) | null;
  };
  /** Calls `listener` once the worker has crashed or cannot be reached (its `error` event). */
  onCrash(listener: (reason: string) => void): void;
  /** Ends the worker; its database's files are released. */
  terminate(): void;
}

interface Pending {
  resolve(reply: FromPglite): void;
  reject(error: Error): void;
  /** An exchange's: where its reply's bytes go, parts first. */
  readonly sink?: ReplySink;
}

function isFromPglite(value: unknown): value is FromPglite {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  switch (m.type) {
    case 'opened':
      return typeof m.storage === 'string' && typeof m.serverVersion === 'string';
    case 'reply':
      return m.reply instanceof ArrayBuffer && typeof m.length === 'number' && m.length <= m.reply.byteLength;
    case 'part':
      return m.part instanceof ArrayBuffer && typeof m.length === 'number' && m.length <= m.part.byteLength;
    case 'closed':
      return true;
    case 'failed':
      return typeof m.message === 'string' && typeof m.name === 'string';
    default:
      return false;
  }
}

function failure(reply: FromPglite & { type: 'failed' }): Error {
  const error = new Error(reply.message);
  error.name = reply.name;
  return error;
}

export class PgliteWorkerConnection implements PgliteConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the worker is gone: every request, pending or later, fails with it. */
  private dead: Error | undefined;
  /** The end of the queue of exclusive sections: the kernel is the worker's only client. */
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly endpoint: PgliteEndpoint,
    private readonly shared: SharedSlot | undefined,
    public storage = '',
    public serverVersion = '',
  ) {
    endpoint.port.onmessage = (event) => this.receive(event.data);
    endpoint.onCrash((reason) =>
      this.fail(new Error(`The database worker stopped (${reason}). Nothing after the last completed statement was saved; restart the kernel to reopen the database.`)),
    );
  }

  /**
   * Opens `config` in the worker behind `endpoint`; on failure the worker is ended, with
   * the worker's message. `shared` (a SHARED_BYTES buffer, cross-origin isolated pages
   * only) takes the fast path.
   */
  static async open(endpoint: PgliteEndpoint, config: PgliteDatabaseConfig, shared?: SharedArrayBuffer): Promise<PgliteWorkerConnection> {
    const connection = new PgliteWorkerConnection(endpoint, shared ? new SharedSlot(shared) : undefined);
    try {
      const reply = await connection.request((id) => ({ type: 'open', id, config, ...(shared ? { shared } : {}) }), []);
      if (reply.type !== 'opened') throw new Error(`The database worker answered ${reply.type} to open.`);
      connection.storage = reply.storage;
      connection.serverVersion = reply.serverVersion;
      return connection;
    } catch (error) {
      connection.dead ??= error instanceof Error ? error : new Error(String(error));
      endpoint.terminate();
      throw error;
    }
  }

  exclusive<T>(work: (exchange: Exchange) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => work(this.exchange));
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private readonly exchange: Exchange = (request, options, sink) =>
    this.shared?.fits(request, options) ? this.exchangeShared(this.shared, request, options, sink) : this.exchangeByMessage(request, options, sink);

  private async exchangeShared(shared: SharedSlot, request: Uint8Array, options: ExchangeOptions, sink: ReplySink): Promise<void> {
    if (this.dead) throw this.dead;
    const started = performance.now();
    const id = this.nextId++;
    // Registered first: the reply comes as messages if it is large, failed, or late.
    const answer = new Promise<FromPglite>((resolve, reject) => this.pending.set(id, { resolve, reject, sink }));
    if (!shared.post(id, request, options)) this.endpoint.port.postMessage({ type: 'wake', id }, []);
    // Blocks this thread for a short statement's time at most (see pglite-shared.ts).
    const taken = shared.reply(KERNEL_BLOCK_MS);
    if (taken instanceof Uint8Array) {
      this.pending.delete(id);
      sink(taken);
    } else await answer;
    // Post to reply: PostgreSQL's work on the other thread, and the waits for each thread to wake.
    measureRunPart('pglite exchange', started);
  }

  private async exchangeByMessage(request: Uint8Array, options: ExchangeOptions, sink: ReplySink): Promise<void> {
    // Copies the worker can take over: the caller's bytes may be a shared constant (SYNC).
    const bytes = request.slice();
    const then = options.unlessSuspended?.slice();
    const started = performance.now();
    await this.request(
      (id) => ({ type: 'exchange', id, request: bytes.buffer, syncToFs: options.syncToFs, ...(then ? { unlessSuspended: then.buffer } : {}) }),
      then ? [bytes.buffer, then.buffer] : [bytes.buffer],
      sink,
    );
    measureRunPart('pglite exchange', started);
  }

  async close(): Promise<void> {
    if (this.dead) return this.endpoint.terminate();
    try {
      // After the statements already queued: close flushes whatever they committed.
      await this.exclusive(() => this.request((id) => ({ type: 'close', id }), []));
    } finally {
      this.dead ??= new Error('The database was closed.');
      this.endpoint.terminate();
    }
  }

  private request(build: (id: number) => ToPglite, transfer: Transferable[], sink?: ReplySink): Promise<FromPglite> {
    if (this.dead) return Promise.reject(this.dead);
    const message = build(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, sink ? { resolve, reject, sink } : { resolve, reject });
      this.endpoint.port.postMessage(message, transfer);
    });
  }

  private receive(data: unknown): void {
    if (!isFromPglite(data)) return this.fail(new Error('The database worker sent a malformed reply.'));
    const pending = this.pending.get(data.id);
    if (!pending) return; // e.g. a reply also taken from the shared buffer
    if (data.type === 'part') return pending.sink?.(new Uint8Array(data.part, 0, data.length));
    this.pending.delete(data.id);
    if (data.type === 'failed') return pending.reject(failure(data));
    // An exchange's answer is a reply, and only an exchange's answer is.
    if ((data.type === 'reply') !== (pending.sink !== undefined)) return pending.reject(new Error(`The database worker answered ${data.type} out of turn.`));
    if (data.type === 'reply') pending.sink?.(new Uint8Array(data.reply, 0, data.length));
    pending.resolve(data);
  }

  /** The worker is gone or cannot be trusted: fail what waits on it, end it, refuse the rest. */
  private fail(error: Error): void {
    if (this.dead && this.pending.size === 0) return;
    this.dead ??= error;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const pending of waiting) pending.reject(error);
    this.endpoint.terminate();
  }
}
