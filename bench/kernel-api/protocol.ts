/** What the kernel-API bench page exposes to the orchestrator. Types only. */
export interface KernelBenchApi {
  /** Resolves once Python and the database are ready and `i = 41` has run. */
  readonly ready: Promise<{ description: string; databaseReadyMs: number }>;
  /**
   * Runs the SQL cell `SELECT {i} + 1 AS y` `count` times through the kernel API, as the
   * UI does (Comlink, events to a listener); ms per run, and the last value seen.
   */
  runSqlCell(count: number): Promise<{ samples: number[]; lastValue: string }>;
}

declare global {
  interface Window {
    kernelBench?: KernelBenchApi;
  }
}
