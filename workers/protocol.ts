/**
 * The whole UI <-> kernel protocol. Types only: both the Solid UI and the kernel
 * worker import this file, and nothing here exists at run time.
 */

/** The one list of cell kinds; runtime lists derive from it (see workers/cell-kinds.ts). */
export type CellKind = 'python' | 'sql' | 'markdown';

export interface CellSpec {
  readonly id: string;
  readonly kind: CellKind;
  readonly code: string;
  /** SQL cells only: the Python variable that receives the result. */
  readonly resultName?: string;
}

/**
 * Where a notebook's SQL runs. Each notebook keeps its own. The kernel validates every
 * config it receives (see workers/database-config.ts): a malformed one is an error,
 * never a fallback to another database.
 */
export type DatabaseConfig = PgliteDatabaseConfig | RemoteDatabaseConfig;

export interface PgliteDatabaseConfig {
  readonly kind: 'pglite';
  /**
   * `memory`: nothing persisted (tests). `idb`: IndexedDB. `opfs-ahp`: Origin Private
   * File System through sync access handles (module workers only).
   * `auto` picks the fastest durable backend the environment has.
   */
  readonly storage: 'auto' | 'memory' | 'idb' | 'opfs-ahp';
  /** A name unique to the notebook, so each notebook has its own database. */
  readonly name: string;
}

/** A real PostgreSQL server, reached through the WebSocket proxy this repo ships (`proxy/`). */
export interface RemoteDatabaseConfig {
  readonly kind: 'remote';
  /**
   * The line the proxy printed: `ws://127.0.0.1:5480/?token=…` (or `wss://` behind TLS).
   * The scheme decides whether the WebSocket is encrypted; the token is a secret.
   */
  readonly proxyUrl: string;
  /**
   * `postgresql://user:password@host:port/db` (or `postgres://`), with host and port as
   * the proxy sees the server (port 5432 when left out). Holds the password: never shown.
   */
  readonly connectionString: string;
  /** Optional server-side limit per statement (PostgreSQL's statement_timeout); 0 or absent: none. */
  readonly statementTimeoutMs?: number;
}

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stale' | 'blocked';

export type KernelState = 'starting' | 'ready' | 'busy' | 'restarting' | 'dead';

/** A Postgres result column: name and type, so the UI can align and format. */
export interface SqlColumn {
  readonly name: string;
  readonly typeOid: number;
  /** `int4`, `numeric`, `_text` (array of text), ... as in pg_type.typname. */
  readonly typeName: string;
}

/**
 * A value of a SQL result as the kernel sends it (see docs in workers/sql/decode.ts):
 * int2/int4/float -> number, int8 -> bigint (exact beyond 2^53), numeric -> string
 * (exact), date/time/timestamp(tz) -> string as Postgres printed it (no time-zone
 * shift), json -> parsed JSON, bytea -> Uint8Array, arrays -> arrays, NULL -> null.
 */
export type SqlValue = null | boolean | number | bigint | string | Uint8Array | JsonValue | readonly SqlValue[];
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface SqlTable {
  readonly columns: readonly SqlColumn[];
  readonly rows: readonly (readonly SqlValue[])[];
  /** Rows the query returned; equals rows.length unless the result was capped. */
  readonly rowCount: number;
  /** The command tag, for example `SELECT 2` or `INSERT 0 3`. */
  readonly command: string;
}

/**
 * Rows of a table column by column (see workers/row-chunk.ts): a few objects per chunk
 * for the page to decode and keep, however many rows it holds. Each column is the most
 * compact kind that holds all its values; `nulls` marks NULLs (1) and is absent when
 * there are none.
 */
export interface RowChunk {
  readonly length: number;
  readonly columns: readonly ColumnChunk[];
}

