import type { CellError, ChartAggregateRequest, ChartAggregateResult, CellOutput, CellSpec, DatabaseConfig, DatabaseInfo, DatabaseSchema, DatabaseTestResult, KernelApi, KernelEventTarget, KernelInfo, KernelInitOptions, RemoteDatabaseConfig } from './protocol';
import { Scheduler } from './graph/scheduler';
import { lastChangePerCell } from './graph/status';
import { PythonRuntime, type LoadPyodide } from './python/runtime';
import { shownWarnings, type BindResult } from './sql/binder';
import type { SqlExecutor } from './sql/executor';
import { DEFAULT_RESULT_LIMITS, runSqlCell } from './sql/sql-cell';
import type { ResultLimits } from './sql/decode';
import { readSchema } from './sql/catalog';
import { dumpDatabase } from './sql/sql-dump';
import { runChartAggregate } from './sql/aggregate-query';
import { StreamBatcher } from './stream-batcher';
import { FIRST_ROWS } from './output-chunks';
import { deliver, KernelEvents } from './kernel-events';
import { DatabaseSlot } from './database-slot';
import type { CellRecord } from './cell-record';
import { CellTable, type TableChange } from './cell-table';
import { secretsOf } from './database-config';
import { testDatabase } from './database-test';
import { redactMessage } from './redact';
import { interruptedError, isCancelledQuery, missingNameMessage, pythonOutcome, syntaxCellError, type CellOutcome } from './cell-messages';
import { measureRunPart, measureSince, startRunTimeline } from './timeline';
import { takeSigint } from './python/interrupt-buffer';
import { compilable, IdlePrecompiler } from './idle-precompile';
import { FirstRowsPaint } from './first-rows-paint';
import { StartupOver } from './startup-over';

/** What the kernel needs from its host: the browser worker, or Node in tests. */
export interface KernelEnvironment {
  readonly loadPyodide: LoadPyodide;
  readonly openDatabase: (config: DatabaseConfig) => Promise<SqlExecutor>;
  readonly now: () => number;
  /** The app version this kernel was built as, reported by init(). */
  readonly appVersion?: string;
  /** How much of one SQL result is kept; defaults to DEFAULT_RESULT_LIMITS. */
  readonly resultLimits?: ResultLimits;
  /** Called once the kernel's start-up is over (startup-over.ts): its first run ended, or none came. */
  readonly startupOver?: () => void;
}

/** The SQL cell being run, so that interrupt() can cancel its query on the server. */
interface SqlRun {
  executor: SqlExecutor | undefined;
  cancelled: boolean;
  /** How many rows of the result went to the page while the query ran. */
  partialRows?: number;
}

/**
 * The kernel: cells, the reactive graph, Pyodide and the SQL executor. A plain class,
 * so tests drive it in Node; the worker entry only exposes it through Comlink.
 */
export class Kernel implements KernelApi {
  private readonly events = new KernelEvents((id) => this.labelOf(id));
  private pythonReady: Promise<PythonRuntime> | undefined;
  /** Set once Python has started: the cell methods wait for that before they touch cells. */
  private runtime: PythonRuntime | undefined;
  private readonly cells = new CellTable((code) => {
    if (!this.runtime) throw new Error('Python is not ready: cells are analysed once it is.');
    return this.runtime.analyze(code);
  });
  private readonly scheduler = new Scheduler();
  private draining: Promise<void> | undefined;
  private interruptFlag: Int32Array | undefined;
  private sqlRun: SqlRun | undefined;
  private readonly database: DatabaseSlot;
  private readonly precompiler = new IdlePrecompiler((cell) => this.runtime?.precompile(cell.code, cell.id), () => this.draining !== undefined);
  /** Set when the page reports painting a large result's first rows (`paintsFirstRows`). */
  private paints: FirstRowsPaint | undefined;
  private readonly startup = new StartupOver(() => this.env.startupOver?.(), () => this.draining !== undefined);

  constructor(private readonly env: KernelEnvironment) {
    this.database = new DatabaseSlot(env.openDatabase);
  }

