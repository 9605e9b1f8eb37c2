/**
 * The kernel's side of its event stream: events to the one sink (the page, through its
 * port), a large table in chunks, status changes with their user-facing messages.
 *
 * Events are held and sent in batches (KernelEventBatch): the kernel flushes them before
 * any Python code runs (so the page sees a cell running while it runs) and when a call or
 * a run ends. While user code runs (`live`), what it prints or displays goes out at once, as
 * the kernel cannot get back to flush until it returns. Anything left is flushed once the
 * worker is back in its event loop, so no event waits on a flush that never comes.
 */
import type { CellOutput, KernelEvent, KernelEventBatch, KernelState } from './protocol';
import type { StatusChange } from './graph/types';
import { graphMessage } from './cell-messages';
import { outputChunks, restChunks } from './output-chunks';

export type KernelEventSink = (events: KernelEventBatch) => void;

/** Runs `flush` once the current task (and its microtasks) is over. */
export type Defer = (flush: () => void) => void;

export class KernelEvents {
  private sink: KernelEventSink = () => {};
  private pending: KernelEvent[] = [];
  private deferred = false;
  /** More than 0 while user code runs. */
  private running = 0;

  /** `labelOf` names a cell in messages ("Cell 3"). */
  constructor(
    private readonly labelOf: (id: string) => string,
    private readonly defer: Defer = (flush) => void setTimeout(flush, 0),
  ) {}

  listen(sink: KernelEventSink): void {
    this.sink = sink;
  }

  emit(event: KernelEvent): void {
    this.pending.push(event);
    if (this.running > 0) return this.flush();
    if (this.deferred) return;
    this.deferred = true;
    this.defer(() => {
      this.deferred = false;
      this.flush();
    });
  }

  /** Sends what is held, as one batch. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.sink(batch);
    } catch {
      // A sink that throws (or a closed port) must not break the run loop.
    }
  }

  /** Flushes, then runs user code with every event it causes sent at once. */
  async live<T>(work: () => Promise<T>): Promise<T> {
    this.flush();
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
    }
  }

  /**
   * A table over FIRST_ROWS rows goes out as its first rows, then `output-rows`
   * events, each in a batch of its own: the page takes one chunk per task. When its first
   * `partialRows` went out while the query ran, only the rest follows, the last chunk
   * carrying the table's end.
   */
  output(cellId: string, output: CellOutput, partialRows?: number): void {
    if (partialRows !== undefined && output.type === 'table') {
      const chunks = restChunks(output.table, partialRows);
      const end = { rowCount: output.table.rowCount, command: output.table.command };
      chunks.forEach((chunk, i) => this.emitRows({ type: 'output-rows', cellId, chunk, ...(i === chunks.length - 1 ? { end } : {}) }));
      return;
    }
    const [first, ...rest] = outputChunks(output);
    this.emit({ type: 'output', cellId, output: first });
    for (const chunk of rest) this.emitRows({ type: 'output-rows', cellId, chunk });
  }

  /** Rows go in a batch apart from the rows before them. */
  private emitRows(event: Extract<KernelEvent, { type: 'output-rows' }>): void {
    this.flush();
    this.emit(event);
  }

  state(state: KernelState): void {
    this.emit({ type: 'kernel-state', state });
  }

  changes(changes: readonly (StatusChange & { elapsedMs?: number })[]): void {
    for (const c of changes) {
      this.emit({
        type: 'status',
        cellId: c.id,
        status: c.status,
        ...(c.reason ? { reason: c.reason } : {}),
        ...(c.elapsedMs !== undefined ? { elapsedMs: c.elapsedMs } : {}),
      });
      const message = c.status === 'error' ? graphMessage(c.reason, this.labelOf) : undefined;
      if (message) this.emit({ type: 'error', cellId: c.id, error: { kind: 'graph', message } });
    }
  }
}