export type ColumnChunk =
  | { readonly kind: 'number'; readonly values: Float64Array; readonly nulls?: Uint8Array }
  /** 1 true, 0 false. */
  | { readonly kind: 'boolean'; readonly values: Uint8Array; readonly nulls?: Uint8Array }
  /**
   * The values' UTF-16 code units one after another, in a typed array (outside V8's heap,
   * see workers/row-chunk.ts): as bytes when every unit is under 256 (Latin-1), else as
   * 16-bit units. `ends[i]` is where value i ends.
   */
  | { readonly kind: 'text'; readonly units: Uint8Array | Uint16Array; readonly ends: Uint32Array; readonly nulls?: Uint8Array }
  /** 64-bit integers (int8), exactly: kept one by one, each was a heap object on the page. */
  | { readonly kind: 'bigint'; readonly values: BigInt64Array; readonly nulls?: Uint8Array }
  /**
   * JSON and arrays (with strings, numbers and booleans beside them) as their JSON texts,
   * laid out as text is; each value is parsed when read. Only values JSON holds exactly.
   */
  | { readonly kind: 'json'; readonly units: Uint8Array | Uint16Array; readonly ends: Uint32Array; readonly nulls?: Uint8Array }
  /** Anything else (bigint beyond 64 bits, bytea, -0 or NaN inside an array, mixed kinds), value by value. */
  | { readonly kind: 'values'; readonly values: readonly SqlValue[] };

/** The image types Python output may carry (as base64, shown as a `data:` URL). */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif';

/**
 * What a cell shows. Python values pick the richest of their representations (the
 * IPython display protocol, workers/python/ripple_display.py).
 */
export type CellOutput =
  | { readonly type: 'text'; readonly text: string }
  /** Shown in a sandboxed frame with an opaque origin: no script of it runs. */
  | { readonly type: 'html'; readonly html: string }
  | { readonly type: 'table'; readonly table: SqlTable }
  /** SVG markup, shown in the same sandbox as HTML. */
  | { readonly type: 'svg'; readonly svg: string }
  | { readonly type: 'image'; readonly mime: ImageMime; readonly base64: string }
  /** Rendered and sanitized like a Markdown cell. */
  | { readonly type: 'markdown'; readonly markdown: string }
  /** TeX, rendered with KaTeX. */
  | { readonly type: 'latex'; readonly latex: string }
  | { readonly type: 'json'; readonly json: JsonValue }
  /** A Vega-Lite spec, as JSON text. */
  | { readonly type: 'vegalite'; readonly spec: string }
  /**
   * A Markdown cell's `{name}` values: `str()` of each referenced Python variable, keyed
   * by name (truncated), or `missing` when the namespace has no such name.
   */
  | { readonly type: 'markdown-values'; readonly values: Readonly<Record<string, MarkdownValue>> };

export type MarkdownValue = { readonly text: string; readonly truncated?: boolean } | { readonly missing: true };

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** 0-based UTF-16 offset in the cell source. */
  readonly offset: number;
}

export type CellError =
  | {
      readonly kind: 'python';
      readonly ename: string;
      readonly evalue: string;
      /** Formatted like Python's, with only the user's frames; cell files are named `Cell N`. */
      readonly traceback: string;
      /** The failing line in this cell, when the error happened in this cell. */
      readonly line?: number;
    }
  | {
      readonly kind: 'sql';
      readonly message: string;
      readonly sqlstate?: string;
      readonly detail?: string;
      readonly hint?: string;
      /** Where in the cell, as the user wrote it (with `{name}`). */
      readonly position?: SourcePosition;
    }
  /** A `{name}` that could not be bound: missing, or of a type SQL cannot take. */
  | { readonly kind: 'bind'; readonly message: string; readonly name: string }
  /** Multiple definitions or a cycle; the cell does not run until fixed. */
  | { readonly kind: 'graph'; readonly message: string }
  | { readonly kind: 'interrupted'; readonly message: string }
  | { readonly kind: 'kernel'; readonly message: string };

export type StatusReason =
  | { readonly kind: 'multiple-definitions'; readonly name: string; readonly otherCells: readonly { readonly id: string; readonly index: number }[] }
  | { readonly kind: 'cycle'; readonly cycle: readonly string[] }
  | { readonly kind: 'upstream-error'; readonly upstream: string };