  async init(options: KernelInitOptions, events: KernelEventTarget): Promise<KernelInfo> {
    this.events.listen(typeof events === 'function' ? (batch) => batch.forEach((event) => deliver(events, event)) : (batch) => events.postMessage(batch));
    this.events.emit({ type: 'kernel-state', state: 'starting' });
    const started = this.env.now();
    const startedAt = performance.now(); // the timeline's clock, whatever env.now is
    if (options.interruptBuffer) this.interruptFlag = new Int32Array(options.interruptBuffer);
    if (options.paintsFirstRows) this.paints = new FirstRowsPaint();
    this.pythonReady = PythonRuntime.start(this.env.loadPyodide, {
      ...(options.pyodideIndexURL ? { indexURL: options.pyodideIndexURL } : {}),
      ...(options.interruptBuffer ? { interruptBuffer: options.interruptBuffer } : {}),
    }).then((python) => (this.runtime = python));
    try {
      const python = await this.pythonReady;
      const pyodideReadyMs = this.env.now() - started;
      measureSince('kernel: init until Python ready', startedAt);
      this.startup.pythonReady();
      this.events.state('ready');
      this.events.flush();
      return {
        pythonVersion: python.version.python,
        pyodideVersion: python.version.pyodide,
        pyodideReadyMs,
        interruptible: python.interruptible,
        ...(this.env.appVersion ? { appVersion: this.env.appVersion } : {}),
      };
    } catch (error) {
      this.events.emit({ type: 'kernel-state', state: 'dead', message: `Python failed to start: ${String(error)}` });
      this.events.flush();
      throw error;
    }
  }

  private python(): Promise<PythonRuntime> {
    if (!this.pythonReady) throw new Error('The kernel is not initialised: call init() first.');
    return this.pythonReady;
  }

  // --- cells -----------------------------------------------------------------

  async setCells(cells: readonly CellSpec[]): Promise<void> {
    await this.python();
    this.applyTable(this.cells.setAll(cells));
    // A notebook opening (or a restart's restore): its run waits for the database.
    this.precompiler.start(this.cells.order, (id) => compilable(this.cells.get(id)));
  }

  async upsertCell(cell: CellSpec, index: number): Promise<void> {
    await this.python();
    this.applyTable(this.cells.upsert(cell, index));
  }

  async deleteCell(id: string): Promise<void> {
    await this.python();
    this.applyTable(this.cells.delete(id), false);
  }

  /** `regraph`: the order or a source changed, so the graph is rebuilt (a deletion is not: removeCell did it). */
  private applyTable(change: TableChange, regraph = true): void {
    const orphaned = new Set(change.orphaned);
    for (const id of change.removed) {
      const { orphanedNames, changes } = this.scheduler.removeCell(id);
      orphanedNames.forEach((name) => orphaned.add(name));
      this.events.changes(changes);
    }
    // Names no cell defines any more must not linger: a cell using them should fail.
    this.runtime?.forget([...orphaned], change.removed);
    if (regraph) this.applyGraph(change.edited);
    this.events.flush();
  }

  private applyGraph(edited: readonly string[]): void {
    const nodes = this.cells.nodes();
    const changes = [...this.scheduler.setCells(nodes)];
    for (const id of edited) changes.push(...this.scheduler.markEdited(id));
    this.events.changes(lastChangePerCell(changes));
  }

  // --- running -----------------------------------------------------------------

  async runCells(ids: readonly string[]): Promise<void> {
    await this.python();
    this.events.changes(this.scheduler.requestRun(ids.filter((id) => this.cells.has(id))));
    return this.drain();
  }

  async runAll(): Promise<void> {
    // Read the order only once Python is ready: cell edits sent before this call are
    // still waiting for it too, and must be in the order that runs.
    await this.python();
    return this.runCells(this.cells.order);
  }

  async firstRowsPainted(cellId: string): Promise<void> {
    this.paints?.painted(cellId);
  }

  async interrupt(): Promise<void> {
    this.paints?.releaseAll();
    try {
      await this.cancelRun();
    } finally {
      this.events.flush();
    }
  }

  private async cancelRun(): Promise<void> {
    // Pressed while nothing runs: lower the flag, or Python would raise KeyboardInterrupt
    // wherever it next runs (e.g. analysing the next edit). While cells run, the running
    // one consumes it.
    if (!this.draining) this.takeInterrupt();
    this.events.changes(this.scheduler.cancelPending());
    // A running query (remote: this thread is free while it runs) is cancelled on the
    // server; its cell then reports 'interrupted'. PGlite's cannot be: it has no cancel.
    const run = this.sqlRun;
    if (run && !run.cancelled) {
      run.cancelled = true;
      try {
        await run.executor?.cancel?.();
      } catch (error) {
        const cellId = this.runningCell;
        const message = error instanceof Error ? error.message : String(error);
        if (cellId) this.events.emit({ type: 'stream', cellId, name: 'stderr', text: `${message}\n` });
      }
    }
  }

