/**
 * The engines' floor: Pyodide and PGlite started the way Ripple starts them (Python from
 * the app's memory snapshot, its inflated copy kept in OPFS; PGlite in a worker of its own
 * from the app's template and patched wasm, loaded ahead), each in a bare worker, with no
 * app, kernel, notebook or store around them. What is left of a start-up once everything
 * Ripple adds is gone. The page, its workers and Node import this file.
 */

export type FloorEngine = 'python' | 'pglite';

/**
 * `?engines=`: one engine alone, `none` (a page with nothing to start: its first frame is
 * the browser's own floor), or both (the default, and for anything else).
 */
export function parseEngines(value: string | null): readonly FloorEngine[] {
  if (value === 'none') return [];
  return value === 'python' || value === 'pglite' ? [value] : ['python', 'pglite'];
}

/** Page → either worker. */
export type ToFloorWorker =
  /** Python: `x = 41`, answering x. PGlite: `select $1::int + 1` with `x` bound. */
  { readonly type: 'compute'; readonly x: number };

/** Either worker → page. Times are epoch milliseconds (timeOrigin + now). */
export type FromFloorWorker =
  | { readonly type: 'ready'; readonly engine: FloorEngine; readonly at: number }
  | { readonly type: 'value'; readonly engine: FloorEngine; readonly value: number }
  | { readonly type: 'failed'; readonly engine: FloorEngine; readonly message: string };

/** Start-up figures, ms since the floor page's navigation start. */
export interface FloorStartup {
  readonly engines: readonly FloorEngine[];
  /** Absent when that engine was not started. */
  readonly pyodideReadyMs?: number;
  readonly pgliteReadyMs?: number;
  /** The page's first frame after its script ran. */
  readonly pagePaintedMs: number;
  /** Python's x went through PGlite's query; the page has painted the 42. */
  readonly firstResultMs: number;
  readonly result: number;
}

export interface FloorApi {
  readonly started: Promise<FloorStartup>;
  /**
   * Whether Python's worker has kept its inflated snapshot in OPFS yet (it writes it after
   * Python has started): a warm reload measured before that would fetch it again.
   */
  snapshotKept(): Promise<boolean>;
}

declare global {
  interface Window {
    floor?: FloorApi;
  }
}
