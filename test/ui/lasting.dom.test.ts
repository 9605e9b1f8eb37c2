import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createLasting } from '../../src/notebook/lasting';
import { manualTimers } from '../support/manual-timers';

type Step = boolean | 'timer';

/** Each row: the source's first value, then its changes and timer firings; what the flag read after each, and the timers left. */
const table: { name: string; initial: boolean; steps: Step[]; seen: boolean[]; timersLeft: number }[] = [
  { name: 'true from the start: at once, no timer', initial: true, steps: [], seen: [], timersLeft: 0 },
  { name: 'turning true: only once the timer fires', initial: false, steps: [true, 'timer'], seen: [false, true], timersLeft: 0 },
  { name: 'a short true (a quick re-run): never shown', initial: false, steps: [true, false, 'timer'], seen: [false, false, false], timersLeft: 0 },
  { name: 'turning false: at once', initial: true, steps: [false], seen: [false], timersLeft: 0 },
  { name: 'true again after a short false: a new full delay', initial: false, steps: [true, false, true], seen: [false, false, false], timersLeft: 1 },
  { name: 'false, shown, false, true: the delay again', initial: false, steps: [true, 'timer', false, true], seen: [false, true, false, false], timersLeft: 1 },
];

describe('createLasting', () => {
  it.each(table)('$name', ({ initial, steps, seen, timersLeft }) => {
    const timers = manualTimers();
    const [source, setSource] = createSignal(initial);
    // Built first, driven after: a root's effects start once its function has returned.
    const { lasting, dispose } = createRoot((dispose) => ({ lasting: createLasting(source, 150, timers), dispose }));
    const atStart = lasting();
    const reads: boolean[] = [];
    for (const step of steps) {
      if (step === 'timer') timers.fire();
      else setSource(step);
      reads.push(lasting());
    }
    const left = timers.pending.length;
    const delays = timers.pending.map((t) => t.ms);
    dispose();
    const result = { atStart, reads, left, delays, afterDispose: timers.pending.length };
    expect(result).toEqual({ atStart: initial, reads: seen, left: timersLeft, delays: Array(timersLeft).fill(150), afterDispose: 0 });
  });
});
