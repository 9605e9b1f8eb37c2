/**
 * The kernel's events, applied to a session's run states and kernel state: one batch is
 * one store update, and each cell's events in it are folded into one write of the fields
 * they change (foldCellEvents in cell-state.ts: why), in order with the rows of a growing
 * table, which are applied as they come.
 */
import { batch } from 'solid-js';
import { produce, unwrap, type SetStoreFunction } from 'solid-js/store';
import type { KernelEvent, KernelEventBatch, KernelState } from '../../workers/protocol';
import { applyCellEvent, foldCellEvents, streamsChange, type CellRunState, type FoldableEvent } from './cell-state';

export interface RunEventTargets {
  readonly runs: Record<string, CellRunState>;
  readonly setRuns: SetStoreFunction<Record<string, CellRunState>>;
  setKernel(state: KernelState, message: string | undefined): void;
  /** A SQL cell finished (the catalog may have changed). */
  sqlDone(): void;
  isSql(cellId: string): boolean;
}

export function createRunEvents(targets: RunEventTargets): (events: KernelEventBatch) => void {
  const { runs, setRuns } = targets;

  const applyOne = (event: Exclude<KernelEvent, { type: 'kernel-state' }>): void => {
    if (runs[event.cellId]) setRuns(event.cellId, produce((state) => applyCellEvent(state, event, performance.now())));
  };

  const applyFolded = (cellId: string, events: readonly FoldableEvent[]): void => {
    const run = runs[cellId];
    if (!run) return;
    const { streams, ...patch } = foldCellEvents(unwrap(run), events, performance.now());
    setRuns(cellId, patch);
    if (streams && streamsChange(unwrap(run).streams, streams) === 'grow') {
      // In place: the text on screen only grows, and its box keeps its scroll position.
      setRuns(cellId, 'streams', produce((shown) => {
        streams.forEach((item, i) => {
          const before = shown[i];
          if (!before) shown.push(item);
          else if (item.name !== 'display' && before.name !== 'display' && before.text !== item.text) before.text = item.text;
        });
      }));
    } else if (streams) setRuns(cellId, 'streams', streams);
    if (events.some((e) => e.type === 'status' && e.status === 'done') && targets.isSql(cellId)) targets.sqlDone();
  };

  return (events) =>
    batch(() => {
      const pending = new Map<string, FoldableEvent[]>();
      const applyPending = (cellId: string): void => {
        const held = pending.get(cellId);
        pending.delete(cellId);
        if (held) applyFolded(cellId, held);
      };
      for (const event of events) {
        if (event.type === 'kernel-state') targets.setKernel(event.state, event.message);
        else if (event.type === 'output-rows') {
          applyPending(event.cellId);
          applyOne(event);
        } else {
          const held = pending.get(event.cellId);
          if (held) held.push(event);
          else pending.set(event.cellId, [event]);
        }
      }
      for (const cellId of [...pending.keys()]) applyPending(cellId);
    });
}
