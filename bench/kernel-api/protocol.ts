import type { DatabaseConfig, DatabaseInfo, DatabaseTestResult, RemoteDatabaseConfig } from '../../workers/protocol';

/**
 * What the kernel-API bench page exposes to the orchestrator. Types only.
 * `kernel-api.html?database=none` starts without a database (the remote scenario gives it one).
 */
export interface KernelBenchApi {
  /** Resolves once Python and the database are ready and `i = 41` has run. */
  readonly ready: Promise<{ description: string; databaseReadyMs: number }>;
  /**
   * Runs the SQL cell `SELECT {i} + 1 AS y` `count` times through the kernel API, as the
   * UI does (Comlink, events to a listener); ms per run, and the last value seen.
   */
  runSqlCell(count: number): Promise<{ samples: number[]; lastValue: string }>;
  /** Runs a SQL cell of this code `count` times; ms per run, and the row count of the last result. */
  runSql(code: string, count: number): Promise<{ samples: number[]; rowCount: number; lastValue: string }>;
  setDatabase(config: DatabaseConfig): Promise<DatabaseInfo>;
  testDatabase(config: RemoteDatabaseConfig): Promise<DatabaseTestResult>;
}

declare global {
  interface Window {
    kernelBench?: KernelBenchApi;
  }
}
