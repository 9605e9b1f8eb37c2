/**
 * The byte-level boundary between the SQL executor (which encodes statements and decodes
 * replies, pglite-executor.ts) and PGlite itself: request bytes in, reply bytes out. In
 * the browser PGlite runs in its own worker (pglite-client.ts talks to it); in Node and
 * wherever a Worker is unavailable it runs in the caller's thread (below).
 */
import type { PgliteDatabaseConfig } from '../protocol';
import { openPglite, type OpenOptions, type TemplateSource } from './pglite-open';
import type { PGlite } from '@electric-sql/pglite';

export interface ExchangeOptions {
  /**
   * Flush PGlite's file system once PostgreSQL has answered, before the reply is given
   * back: a committed transaction is then on disk before the cell says done. Only the
   * middle of a statement (first rows handed over, the rest still to read) skips it,
   * and an exchange that stops at a suspended portal never flushes (nothing committed).
   */
  readonly syncToFs: boolean;
  /**
   * Messages to run straight after `request`, in the same exchange, unless its reply
   * ends with PortalSuspended: the Sync that ends a statement whose first rows were
   * asked for but which had no more. One round trip to the PGlite worker, not two, for
   * every statement with a small result.
   */
  readonly unlessSuspended?: Uint8Array;
}

/**
 * Where a reply's bytes go as they come: a chunk is only valid during the call (it may
 * be a view of memory reused next), so whatever is kept must be copied (BackendReader does).
 */
export type ReplySink = (chunk: Uint8Array) => void;

/**
 * One call into PostgreSQL (two with `unlessSuspended`): wire-protocol messages in, every
 * byte it answered to `sink`, in order, while it answers (a large result is decoded
 * while PGlite still writes it). Resolves once the reply is complete (and flushed).
 */
export type Exchange = (request: Uint8Array, options: ExchangeOptions, sink: ReplySink) => Promise<void>;

export interface PgliteConnection {
  /** Where the database lives: 'opfs-ahp', 'idb' or 'memory'. */
  readonly storage: string;
  /** PostgreSQL's version, as the database reported it when it opened. */
  readonly serverVersion: string;
  /**
   * Runs `work` with the database to itself: no other exchange comes between the ones it
   * makes (a suspended portal ends at the next statement). `exchange` is valid only
   * inside `work`.
   */
  exclusive<T>(work: (exchange: Exchange) => Promise<T>): Promise<T>;
  /** Flushes and closes the database; nothing committed is left behind. */
  close(): Promise<void>;
}

export type ConnectPglite = (config: PgliteDatabaseConfig) => Promise<PgliteConnection>;

const PORTAL_SUSPENDED = [0x73, 0, 0, 0, 4];

/**
 * Whether a reply to Execute + Flush stopped at the row limit, from its last bytes. Its
 * last message is then PortalSuspended; every other ending (CommandComplete,
 * ErrorResponse, a notice, ...) ends with a string's 0 byte or is a message that is not
 * 's', so five bytes decide. Fed every chunk; keeps the last five bytes.
 */
export class SuspensionWatch {
  private readonly last = new Uint8Array(PORTAL_SUSPENDED.length);
  private seen = 0;

  readonly add = (chunk: Uint8Array): void => {
    const n = this.last.length;
    if (chunk.length >= n) this.last.set(chunk.subarray(chunk.length - n));
    else {
      this.last.copyWithin(0, chunk.length);
      this.last.set(chunk, n - chunk.length);
    }
    this.seen += chunk.length;
  };

  get suspended(): boolean {
    return this.seen >= this.last.length && PORTAL_SUSPENDED.every((byte, i) => this.last[i] === byte);
  }
}

/**
 * One exchange with PGlite: the same call PGlite's own query() makes, with our bytes.
 * PGlite's chunks are views of its wasm memory, handed to `sink` as they are.
 */
export async function exchangeWith(db: PGlite, request: Uint8Array, options: ExchangeOptions, sink: ReplySink): Promise<void> {
  const then = options.unlessSuspended;
  if (!then) return db.execProtocolRawStream(request, { syncToFs: options.syncToFs, onRawData: sink });
  const watch = new SuspensionWatch();
  await db.execProtocolRawStream(request, {
    syncToFs: false,
    onRawData: (chunk) => {
      watch.add(chunk);
      sink(chunk);
    },
  });
  if (!watch.suspended) await db.execProtocolRawStream(then, { syncToFs: options.syncToFs, onRawData: sink });
}

/** PGlite in this thread. Its query mutex keeps PGlite's own calls from coming between ours. */
export class InProcessConnection implements PgliteConnection {
  constructor(
    private readonly db: PGlite,
    readonly storage: string,
    readonly serverVersion: string,
  ) {}

  exclusive<T>(work: (exchange: Exchange) => Promise<T>): Promise<T> {
    return this.db._runExclusiveQuery(() => work((request, options, sink) => exchangeWith(this.db, request, options, sink)));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

/** Opens databases in this thread (see openPglite for the options). */
export function inProcessPglite(template?: TemplateSource, options: Omit<OpenOptions, 'template'> = {}): ConnectPglite {
  return async (config) => {
    const { db, storage, serverVersion } = await openPglite(config, { ...options, template });
    return new InProcessConnection(db, storage, serverVersion);
  };
}
