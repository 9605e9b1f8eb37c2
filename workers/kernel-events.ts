/**
 * The kernel's side of its event stream: each event to the one listener (the page, through
 * Comlink), a large table in chunks, status changes with their user-facing messages.
 */
import type { CellOutput, KernelEvent, KernelEventListener, KernelState } from './protocol';
import type { StatusChange } from './graph/types';
import { graphMessage } from './cell-messages';
import { outputChunks, restChunks } from './output-chunks';

export class KernelEvents {
  private listener: KernelEventListener = () => {};

  /** `labelOf` names a cell in messages ("Cell 3"). */
  constructor(private readonly labelOf: (id: string) => string) {}

  listen(listener: KernelEventListener): void {
    this.listener = listener;
  }

  emit(event: KernelEvent): void {
    try {
      this.listener(event);
    } catch {
      // A listener that throws (or a closed port) must not break the run loop.
    }
  }

  /**
   * A table over OUTPUT_CHUNK_ROWS rows goes out as its first chunk, then `output-rows`
   * events. When its first `partialRows` went out while the query ran, only the rest
   * follows, the last chunk carrying the table's end.
   */
  output(cellId: string, output: CellOutput, partialRows?: number): void {
    if (partialRows !== undefined && output.type === 'table') {
      const chunks = restChunks(output.table, partialRows);
      const end = { rowCount: output.table.rowCount, command: output.table.command };
      chunks.forEach((rows, i) => this.emit({ type: 'output-rows', cellId, rows, ...(i === chunks.length - 1 ? { end } : {}) }));
      return;
    }
    const [first, ...rest] = outputChunks(output);
    this.emit({ type: 'output', cellId, output: first });
    for (const rows of rest) this.emit({ type: 'output-rows', cellId, rows });
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
