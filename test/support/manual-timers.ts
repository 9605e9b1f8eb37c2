import type { Timers } from '../../workers/timers';

/** Timers a test fires by hand: which are set, and when each was asked for. */
export function manualTimers(): Timers & { pending: { run: () => void; ms: number }[]; fire(): void } {
  const pending: { run: () => void; ms: number }[] = [];
  return {
    pending,
    set: (run, ms) => {
      const timer = { run, ms };
      pending.push(timer);
      return timer;
    },
    clear: (handle) => {
      const at = pending.indexOf(handle as (typeof pending)[number]);
      if (at >= 0) pending.splice(at, 1);
    },
    fire() {
      for (const timer of pending.splice(0)) timer.run();
    },
  };
}
