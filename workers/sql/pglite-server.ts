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
import type { OpenedPglite } from './pglite-open';
import { SharedSlot, WORKER_LINGER_MS } from './pglite-shared';

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

/** Serves `port` until it closes the database; `open` is openPglite with the worker's template and guard. */
export function servePglite(port: ServerPort, open: (config: PgliteDatabaseConfig) => Promise<OpenedPglite>): void {
  let db: PGlite | undefined;
  // One request at a time, in arrival order: an exchange waits for the previous one's
  // flush to disk. (The kernel sends the next only after this reply anyway.)
  let queue: Promise<void> = Promise.resolve();
  let shared: SharedSlot | undefined;
  let serving = false;

  const fail = (id: number, error: unknown): void => {
    const failure = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ type: 'failed', id, message: failure.message, name: failure.name }, []);
  };

  /**
   * Answers requests from the shared buffer until none comes for a while. This thread
   * blocks while it waits (nothing else runs here meanwhile, and messages wait): it is
   * free again WORKER_LINGER_MS after the last reply.
   */
  const serveShared = async (): Promise<void> => {
    if (serving || !shared) return;
    serving = true;
    try {
      for (let next = shared.take(WORKER_LINGER_MS); next; next = shared.take(WORKER_LINGER_MS)) {
        let reply: Uint8Array | undefined;
        let failure: unknown;
        try {
          if (!db || db.closed) throw new Error('The database is not open.');
          // As below: answered only once flushed to disk.
          reply = await exchangeWith(db, next.request, next.options);
        } catch (error) {
          failure = error ?? new Error('The statement failed.');
        }
        if (!shared.answer(reply)) continue;
        if (reply) port.postMessage({ type: 'reply', id: next.id, reply: reply.buffer as ArrayBuffer, length: reply.length }, [reply.buffer as ArrayBuffer]);
        else fail(next.id, failure);
      }
    } finally {
      serving = false;
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
        shared = request.shared ? new SharedSlot(request.shared) : undefined;
        port.postMessage({ type: 'opened', id: request.id, storage: opened.storage }, []);
        return void serveShared();
      }
      case 'wake':
        return void serveShared();
      case 'exchange': {
        if (!db || db.closed) throw new Error('The database is not open.');
        // The reply is sent only after syncToFs has flushed: the kernel reports a cell
        // done on this reply, so nothing it committed may still be only in memory.
        const then = request.unlessSuspended;
        const bytes = await exchangeWith(db, new Uint8Array(request.request), { syncToFs: request.syncToFs, ...(then ? { unlessSuspended: new Uint8Array(then) } : {}) });
        return port.postMessage({ type: 'reply', id: request.id, reply: bytes.buffer as ArrayBuffer, length: bytes.length }, [bytes.buffer as ArrayBuffer]);
      }
      case 'close': {
        const closing = db;
        db = undefined;
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
