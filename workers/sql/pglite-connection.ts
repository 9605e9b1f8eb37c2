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
   * middle of a statement (first rows handed over, the rest still to read) skips it.
   */
  readonly syncToFs: boolean;
}

/** One call into PostgreSQL: wire-protocol messages in, every byte it answered out. */
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

/** One exchange with PGlite: the same call PGlite's own query() makes, with our bytes. */
export async function exchangeWith(db: PGlite, request: Uint8Array, options: ExchangeOptions): Promise<Uint8Array> {
  const reply = new ReplyBuffer();
  await db.execProtocolRawStream(request, { syncToFs: options.syncToFs, onRawData: reply.add });
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
