/**
 * The kernel worker ↔ database worker protocol, types only. PGlite runs in its own
 * worker so that it starts (and runs queries) on the second core while Python starts
 * on the kernel's; binding `{name}` to `$N` stays in the kernel. Comlink carries the
 * calls; every answer is an `Answer`, because Comlink keeps only an error's message
 * and the kernel needs a Postgres error's SQLSTATE, position, detail and hint.
 */
import type { PgliteDatabaseConfig } from '../protocol';
import type { BindParam, PgTypeInfo, RawResult } from '../sql/executor';
import type { TimelineEntry } from '../timeline';

/** An error as it crosses the boundary. */
export interface CrossedError {
  readonly message: string;
  /** Present when the server raised it (a PostgresError). */
  readonly postgres?: {
    readonly sqlstate: string | undefined;
    readonly position: number | undefined;
    readonly detail: string | undefined;
    readonly hint: string | undefined;
  };
}

export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CrossedError };

export interface HostTimeline {
  /** `performance.timeOrigin` of the database worker, to move its entries onto another clock. */
  readonly origin: number;
  /** Its `ripple:` entries (workers/timeline.ts), on its own clock. */
  readonly entries: readonly TimelineEntry[];
}

/** What the database worker exposes: one database at a time, opened once. */
export interface DatabaseHost {
  open(config: PgliteDatabaseConfig): Promise<Answer<{ readonly description: string }>>;
  serverVersion(): Promise<Answer<string>>;
  query(text: string, params: readonly BindParam[]): Promise<Answer<RawResult>>;
  types(oids: readonly number[]): Promise<Answer<ReadonlyMap<number, PgTypeInfo>>>;
  /** Closes the database (flushing its files); the worker may be terminated after. */
  close(): Promise<Answer<null>>;
  /** Its start-up timeline so far (for `npm run bench`). */
  timeline(): HostTimeline;
}
