/**
 * The SQL executor interface. PGlite (in the worker) is one implementation; a remote
 * PostgreSQL reached through the WebSocket proxy is another. The kernel only sees this.
 */

/** A bind parameter in Postgres text format with an explicit type (0 = let the server infer). */
export interface BindParam {
  readonly typeOid: number;
  readonly text: string | null;
}

export interface RawField {
  readonly name: string;
  readonly typeOid: number;
}

/** A result as the server sent it: every value in text format, decoded later by oid. */
export interface RawResult {
  readonly fields: readonly RawField[];
  readonly rows: readonly (readonly (string | null)[])[];
  /** The command tag, e.g. `SELECT 2`, `INSERT 0 3`, `CREATE TABLE`. */
  readonly command: string;
}

/** pg_type facts the decoder needs. */
export interface PgTypeInfo {
  readonly oid: number;
  readonly name: string;
  /** Element type for arrays, 0 otherwise. */
  readonly elementOid: number;
  /** pg_type.typcategory: 'A' array, 'N' numeric, 'D' date/time, ... */
  readonly category: string;
  readonly delimiter: string;
}

/** A Postgres error with the fields users need; `position` is 1-based in characters. */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly sqlstate: string | undefined,
    readonly position: number | undefined,
    readonly detail: string | undefined,
    readonly hint: string | undefined,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

/**
 * A driver's error as a PostgresError when the server sent it (it has a SQLSTATE `code`);
 * other errors pass through. Both PGlite and node-postgres name the fields this way.
 * `redact` cleans every text that came from the server or the driver.
 */
export function toPostgresError(error: unknown, redact: (text: string) => string = (text) => text): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const e = error as Error & { code?: unknown; position?: unknown; detail?: unknown; hint?: unknown };
  if (typeof e.code !== 'string') return redact(e.message) === e.message ? error : new Error(redact(e.message));
  const position = e.position === undefined || e.position === null ? undefined : Number(e.position);
  return new PostgresError(
    redact(e.message),
    e.code,
    Number.isFinite(position) ? position : undefined,
    typeof e.detail === 'string' ? redact(e.detail) : undefined,
    typeof e.hint === 'string' ? redact(e.hint) : undefined,
  );
}

/**
 * Asks for a result's first rows as soon as the server has them, before the rest is
 * read: the page can show a large result's start while it arrives.
 */
export interface FirstRowsRequest {
  readonly rows: number;
  /**
   * Called at most once, and only when more rows follow. `types` covers every column (an
   * executor that would have to look a type up first does not call it). The rest is read
   * once what it returns has settled: the kernel holds it while the page paints.
   */
  readonly onFirstRows: (first: RawResult, types: ReadonlyMap<number, PgTypeInfo>) => void | Promise<void>;
}

export interface SqlExecutor {
  /** Safe to show: never contains a password. */
  readonly description: string;
  serverVersion(): Promise<string>;
  /**
   * Runs ONE statement with its parameters. Throws PostgresError on a server error.
   * `firstRows` may be ignored: the remote executor reads every row first.
   */
  query(text: string, params: readonly BindParam[], firstRows?: FirstRowsRequest): Promise<RawResult>;
  /** Type facts for these oids (cached; unknown oids are looked up, e.g. a new enum). */
  types(oids: readonly number[]): Promise<ReadonlyMap<number, PgTypeInfo>>;
  /**
   * Asks the server to stop the running query, which then fails with SQLSTATE 57014.
   * Absent where a query cannot be stopped from outside (PGlite has no cancel: a statement runs to its end).
   */
  cancel?(): Promise<void>;
  close(): Promise<void>;
}
