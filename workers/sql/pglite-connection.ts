/**
 * The byte-level boundary between the SQL executor (which encodes statements and decodes
 * replies, pglite-executor.ts) and PGlite itself: request bytes in, reply bytes out. In
 * the browser PGlite runs in its own worker (pglite-client.ts talks to it); in Node and
 * wherever a Worker is unavailable it runs in the caller's thread (below).
 */
import type { PgliteDatabaseConfig } from '../protocol';
import type { DataDirGuard } from './data-dir-version';
import { openPglite, type TemplateSource } from './pglite-open';
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

/** One call into PostgreSQL (two with `unlessSuspended`): wire-protocol messages in, every byte it answered out. */
export type Exchange = (request: Uint8Array, options: ExchangeOptions) => Promise<Uint8Array>;

export interface PgliteConnection {
  /** Where the database lives: 'opfs-ahp', 'idb' or 'memory'. */
  readonly storage: string;
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

/**
 * Collects PGlite's reply chunks into one buffer of its own. The chunks are views of
 * PGlite's wasm memory, reused by the next write: each is copied once, here.
 */
export class ReplyBuffer {
  private bytes = new Uint8Array(0);
  private length = 0;

  readonly add = (chunk: Uint8Array): void => {
    if (this.length + chunk.length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.length + chunk.length, this.bytes.length * 2, 4096));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length += chunk.length;
  };

  /** The reply so far: a view of this buffer's own memory (transferable as a whole). */
  reply(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

const PORTAL_SUSPENDED = [0x73, 0, 0, 0, 4];

/**
 * Whether a reply to Execute + Flush stopped at the row limit. Its last message is then
 * PortalSuspended; every other ending (CommandComplete, ErrorResponse, a notice, ...)
 * ends with a string's 0 byte or is a message that is not 's', so five bytes decide.
 */
export function endsSuspended(reply: Uint8Array): boolean {
  const at = reply.length - PORTAL_SUSPENDED.length;
  return at >= 0 && PORTAL_SUSPENDED.every((byte, i) => reply[at + i] === byte);
}

/**
 * One exchange with PGlite: the same call PGlite's own query() makes, with our bytes.
 * The reply is a view of a buffer of its own (the whole of it can be transferred).
 */
export async function exchangeWith(db: PGlite, request: Uint8Array, options: ExchangeOptions): Promise<Uint8Array> {
  const reply = new ReplyBuffer();
  const then = options.unlessSuspended;
  await db.execProtocolRawStream(request, { syncToFs: then ? false : options.syncToFs, onRawData: reply.add });
  if (then && !endsSuspended(reply.reply())) await db.execProtocolRawStream(then, { syncToFs: options.syncToFs, onRawData: reply.add });
  return reply.reply();
}

/** PGlite in this thread. Its query mutex keeps PGlite's own calls from coming between ours. */
export class InProcessConnection implements PgliteConnection {
  constructor(
    private readonly db: PGlite,
    readonly storage: string,
  ) {}

  exclusive<T>(work: (exchange: Exchange) => Promise<T>): Promise<T> {
    return this.db._runExclusiveQuery(() => work((request, options) => exchangeWith(this.db, request, options)));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

/** Opens databases in this thread (see openPglite for `template` and `guard`). */
export function inProcessPglite(template?: TemplateSource, guard?: DataDirGuard): ConnectPglite {
  return async (config) => {
    const { db, storage } = await openPglite(config, template, guard);
    return new InProcessConnection(db, storage);
  };
}
