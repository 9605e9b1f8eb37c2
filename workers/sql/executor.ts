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

export interface SqlExecutor {
  /** Safe to show: never contains a password. */
  readonly description: string;
  serverVersion(): Promise<string>;
  /** Runs ONE statement with its parameters. Throws PostgresError on a server error. */
  query(text: string, params: readonly BindParam[]): Promise<RawResult>;
  /** Type facts for these oids (cached; unknown oids are looked up, e.g. a new enum). */
  types(oids: readonly number[]): Promise<ReadonlyMap<number, PgTypeInfo>>;
  close(): Promise<void>;
}
