import { loadPyodide } from 'pyodide';
import { Kernel, type KernelEnvironment } from '../../workers/kernel';
import { PgliteExecutor } from '../../workers/sql/pglite-executor';
import { inProcessPglite } from '../../workers/sql/pglite-connection';
import { RemoteExecutor } from '../../workers/sql/remote-executor';
import { databaseOpener } from '../../workers/database-backends';
import { BrowserLikeWebSocket, startRemote, type TestRemote } from '../support/remote';
import { gunzipSync } from 'node:zlib';
import { pgliteTemplate } from '../../scripts/pglite-template';
import { pyodideSnapshot } from '../../scripts/pyodide-snapshot';
import type { CellError, CellOutput, CellSpec, CellStatus, DatabaseConfig, KernelEvent } from '../../workers/protocol';
import type { ResultLimits } from '../../workers/sql/decode';
import { decodeRows } from '../../workers/row-chunk';

/** A real kernel (real Pyodide, real in-memory PGlite) with every event recorded. */
export interface TestKernel {
  readonly kernel: Kernel;
  readonly events: KernelEvent[];
  /** performance.now() when each of `events` arrived. */
  readonly arrivals: number[];
  status(id: string): CellStatus | undefined;
  output(id: string): CellOutput | undefined;
  error(id: string): CellError | undefined;
  /** stdout+stderr of the cell's latest run. */
  stream(id: string): string;
  logs(id: string): string[];
  /** Rows of the cell's latest table output, as plain values. */
  rows(id: string): unknown[][] | undefined;
  /** Sets the cells and runs everything, like opening a notebook and pressing Run all. */
  load(cells: CellSpec[]): Promise<void>;
  /** Edits one cell and runs it, like Shift+Enter. */
  edit(cell: CellSpec, index: number): Promise<void>;
  /** Events since the given index. */
  since(mark: number): KernelEvent[];
}

/** The same initialised data directory the app ships, so tests skip initdb too. */
export async function testTemplate(): Promise<Blob> {
  return new Blob([new Uint8Array(await pgliteTemplate())]);
}

/** Both backends as the worker has them; in Node the WebSocket is `ws`, sending a browser's Origin. */
export const testDatabaseOpener = databaseOpener({
  pglite: (config) => PgliteExecutor.open(config, inProcessPglite(testTemplate)),
  remote: (config) => RemoteExecutor.open(config, { WebSocket: BrowserLikeWebSocket }),
});

export type Backend = 'pglite' | 'remote';
/** Suites that must give the same answers on both run once per backend. */
export const BACKENDS: readonly Backend[] = ['pglite', 'remote'];

export interface TestBackend {
  readonly config: DatabaseConfig;
  /** The server and proxy behind a remote backend. */
  readonly remote: TestRemote | undefined;
  stop(): Promise<void>;
}

/** A fresh, empty database: PGlite in memory, or a new PostgreSQL behind the real proxy. */
export async function startBackend(backend: Backend, options: { statementTimeoutMs?: number } = {}): Promise<TestBackend> {
  if (backend === 'pglite') return { config: { kind: 'pglite', storage: 'memory', name: 'test' }, remote: undefined, stop: async () => {} };
  const remote = await startRemote(options);
  return { config: remote.config, remote, stop: () => remote.stop() };
}

/** The Node kernel environment: real Pyodide, real PGlite from the app's template, remote PostgreSQL through `ws`. */
export function testEnvironment(overrides: Partial<KernelEnvironment> = {}): KernelEnvironment {
  return {
    loadPyodide: (options) => loadPyodide(options),
    openDatabase: testDatabaseOpener,
    now: () => performance.now(),
    ...overrides,
  };
}

/**
 * `snapshot`: start Python from the memory snapshot the app ships, as the browser does.
 * `database`: the config applied at start (default: PGlite in memory).
 * `paintsFirstRows`: as the app's page, which reports painting a large result's first rows.
 */
