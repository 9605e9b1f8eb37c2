import type { CellStatus, StatusChange, StatusReason } from './types';

/** The scheduler's per-cell bookkeeping. */
export interface CellState {
  status: CellStatus;
  reason: StatusReason | undefined;
  /** Version of the request that last queued this cell; a result for any other version is stale. */
  version: number;
  /** Whether a run was ever accepted; decides 'idle' vs 'stale' when a queued cell is cancelled. */
  hasRun: boolean;
}

export function freshState(): CellState {
  return { status: 'idle', reason: undefined, version: 0, hasRun: false };
}

/** Graph errors are owned by the graph: they appear and clear with the cell list, not with runs. */
export function isGraphErrorReason(reason: StatusReason | undefined): boolean {
  return reason?.kind === 'multiple-definitions' || reason?.kind === 'cycle';
}

export function setStatus(state: CellState, status: CellStatus, reason?: StatusReason): void {
  state.status = status;
  state.reason = reason;
}

type Snapshot = ReadonlyMap<string, { status: CellStatus; reason: StatusReason | undefined }>;

export function snapshot(states: ReadonlyMap<string, CellState>): Snapshot {
  return new Map([...states].map(([id, state]) => [id, { status: state.status, reason: state.reason }]));
}

/** Reasons are rebuilt with every graph, so they are compared by content, not identity. */
function sameReason(a: StatusReason | undefined, b: StatusReason | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Changes between `before` and now, one per cell (its final status), in notebook order.
 * Diffing instead of logging each assignment is what guarantees no duplicates and no
 * reports for a status that went somewhere and came back. A cell missing from `before`
 * is new and counts as 'idle', so adding a plain cell reports nothing.
 */
export function diff(before: Snapshot, states: ReadonlyMap<string, CellState>, order: readonly string[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const id of order) {
    const now = states.get(id);
    if (now === undefined) continue;
    const was = before.get(id) ?? { status: 'idle', reason: undefined };
    if (was.status === now.status && sameReason(was.reason, now.reason)) continue;
    changes.push(now.reason === undefined ? { id, status: now.status } : { id, status: now.status, reason: now.reason });
  }
  return changes;
}

/** Keeps the last change per cell, in the order of those last changes. */
export function lastChangePerCell(changes: readonly StatusChange[]): StatusChange[] {
  const last = new Map<string, StatusChange>();
  for (const c of changes) {
    last.delete(c.id);
    last.set(c.id, c);
  }
  return [...last.values()];
}
