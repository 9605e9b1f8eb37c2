/**
 * Messages between the baseline page and its worker, and what the page exposes to the
 * bench orchestrator. Types only: the page, the worker and Node all import this file.
 */

/** `memory`: PGlite's default. `opfs-ahp`: what the app picks in a worker (durable). */
export type BaselineStorage = 'memory' | 'opfs-ahp';

export type ToWorker =
  | { readonly type: 'start'; readonly storage: BaselineStorage; readonly name: string }
  /** `x = N` in Python, then `select $1::int + 1` with Python's x bound. */
  | { readonly type: 'assign-query'; readonly id: number; readonly x: number }
  /** `count` bound queries in a loop inside the worker, each timed there. */
  | { readonly type: 'query-loop'; readonly id: number; readonly count: number }
  /** One bound query, answered at once: the page times the message round trip. */
  | { readonly type: 'query'; readonly id: number }
  /** A large result, sent to the page as arrays of values. */
  | { readonly type: 'rows'; readonly id: number; readonly sql: string }
  /** Every URL the worker loaded (its script, Pyodide's and PGlite's files): what an offline copy needs. */
  | { readonly type: 'resources'; readonly id: number };

export type FromWorker =
  | {
      readonly type: 'started';
      /** Epoch milliseconds (timeOrigin + now), so the page can put them on its own clock. */
      readonly pyodideReadyAt: number;
      readonly pgliteReadyAt: number;
      readonly resultAt: number;
      readonly result: number;
      readonly pythonVersion: string;
    }
  | { readonly type: 'answer'; readonly id: number; readonly value: number }
  | { readonly type: 'loop'; readonly id: number; readonly samples: number[] }
  | { readonly type: 'rows'; readonly id: number; readonly rows: unknown[][]; readonly queryMs: number }
  | { readonly type: 'resources'; readonly id: number; readonly urls: string[] }
  | { readonly type: 'failed'; readonly message: string };

/** Startup figures, in ms since navigation start of the baseline page. */
export interface BaselineStartup {
  readonly storage: BaselineStorage;
  readonly pyodideReadyMs: number;
  readonly pgliteReadyMs: number;
  /** The worker has 42; the page has painted it. */
  readonly firstResultMs: number;
  readonly result: number;
}

export interface BaselineApi {
  /** Resolves once the worker has answered the first query. */
  readonly started: Promise<BaselineStartup>;
  /**
   * With `?offline=1`: after the first result, the files the page and its worker loaded
   * are handed to a service worker (bench/baseline/sw.ts); resolves true once it controls
   * the page. Resolves false without `?offline=1`.
   */
  readonly savedForOffline: Promise<boolean>;
  /** Page-measured round trips of `assign-query`, ms each. */
  assignQuery(count: number): Promise<number[]>;
  /** Worker-measured query times, ms each. */
  queryLoop(count: number): Promise<number[]>;
  /** Page-measured round trips of one query each, ms each. */
  queryRoundTrips(count: number): Promise<number[]>;
  /**
   * Page-measured time from asking to having the rows in the page, the part spent in
   * PGlite, how many, and their values' size as decoded (`valueBytes`).
   */
  rows(sql: string): Promise<{ ms: number; queryMs: number; rows: number; valueBytes: number }>;
}

declare global {
  interface Window {
    baseline?: BaselineApi;
  }
}
