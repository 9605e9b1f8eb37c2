import type { CellError, CellOutput, CellStatus, KernelEvent, SqlWarning, StatusReason } from '../../workers/protocol';

/** What the UI shows for one cell's latest run; rebuilt from kernel events. */
export interface CellRunState {
  status: CellStatus;
  reason?: StatusReason;
  /** performance.now() when the current run started, for the live timer. */
  startedAt?: number;
  elapsedMs?: number;
  /** stdout/stderr in arrival order; adjacent chunks of one stream are merged. */
  streams: { name: 'stdout' | 'stderr'; text: string }[];
  log: string[];
  warnings: SqlWarning[];
  output?: CellOutput;
  error?: CellError;
}

export function emptyRunState(): CellRunState {
  return { status: 'idle', streams: [], log: [], warnings: [] };
}

/**
 * Applies one kernel event to a cell's run state (mutably: called inside a Solid
 * `produce`, so only what changed re-renders).
 */
export function applyCellEvent(state: CellRunState, event: Exclude<KernelEvent, { type: 'kernel-state' }>, now: number): void {
  switch (event.type) {
    case 'run-start':
      state.streams = [];
      state.log = [];
      state.warnings = [];
      state.output = undefined;
      state.error = undefined;
      state.elapsedMs = undefined;
      state.startedAt = now;
      return;
    case 'status':
      state.status = event.status;
      state.reason = event.reason;
      if (event.elapsedMs !== undefined) state.elapsedMs = event.elapsedMs;
      if (event.status !== 'running') state.startedAt = undefined;
      // A graph error has no run: drop the output of the last one, which no longer holds.
      if (event.status === 'error' && event.reason && event.reason.kind !== 'upstream-error') state.output = undefined;
      return;
    case 'stream': {
      const last = state.streams.at(-1);
      if (last && last.name === event.name) last.text += event.text;
      else state.streams.push({ name: event.name, text: event.text });
      return;
    }
    case 'log':
      state.log.push(event.text);
      return;
    case 'warnings':
      state.warnings = [...event.warnings];
      return;
    case 'output':
      state.output = event.output;
      return;
    case 'error':
      state.error = event.error;
  }
}
