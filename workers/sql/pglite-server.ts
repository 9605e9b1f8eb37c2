/**
 * The PGlite worker's side of pglite-protocol.ts: owns the one database, answers the
 * kernel's requests in the order they came. Runs in the PGlite worker (pglite-worker.ts)
 * and, in tests, on one end of a MessageChannel.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { PgliteDatabaseConfig } from '../protocol';
import { checkDatabaseConfig } from '../database-config';
import type { FromPglite, ToPglite } from './pglite-protocol';
import { exchangeWith } from './pglite-connection';
import { WAL_POSITION_QUERY, type OpenedPglite } from './pglite-open';
import { SharedSlot, WORKER_LINGER_MS } from './pglite-shared';
import { createIdleCheckpoint, ReplyTail, type IdleCheckpoint, type IdleCheckpointOptions } from './idle-checkpoint';

/** The worker's global scope, or a MessagePort. */
export interface ServerPort {
  postMessage(message: FromPglite, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

function isToPglite(value: unknown): value is ToPglite {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  if (typeof m.id !== 'number') return false;
  switch (m.type) {
    case 'open':
      return typeof m.config === 'object' && m.config !== null && (m.shared === undefined || m.shared instanceof SharedArrayBuffer);
    case 'wake':
      return true;
    case 'exchange':
      return m.request instanceof ArrayBuffer && typeof m.syncToFs === 'boolean' && (m.unlessSuspended === undefined || m.unlessSuspended instanceof ArrayBuffer);
    case 'close':
      return true;
    default:
      return false;
  }
}

/** Replies up to this size go in one message (or the shared buffer); larger ones in parts of it. */
export const PART_BYTES = 256 * 1024;

/**
 * Copies PGlite's reply chunks (views of its wasm memory, reused by the next write) into
 * buffers of its own, once each, and posts every full one as a part, so the kernel
 * decodes a large result while PostgreSQL still writes it. A buffer starts small and
 * grows to PART_BYTES: a one-row reply does not allocate a quarter of a megabyte.
 */
class ReplyParts {
  private bytes = new Uint8Array(4096);
  private length = 0;
  /** Parts were posted: the rest must follow as a message too. */
  spilled = false;

  constructor(private readonly postPart: (part: ArrayBuffer, length: number) => void) {}

  readonly add = (chunk: Uint8Array): void => {
    for (let at = 0; at < chunk.length; ) {
      if (this.length === this.bytes.length) this.grow();
      const n = Math.min(chunk.length - at, this.bytes.length - this.length);
      this.bytes.set(chunk.subarray(at, at + n), this.length);
      this.length += n;
      at += n;
    }
  };

  private grow(): void {
    if (this.bytes.length < PART_BYTES) {
      const grown = new Uint8Array(Math.min(this.bytes.length * 2, PART_BYTES));
      grown.set(this.bytes);
      this.bytes = grown;
      return;
    }
    this.postPart(this.bytes.buffer, this.length);
    this.spilled = true;
    this.bytes = new Uint8Array(PART_BYTES);
    this.length = 0;
  }

  /** What is left: a view of a buffer of its own (transferable as a whole). */
  rest(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** For tests: the idle checkpoint's wait and a report of each of its checks. */
export type ServeOptions = Pick<IdleCheckpointOptions, 'delayMs' | 'onChecked'>;

/** The WAL insert position (idle-checkpoint.ts compares them). */
async function walPosition(db: PGlite): Promise<string> {
  const result = await db.query<{ lsn: string }>(WAL_POSITION_QUERY);
  return String(result.rows[0]?.lsn);
}

/** Serves `port` until it closes the database; `open` is openPglite with the worker's template and guard. */
export function servePglite(port: ServerPort, open: (config: PgliteDatabaseConfig) => Promise<OpenedPglite>, serveOptions: ServeOptions = {}): void {
  let db: PGlite | undefined;
  // One request at a time, in arrival order: an exchange waits for the previous one's
  // flush to disk. (The kernel sends the next only after this reply anyway.)
  let queue: Promise<void> = Promise.resolve();
  let shared: SharedSlot | undefined;
  let serving = false;
  let idle: IdleCheckpoint | undefined;
  const startIdleCheckpoint = (opened: PGlite, position: string): void => {
    idle = createIdleCheckpoint({
      ...serveOptions,
      whenFree: (check) => {
        queue = queue.then(async () => {
          if (db !== opened || opened.closed) return;
          await check().catch((error: unknown) => console.warn('Ripple: the idle checkpoint failed', error));
        });
      },
      busy: () => serving,
      walPosition: () => walPosition(opened),
      checkpoint: async () => {
        await opened.exec('CHECKPOINT');
      },
    });
    idle.opened(position);
  };
  /** exchangeWith, telling the idle checkpoint how the reply ended (its transaction status). */
  const exchange = async (database: PGlite, request: Uint8Array, options: Parameters<typeof exchangeWith>[2], sink: (chunk: Uint8Array) => void): Promise<void> => {
    const tail = new ReplyTail();
    try {
      await exchangeWith(database, request, options, (chunk) => {
        tail.add(chunk);
        sink(chunk);
      });
    } finally {
      idle?.activity(tail.status());
    }
  };

  const fail = (id: number, error: unknown): void => {
    const failure = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ type: 'failed', id, message: failure.message, name: failure.name }, []);
  };

  /**
   * Answers requests from the shared buffer until none comes for a while. This thread
   * blocks while it waits (nothing else runs here meanwhile, and messages wait): it is
   * free again WORKER_LINGER_MS after the last reply.
   */
  const partsFor = (id: number): ReplyParts => new ReplyParts((part, length) => port.postMessage({ type: 'part', id, part, length }, [part]));
  const postReply = (id: number, bytes: Uint8Array): void =>
    port.postMessage({ type: 'reply', id, reply: bytes.buffer as ArrayBuffer, length: bytes.length }, [bytes.buffer as ArrayBuffer]);

  const serveShared = async (): Promise<void> => {
    if (serving || !shared) return;
    serving = true;
    try {
      for (let next = shared.take(WORKER_LINGER_MS); next; next = shared.take(WORKER_LINGER_MS)) {
        const parts = partsFor(next.id);
        let failure: unknown;
        try {
          if (!db || db.closed) throw new Error('The database is not open.');
          // As below: answered only once flushed to disk.
          await exchange(db, next.request, next.options, parts.add);
        } catch (error) {
          failure = error ?? new Error('The statement failed.');
        }
        const reply = failure === undefined && !parts.spilled ? parts.rest() : undefined;
        if (!shared.answer(reply)) continue;
        if (failure !== undefined) fail(next.id, failure);
        else postReply(next.id, parts.rest());
      }
    } finally {
      serving = false;
      // Already done when take() found no request; not when the loop threw.
      if (shared.leave()) void serveShared();
    }
  };

  const handle = async (request: ToPglite): Promise<void> => {
    switch (request.type) {
      case 'open': {
        if (db) throw new Error('The database is already open.');
        // The config was checked by the kernel; a second look costs nothing and keeps a
        // malformed one from opening some other database.
        const checked = checkDatabaseConfig(request.config);
        if (!checked.ok || checked.value.kind !== 'pglite') throw new Error(checked.ok ? 'Not a PGlite database.' : checked.message);
        const opened = await open(checked.value);
        db = opened.db;
        startIdleCheckpoint(opened.db, opened.walPosition);
        shared = request.shared ? new SharedSlot(request.shared) : undefined;
        port.postMessage({ type: 'opened', id: request.id, storage: opened.storage, serverVersion: opened.serverVersion }, []);
        return void serveShared();
      }
      case 'wake':
        return void serveShared();
      case 'exchange': {
        if (!db || db.closed) throw new Error('The database is not open.');
        // The reply is sent only after syncToFs has flushed: the kernel reports a cell
        // done on this reply, so nothing it committed may still be only in memory.
        const then = request.unlessSuspended;
        const parts = partsFor(request.id);
        await exchange(db, new Uint8Array(request.request), { syncToFs: request.syncToFs, ...(then ? { unlessSuspended: new Uint8Array(then) } : {}) }, parts.add);
        return postReply(request.id, parts.rest());
      }
      case 'close': {
        const closing = db;
        db = undefined;
        idle?.dispose();
        idle = undefined;
        // close() flushes PGlite's file system, so nothing committed is left behind.
        if (closing && !closing.closed) await closing.close();
        return port.postMessage({ type: 'closed', id: request.id }, []);
      }
    }
  };

  port.onmessage = (event) => {
    const request: unknown = event.data;
    if (!isToPglite(request)) {
      const id = (request as { id?: unknown } | null)?.id;
      if (typeof id === 'number') port.postMessage({ type: 'failed', id, message: 'The database worker received a malformed request.', name: 'Error' }, []);
      return;
    }
    queue = queue.then(() => handle(request).catch((error: unknown) => fail(request.id, error)));
  };
}