  private drain(): Promise<void> {
    this.draining ??= this.drainLoop();
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    // Yield first, so `draining` is assigned before the loop can clear it.
    await Promise.resolve();
    this.events.state('busy');
    startRunTimeline();
    const started = performance.now();
    try {
      // While the database opens, cells that need none run first: a SQL cell would only wait.
      const wouldWait = (id: string): boolean => this.database.opening() && this.cells.get(id)?.bound !== undefined;
      for (let next = this.scheduler.next(wouldWait); next; next = this.scheduler.next(wouldWait)) {
        this.events.changes([next.change]);
        const cellStarted = performance.now();
        try {
          await this.execute(next.id, next.version);
          measureRunPart(`${this.cells.get(next.id)?.spec.kind ?? 'deleted'} cell`, cellStarted);
        } catch (error) {
          // The scheduler runs one cell at a time: a run that never completes would stall
          // every later run. (A second complete() of the same run is simply rejected.)
          const message = error instanceof Error ? error.message : String(error);
          this.events.emit({ type: 'error', cellId: next.id, error: { kind: 'kernel', message } });
          this.events.changes(this.scheduler.complete(next.id, next.version, 'error').changes);
        }
      }
    } finally {
      this.draining = undefined;
      this.events.state('ready');
      this.events.flush();
      measureRunPart('kernel', started);
      this.startup.runEnded();
    }
  }

  private runningCell: string | undefined;

  private async execute(id: string, version: number): Promise<void> {
    const record = this.cells.get(id);
    if (!record) throw new Error('The cell was deleted before it ran.');
    const python = await this.python();
    this.runningCell = id;
    const sqlRun: SqlRun | undefined = record.bound ? { executor: undefined, cancelled: false } : undefined;
    this.sqlRun = sqlRun;
    const started = this.env.now();
    this.events.emit({ type: 'run-start', cellId: id });
    const batcher = new StreamBatcher((name, text) => this.events.emit({ type: 'stream', cellId: id, name, text }), this.env.now);
    const display = (output: CellOutput): void => {
      batcher.flush(); // what was printed before the display() shows before it
      this.events.emit({ type: 'display', cellId: id, output });
    };
    python.setRunSinks({ stream: (name, text) => batcher.write(name, text), display, pulse: () => this.events.pulse() });
    const bound = record.bound;
    let outcome: { output?: CellOutput; error?: CellError };
    try {
      // User code runs `live`: the page hears a slow cell is running (kernel-events.ts),
      // and what it prints as it comes (this thread cannot send while Python runs). A query
      // does not: what it causes is held, so a quick one's events go in the one batch
      // that ends the run (a message to the page instead of three: 0.32 -> 0.29 ms per
      // trivial SQL cell). A query that waits (a remote server, a PGlite exchange that
      // went asynchronous after its 10 ms of blocking) gives the event loop back, and the
      // deferred flush tells the page then.
      if (bound && sqlRun) outcome = await this.executeSql(record, bound, python, sqlRun);
      else if (record.spec.kind === 'markdown') outcome = { output: { type: 'markdown-values', values: python.markdownValues(record.node.references) } };
      else if (record.syntaxError) outcome = { error: syntaxCellError(record.spec.code, this.labelOf(id), record.syntaxError) };
      else {
        const result = await this.events.live(() => python.runCell(record.spec.code, id, (file) => this.cells.labelOfFile(file)), record);
        outcome = pythonOutcome(result, (name) => this.scheduler.view().definersOf(name).length > 0);
      }
    } catch (error) {
      outcome = { error: { kind: 'kernel', message: error instanceof Error ? error.message : String(error) } };
    } finally {
      this.sqlRun = undefined;
      this.runningCell = undefined;
      batcher.flush();
      python.setRunSinks();
    }
    const interrupted = this.takeInterrupt() || sqlRun?.cancelled === true;
    if (interrupted && (!outcome.error || isCancelledQuery(outcome.error))) outcome = { error: interruptedError(sqlRun?.cancelled === true) };
    const { accept, changes } = this.scheduler.complete(id, version, outcome.error ? 'error' : 'ok');
    // A newer run of this cell was requested while it ran: this result is stale.
    if (!accept) return this.events.changes(changes);
    if (outcome.output) this.events.output(id, outcome.output, sqlRun?.partialRows);
    if (outcome.error) this.events.emit({ type: 'error', cellId: id, error: outcome.error });
    const elapsedMs = this.env.now() - started;
    this.events.changes(changes.map((c) => (c.id === id ? { ...c, elapsedMs } : c)));
    if (outcome.error?.kind === 'interrupted') this.events.changes(this.scheduler.cancelPending());
  }

  /** True once per interrupt request, which may have landed outside Python (e.g. during SQL). */
  private takeInterrupt(): boolean {
    return this.interruptFlag !== undefined && takeSigint(this.interruptFlag);
  }