export async function startTestKernel(
  options: { snapshot?: boolean; resultLimits?: ResultLimits; database?: DatabaseConfig; paintsFirstRows?: boolean } = {},
): Promise<TestKernel> {
  const events: KernelEvent[] = [];
  const arrivals: number[] = [];
  const snapshot = options.snapshot ? gunzipSync(await pyodideSnapshot()) : undefined;
  const kernel = new Kernel(
    testEnvironment({
      loadPyodide: (loadOptions) => loadPyodide({ ...loadOptions, ...(snapshot ? { _loadSnapshot: snapshot } : {}) }),
      ...(options.resultLimits ? { resultLimits: options.resultLimits } : {}),
    }),
  );
  await kernel.init(options.paintsFirstRows ? { paintsFirstRows: true } : {}, (event) => {
    events.push(event);
    arrivals.push(performance.now());
  });
  await kernel.setDatabaseConfig(options.database ?? { kind: 'pglite', storage: 'memory', name: 'test' });

  const forCell = (id: string) => events.filter((e) => 'cellId' in e && e.cellId === id);
  const latestRun = (id: string) => {
    const all = forCell(id);
    const start = all.map((e) => e.type).lastIndexOf('run-start');
    return start < 0 ? all : all.slice(start);
  };
  const last = <T extends KernelEvent['type']>(id: string, type: T) =>
    latestRun(id).filter((e): e is Extract<KernelEvent, { type: T }> => e.type === type).at(-1);

  const harness: TestKernel = {
    kernel,
    events,
    arrivals,
    status: (id) => forCell(id).filter((e) => e.type === 'status').at(-1)?.status,
    output(id) {
      // A large table arrives as its first rows, then `output-rows` chunks: put it back together.
      const run = latestRun(id);
      const at = run.map((e) => e.type).lastIndexOf('output');
      const first = run[at];
      if (!first || first.type !== 'output') return undefined;
      if (first.output.type !== 'table') return first.output;
      const after = run.slice(at + 1);
      const more = after.flatMap((e) => (e.type === 'output-rows' ? decodeRows(e.chunk) : []));
      // First rows sent while the query ran, completed by an `end`; never completed, they are dropped.
      const end = after.flatMap((e) => (e.type === 'output-rows' && e.end ? [e.end] : [])).at(0);
      if (first.partial && !end) return undefined;
      if (more.length === 0 && !end) return first.output;
      return { ...first.output, table: { ...first.output.table, rows: [...first.output.table.rows, ...more], ...end } };
    },
    error: (id) => last(id, 'error')?.error,
    stream: (id) => latestRun(id).flatMap((e) => (e.type === 'stream' ? [e.text] : [])).join(''),
    logs: (id) => latestRun(id).flatMap((e) => (e.type === 'log' ? [e.text] : [])),
    rows(id) {
      const output = harness.output(id);
      return output?.type === 'table' ? output.table.rows.map((row) => [...row]) : undefined;
    },
    async load(cells) {
      await kernel.setCells(cells);
      await kernel.runAll();
    },
    async edit(cell, index) {
      await kernel.upsertCell(cell, index);
      await kernel.runCells([cell.id]);
    },
    since: (mark) => events.slice(mark),
  };
  return harness;
}

/** A test kernel on its own fresh database of `backend`; stop() ends both. */
export interface BackendKernel extends TestKernel {
  readonly database: TestBackend;
  stop(): Promise<void>;
}

export async function startBackendKernel(backend: Backend, options: { resultLimits?: ResultLimits; statementTimeoutMs?: number } = {}): Promise<BackendKernel> {
  const database = await startBackend(backend, options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {});
  const k = await startTestKernel({ database: database.config, ...(options.resultLimits ? { resultLimits: options.resultLimits } : {}) });
  return Object.assign(k, {
    database,
    async stop() {
      await k.kernel.shutdown();
      await database.stop();
    },
  });
}

export const py = (id: string, code: string): CellSpec => ({ id, kind: 'python', code });
export const sql = (id: string, code: string, resultName?: string): CellSpec => ({ id, kind: 'sql', code, ...(resultName ? { resultName } : {}) });
export const md = (id: string, code: string): CellSpec => ({ id, kind: 'markdown', code });
