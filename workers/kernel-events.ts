/**
 * The kernel's side of its event stream: events to the one sink (the page, through its
 * port), a large table in chunks, status changes with their user-facing messages.
 *
 * Events are held and sent in batches (KernelEventBatch), one per run where the run is
 * quick: each message costs the kernel and the page a task, and a page shows a quick
 * run's end anyway, not its steps (src/notebook/event-window.ts). The kernel flushes when
 * a call or a run ends, and before Python code runs unless that cell was quick last time
 * (so the page sees a slow cell running while it runs). While user code runs (`live`),
 * what it prints or displays goes out at once, as the kernel cannot get back to flush
 * until it returns, and Python's pulses (its signal checks, each slice of `time.sleep`)
 * send what has been held for HOLD_MS: a quick cell that turns slow is seen running too.
 * Anything left is flushed once the worker is back in its event loop, so no event waits
 * on a flush that never comes.
 */
import type { CellOutput, KernelEvent, KernelEventBatch, KernelEventListener, KernelState } from './protocol';
import type { StatusChange } from './graph/types';
import { graphMessage } from './cell-messages';
import { outputChunks, restChunks } from './output-chunks';

export type KernelEventSink = (events: KernelEventBatch) => void;

/** Runs `flush` once the current task (and its microtasks) is over. */
export type Defer = (flush: () => void) => void;

/** Held events go out at the first pulse after this long (a frame at 60 Hz is 16.7 ms). */
export const HOLD_MS = 10;
/** A cell whose last run took less than this is expected to be quick again. */
export const QUICK_MS = 2;

export class KernelEvents {
  private sink: KernelEventSink = () => {};
  private pending: KernelEvent[] = [];
  private deferred = false;
  /** When the oldest held event was emitted. */
  private heldSince = 0;
  /** More than 0 while user code runs. */
  private running = 0;
  /** Per cell record (a new one when its code changes): whether its last run was quick. */
  private readonly quick = new WeakMap<object, boolean>();

  /** `labelOf` names a cell in messages ("Cell 3"). */
  constructor(
    private readonly labelOf: (id: string) => string,
    private readonly defer: Defer = (flush) => void setTimeout(flush, 0),
    private readonly now: () => number = () => performance.now(),
  ) {}

  listen(sink: KernelEventSink): void {
    this.sink = sink;
  }

  emit(event: KernelEvent): void {
    if (this.pending.length === 0) this.heldSince = this.now();
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

  /** Sends what is held if it has been held for HOLD_MS; called now and then while Python runs. */
  pulse(): void {
    if (this.pending.length > 0 && this.now() - this.heldSince >= HOLD_MS) this.flush();
  }

  /**
   * Runs user code with every event it causes sent at once. What is held goes out first,
   * unless `cell` (its record) ran in under QUICK_MS last time: then it stays for the
   * run's next flush, and pulses send it if this run turns out slow.
   */
  async live<T>(work: () => Promise<T>, cell?: object): Promise<T> {
    if (cell !== undefined && this.quick.get(cell) === true) this.pulse();
    else this.flush();
    this.running += 1;
    const started = this.now();
    try {
      return await work();
    } finally {
      this.running -= 1;
      if (cell !== undefined) this.quick.set(cell, this.now() - started < QUICK_MS);
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

/** One event to a listener in this thread; one that throws loses that event only. */
export function deliver(listener: KernelEventListener, event: KernelEvent): void {
  try {
    listener(event);
  } catch {
    // As flush: a broken listener must not break the run loop.
  }
}