  private async executeSql(record: CellRecord, bound: BindResult, python: PythonRuntime, run: SqlRun): Promise<CellOutcome> {
    const id = record.spec.id;
    // Checked now, not when the cell was edited: a `{x}` in a literal matters only if x is a variable.
    const warnings = shownWarnings(bound, (name) => this.scheduler.view().definersOf(name).length > 0, () => python.variables());
    if (warnings.length > 0) this.events.emit({ type: 'warnings', cellId: id, warnings });
    // A database that failed to open (a server that was down) is tried again here.
    const { executor, error } = await this.database.current({ retry: true });
    if (!executor && error) return { error: { kind: 'kernel', message: error } };
    run.executor = executor;
    const outcome = await runSqlCell(record.spec.code, bound, {
      executor,
      cancelled: () => run.cancelled,
      python,
      explainMissing: (name) => missingNameMessage(name, this.scheduler.view().definersOf(name).map((definer) => this.labelOf(definer))),
      log: (text) => this.events.emit({ type: 'log', cellId: id, text }),
      limits: this.env.resultLimits ?? DEFAULT_RESULT_LIMITS,
      firstRows: {
        rows: FIRST_ROWS,
        show: (table) => {
          run.partialRows = table.rows.length;
          this.events.emit({ type: 'output', cellId: id, output: { type: 'table', table }, partial: true });
          this.events.flush(); // now; the database reads the rest once the page has painted them
          const waitStarted = performance.now();
          return this.paints?.wait(id).then(() => measureRunPart('first rows paint wait', waitStarted));
        },
      },
    });
    if (!outcome.ok) return { error: outcome.error };
    if (!outcome.result) return {};
    if (record.spec.resultName) python.storeSqlResult(record.spec.resultName, outcome.result.table, outcome.result.codecs);
    return { output: { type: 'table', table: outcome.result.table } };
  }

  private labelOf(id: string): string {
    return this.cells.labelOf(id);
  }

  // --- database ----------------------------------------------------------------

  async setDatabaseConfig(config: DatabaseConfig): Promise<DatabaseInfo> {
    const started = this.env.now();
    const { executor, replaced, error } = await this.database.configure(config);
    // Results computed against the previous database no longer hold, whether or not the
    // new one opened. Queued and running cells are left alone: they will run (or are
    // running) against the new one, and treating them as edited would run them twice.
    if (replaced) this.markSqlResultsStale();
    this.events.flush();
    if (!executor) throw new Error(error ?? 'Could not open the database.');
    try {
      return { description: executor.description, serverVersion: await executor.serverVersion(), readyMs: this.env.now() - started };
    } catch (failure) {
      throw new Error(redactMessage(`The database opened but did not answer: ${failure instanceof Error ? failure.message : String(failure)}`, secretsOf(config)));
    }
  }

  testDatabase(config: RemoteDatabaseConfig): Promise<DatabaseTestResult> {
    return testDatabase(config, this.env.openDatabase, this.env.now);
  }

  private markSqlResultsStale(): void {
    const finished = this.cells.order.filter((id) => {
      const status = this.scheduler.status(id);
      return this.cells.get(id)?.spec.kind === 'sql' && (status === 'done' || status === 'error');
    });
    this.events.changes(lastChangePerCell(finished.flatMap((id) => this.scheduler.markEdited(id))));
  }

  async dumpDatabase(): Promise<string> {
    const { executor, error } = await this.database.current();
    if (!executor) throw new Error(error ?? 'No database is configured for this notebook.');
    const header = `Ripple SQL dump of ${executor.description}, PostgreSQL ${await executor.serverVersion()}, ${new Date(Date.now()).toISOString()}`;
    return dumpDatabase(executor, header);
  }

  async schema(): Promise<DatabaseSchema> {
    const { executor } = await this.database.current();
    return executor ? readSchema(executor) : { tables: [] };
  }

  async aggregateForChart(cellId: string, request: ChartAggregateRequest): Promise<ChartAggregateResult> {
    const record = this.cells.get(cellId);
    if (!record?.bound) return { ok: false, message: 'Only SQL cells can be aggregated in the database.' };
    const python = await this.python();
    const { executor, error } = await this.database.current();
    if (!executor) return { ok: false, message: error ?? 'No database is configured for this notebook.' };
    return runChartAggregate(record.bound, request, {
      executor,
      python,
      explainMissing: (name) => missingNameMessage(name, this.scheduler.view().definersOf(name).map((definer) => this.labelOf(definer))),
      limits: this.env.resultLimits ?? DEFAULT_RESULT_LIMITS,
    });
  }

  async variables(): Promise<string[]> {
    return (await this.python()).variables();
  }

  async shutdown(): Promise<void> {
    await this.database.close();
    this.events.state('dead');
    this.events.flush();
  }
}
