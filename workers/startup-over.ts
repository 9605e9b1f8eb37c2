import { realTimers, type Timers } from './timers';

/**
 * How long after Python is ready the kernel waits for a first run before it counts its
 * start-up as over anyway: a notebook from a file runs nothing until the user says so,
 * and an empty one nothing at all.
 */
export const STARTUP_WAIT_MS = 5_000;

/**
 * When a kernel's start-up is over: its first run has ended, or STARTUP_WAIT_MS after
 * Python became ready no run is under way (one that is, ends it when it ends). Work that
 * only needs doing once per start goes after it, so it never stands between a notebook
 * and its first results: writing Python's snapshot copy (31 MB on a sync access handle,
 * 300-470 ms of the kernel's thread on the slow kind of host) ran right after Python's
 * restore, and where Python was the longer of the two starts the opening run waited for
 * it (a first visit traced: Python set up at 4,533 ms, the write's measure 4,406-4,826
 * ms, the opening run from 4,785).
 */
export class StartupOver {
  private over = false;
  private timer: unknown;

  constructor(
    private readonly onOver: () => void,
    private readonly running: () => boolean,
    private readonly timers: Timers = realTimers,
    private readonly waitMs = STARTUP_WAIT_MS,
  ) {}

  /** Python is ready: with no run by waitMs from now, start-up is over then. */
  pythonReady(): void {
    if (this.over || this.timer !== undefined) return;
    this.timer = this.timers.set(() => {
      if (!this.running()) this.end();
    }, this.waitMs);
  }

  /** A run has ended. */
  runEnded(): void {
    this.end();
  }

  private end(): void {
    if (this.over) return;
    this.over = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.onOver();
  }
}