export interface SqlWarning {
  readonly message: string;
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

export type KernelEvent =
  | { readonly type: 'kernel-state'; readonly state: KernelState; readonly message?: string }
  | {
      readonly type: 'status';
      readonly cellId: string;
      readonly status: CellStatus;
      readonly reason?: StatusReason;
      /** Set when a run ends (done or error). */
      readonly elapsedMs?: number;
    }
  /** A run starts: the UI clears the cell's previous streams, output and error. */
  | { readonly type: 'run-start'; readonly cellId: string }
  | { readonly type: 'stream'; readonly cellId: string; readonly name: 'stdout' | 'stderr'; readonly text: string }
  /** The executed SQL with `$k` and its parameter values. */
  | { readonly type: 'log'; readonly cellId: string; readonly text: string }
  | { readonly type: 'warnings'; readonly cellId: string; readonly warnings: readonly SqlWarning[] }
  /**
   * `partial`: the first rows of a SQL result the database is still reading, sent while the
   * cell runs. An `output-rows` with `end` completes it; if the run ends without one (an
   * error, an interrupt, a newer run), the page drops it. A page that said
   * `paintsFirstRows` answers it with `firstRowsPainted` once they are on screen.
   */
  | { readonly type: 'output'; readonly cellId: string; readonly output: CellOutput; readonly partial?: true }
  /**
   * More rows of the table the cell's last `output` began. A large table arrives in chunks
   * (sizes in output-chunks.ts), column by column, so that no page task decodes it
   * whole and the page keeps a few objects per chunk rather than several per row; the cell's
   * end status comes after the last chunk. `end` completes a partial table: its final row
   * count and command tag.
   */
  | {
      readonly type: 'output-rows';
      readonly cellId: string;
      readonly chunk: RowChunk;
      readonly end?: { readonly rowCount: number; readonly command: string };
    }
  /** One `display()` of a running Python cell, in order with its streamed text. */
  | { readonly type: 'display'; readonly cellId: string; readonly output: CellOutput }
  | { readonly type: 'error'; readonly cellId: string; readonly error: CellError };

export type KernelEventListener = (event: KernelEvent) => void;

/**
 * One message on the event port: the events the kernel had ready, in order. A run's events
 * go out in one batch per cell (sent before the cell's code runs, so a long cell shows as
 * running) and one at its end, not one message per event: each message is a task of the
 * page, with its own store update and DOM work.
 */
export type KernelEventBatch = readonly KernelEvent[];

export interface KernelInitOptions {
  /**
   * Present when the page is cross-origin isolated. The UI writes 2 (SIGINT) into it
   * to interrupt Python without losing the namespace.
   */
  readonly interruptBuffer?: SharedArrayBuffer;
  /** Where Pyodide's runtime files are served from (browser only). */
  readonly pyodideIndexURL?: string;
  /**
   * The page calls `firstRowsPainted` once it has painted a `partial` output, and the
   * kernel reads the rest of that result only then (or after a short limit), so that the
   * page draws its first rows with the machine to itself (workers/first-rows-paint.ts).
   */
  readonly paintsFirstRows?: boolean;
}

export interface KernelInfo {
  readonly pythonVersion: string;
  readonly pyodideVersion: string;
  readonly pyodideReadyMs: number;
  readonly interruptible: boolean;
  /** The app version the worker was built as (browser); the page checks it matches its own. */
  readonly appVersion?: string;
}

export interface DatabaseInfo {
  /** Safe to show: never contains a password. */
  readonly description: string;
  readonly serverVersion: string;
  readonly readyMs: number;
}

/** What "Test connection" found, through a throwaway connection. Safe to show. */
export type DatabaseTestResult =
  | {
      readonly ok: true;
      /** `server_version` as the server reports it, e.g. `17.5`. */
      readonly serverVersion: string;
      /** One `SELECT 1` on the open connection, through the proxy and back. */
      readonly roundTripMs: number;
      /** Opening the connection: WebSocket, startup and password authentication. */
      readonly connectMs: number;
      readonly description: string;
    }
  /** The exact reason, with the password and the proxy token removed. */
  | { readonly ok: false; readonly message: string };

/** Tables and columns of the notebook's database, for SQL autocompletion. */
export interface DatabaseSchema {
  readonly tables: readonly {
    readonly schema: string;
    readonly name: string;
    readonly columns: readonly { readonly name: string; readonly type: string }[];
  }[];
}

/**
 * A chart of a large SQL result, grouped and aggregated by the database: the cell's
 * statement wrapped in `SELECT x, [color,] agg(y) … GROUP BY`. Names are result columns.
 */
export interface ChartAggregateRequest {
  readonly x: string;
  /** Absent for `count`. */
  readonly y?: string;
  readonly color?: string;
  readonly aggregate: 'count' | 'sum' | 'mean' | 'min' | 'max';
  /**
   * A histogram: x (a number) goes into at most this many equal bins of a round width
   * (1, 2 or 5 × 10^k) and rows are counted per bin; `aggregate` is then `count`.
   */
  readonly bins?: number;
}

/**
 * Columns x, [color,] value (float8, or int8 for count); binned: x, x_end (each bin's
 * start and end, float8), [color,] value. A failure says why, safe to show.
 */
export type ChartAggregateResult = { readonly ok: true; readonly table: SqlTable } | { readonly ok: false; readonly message: string };

/**
 * Where the kernel sends its events: a function (in the same thread: tests), or a
 * MessagePort the page listens on (transferred with init). A port carries them as
 * KernelEventBatch messages; a function gets them one by one, in the same order (proxied
 * by Comlink, it would also send a reply back for every event).
 */
export type KernelEventTarget = KernelEventListener | MessagePort;

/** What the worker exposes through Comlink. Every method is async across the boundary. */
export interface KernelApi {
  init(options: KernelInitOptions, events: KernelEventTarget): Promise<KernelInfo>;
  /** Replace all cells (notebook load). Cells keep their previous results only if unchanged. */
  setCells(cells: readonly CellSpec[]): Promise<void>;
  /** Add or update one cell; `index` is its position in the notebook. */
  upsertCell(cell: CellSpec, index: number): Promise<void>;
  deleteCell(id: string): Promise<void>;
  /** Run these cells and everything downstream; resolves when the run queue drains. */
  runCells(ids: readonly string[]): Promise<void>;
  runAll(): Promise<void>;
  /** The page has painted the first rows of the cell's result (see `paintsFirstRows`). */
  firstRowsPainted(cellId: string): Promise<void>;
  /**
   * Validates and applies the notebook's database at once; SQL results from a previous
   * database go stale. Rejects with a message that is safe to show (no password or
   * token) when the config is malformed or the database cannot be opened; SQL cells
   * then say the same, and the next one tries to open it again.
   */
  setDatabaseConfig(config: DatabaseConfig): Promise<DatabaseInfo>;
  /**
   * Opens a throwaway connection to a remote database without applying it (the settings
   * panel's "Test connection"). Never rejects: a failure is `{ ok: false, message }`.
   */
  testDatabase(config: RemoteDatabaseConfig): Promise<DatabaseTestResult>;
  /**
   * Cancels queued cells; the running Python cell is stopped through the interrupt buffer,
   * and a running remote query by a PostgreSQL CancelRequest through the proxy.
   */
  interrupt(): Promise<void>;
  /** User tables and views with their columns (not pg_catalog or information_schema). */
  schema(): Promise<DatabaseSchema>;
  /**
   * The notebook's database as plain SQL (schemas, types, sequences, tables and their
   * data, constraints, indexes, views) that replays into an empty PostgreSQL.
   */
  dumpDatabase(): Promise<string>;
  /**
   * Runs a SQL cell's only statement (a query) wrapped in a GROUP BY, with the same `{name}`
   * values bound as a run would bind now. Never rejects; nothing is stored or emitted.
   */
  aggregateForChart(cellId: string, request: ChartAggregateRequest): Promise<ChartAggregateResult>;
  /** Names in the Python namespace, for `{name}` completion in SQL cells. */
  variables(): Promise<string[]>;
  shutdown(): Promise<void>;
}
