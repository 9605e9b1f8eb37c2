/**
 * The kernel's event batches, applied to the page in short windows.
 *
 * Why: after a key press, Chromium gives the next frame priority over the page's other
 * tasks. When a batch changes the DOM (the dependents of an edit marked stale, a cell
 * running), the kernel's later batches wait on their port until that frame has been drawn
 * at the next vsync, and the run's last result is painted one frame after that. A
 * reaction of a dozen quick cells took two frames (p50 27 ms on the bench) although the
 * kernel was done in about 7 ms.
 *
 * So a batch that arrives while nothing is held opens a window: it and the batches after
 * it are held, and applied together (one render) when the run ends (a `kernel-state`
 * other than busy) or after HOLD_MS, whichever is first. A quick reaction then reaches
 * the DOM once, with its final values, and nothing asks for a frame meanwhile. A long run
 * shows what it does at most HOLD_MS late, less than a frame.
 *
 * A large table's `output-rows` chunks are never merged: each is applied in a task of
 * its own (what is held goes first), or a million rows would arrive in one long task.
 * Its first rows (a `partial` output) are applied at once too: nothing quick follows
 * them to merge with (the database is still reading the rest), so holding them only
 * delayed the table by up to HOLD_MS.
 */
import type { KernelEvent, KernelEventBatch } from '../../workers/protocol';
import { realTimers, type Timers } from '../../workers/timers';
import { measureLastRunPart } from '../../workers/timeline';
import { afterFrames } from '../after-frames';

export const HOLD_MS = 16;

export interface EventWindow {
  receive(events: KernelEventBatch): void;
  /** Drops what is held (the page that would show it is gone). */
  dispose(): void;
}

const endsRun = (event: KernelEvent): boolean => event.type === 'kernel-state' && event.state !== 'busy';
/** A large result's rows: its first rows, or one of its later chunks. */
const isLargeResult = (event: KernelEvent): boolean => event.type === 'output-rows' || (event.type === 'output' && event.partial === true);

export function createEventWindow(render: (events: KernelEventBatch) => void, timers: Timers = realTimers, holdMs = HOLD_MS): EventWindow {
  // Timed for the bench's reaction breakdown (workers/timeline.ts): the DOM is written when render returns.
  const apply = (events: KernelEventBatch): void => {
    const started = performance.now();
    render(events);
    measureLastRunPart('page apply', started);
  };
  let held: KernelEvent[] | undefined;
  let timer: unknown;
  const release = (): void => {
    if (!held) return;
    timers.clear(timer);
    const events = held;
    held = undefined;
    apply(events);
  };
  return {
    receive(events) {
      if (events.some(isLargeResult)) {
        release();
        apply(events);
        return;
      }
      if (held) held.push(...events);
      else {
        held = [...events];
        timer = timers.set(release, holdMs);
      }
      if (events.some(endsRun)) release();
    },
    dispose() {
      if (held) timers.clear(timer);
      held = undefined;
    },
  };
}

/**
 * Calls `painted` for each cell whose large result's first rows (a `partial` output) are in
 * `events`, once the page has drawn them: in a task after the next frame. The kernel reads
 * the rest of the result only then (workers/first-rows-paint.ts: why).
 */
export function reportFirstRows(events: KernelEventBatch, painted: (cellId: string) => void): void {
  for (const event of events) {
    if (event.type !== 'output' || !event.partial) continue;
    const applied = performance.now();
    void afterFrames().then(() => {
      measureLastRunPart('first rows painted', applied); // from their apply to the report
      painted(event.cellId);
    });
  }
}
