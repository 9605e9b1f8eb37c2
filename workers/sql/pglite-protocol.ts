/**
 * The kernel worker <-> PGlite worker protocol. Types only: the kernel side
 * (pglite-client.ts) and the PGlite side (pglite-server.ts) import this file, and
 * nothing here exists at run time. The kernel is the PGlite worker's only client.
 *
 * Every request carries an id; its one reply carries the same id. Bytes cross as
 * transferred ArrayBuffers, never as cloned rows: the kernel decodes them (wire.ts).
 */
import type { PgliteDatabaseConfig } from '../protocol';

export type ToPglite =
  /**
   * Opens the worker's one database (storage, template, version guard, retries:
   * pglite-open.ts). `shared`: exchanges may also come through this buffer (pglite-shared.ts).
   */
  | { readonly type: 'open'; readonly id: number; readonly config: PgliteDatabaseConfig; readonly shared?: SharedArrayBuffer }
  /** A request waits in the shared buffer and the worker was not watching it. No reply of its own. */
  | { readonly type: 'wake'; readonly id: number }
  /**
   * Wire-protocol messages to run in one call into PostgreSQL, and `unlessSuspended` in a
   * second unless the first stopped at a suspended portal. `syncToFs`: flush the file
   * system before answering (see ExchangeOptions in pglite-connection.ts).
   */
  | { readonly type: 'exchange'; readonly id: number; readonly request: ArrayBuffer; readonly syncToFs: boolean; readonly unlessSuspended?: ArrayBuffer }
  /** Flushes and closes the database; the worker can then be terminated. */
  | { readonly type: 'close'; readonly id: number };

export type FromPglite =
  | { readonly type: 'opened'; readonly id: number; readonly storage: string; readonly serverVersion: string }
  /**
   * The next bytes of a large exchange's reply, sent while PostgreSQL still writes the
   * rest (the kernel decodes meanwhile): the first `length` bytes of `part`, transferred.
   * The exchange's `reply` (or `failed`) follows.
   */
  | { readonly type: 'part'; readonly id: number; readonly part: ArrayBuffer; readonly length: number }
  /**
   * The end of an exchange's reply (all of it, unless parts came first): the first
   * `length` bytes of `reply` (a transferred buffer, possibly longer).
   * For a request made through the shared buffer, only when the reply did not fit there
   * or the kernel stopped waiting for it there.
   */
  | { readonly type: 'reply'; readonly id: number; readonly reply: ArrayBuffer; readonly length: number }
  | { readonly type: 'closed'; readonly id: number }
  /**
   * The request failed outside PostgreSQL's own protocol (a SQL error is an ErrorResponse
   * inside a reply): the open was refused, the database is not open, PGlite threw.
   * `message` is shown to the user as it is, `name` helps tell causes apart.
   */
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly name: string };
