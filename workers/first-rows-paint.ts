import { realTimers, type Timers } from './timers';

/**
 * The longest the kernel holds the rest of a large result for the page's word that its
 * first rows are painted. A page that never says (a lost message, a page far busier)
 * costs a result this much at most; a hidden page draws no frames and says at once.
 */
export const PAINT_WAIT_MS = 250;

/**
 * Why the kernel waits for the page before it reads the rest of a large result: the page
 * paints the first rows in a long task (a new table is built, styled and laid out; the
 * page's first table runs cold code too) while, on a machine with two cores, the kernel's
 * thread decoding the rest and the PGlite worker producing it hold both. Traced on the
 * bench's large scenario, the page's thread ran for 8-24 ms of tasks that lasted 46-131
 * ms, waiting for a core the rest of the time. So the page says when the first rows are
 * on screen (`KernelApi.firstRowsPainted`, after the frame that drew them) and the kernel
 * reads on then, or after PAINT_WAIT_MS. Measured on 100,000-row results, a page's first
 * large result had a task over 50 ms in 9 of 10 pages without the wait, 2 of 10 with it.
 *
 * One wait per cell: a newer wait for the same cell ends the older one, and a paint
 * reported when nothing waits (a result the kernel did not hold) is ignored.
 */
export class FirstRowsPaint {
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly timers: Timers = realTimers,
    private readonly maxMs = PAINT_WAIT_MS,
  ) {}

  /** Settles once `painted(cellId)` is called, after maxMs, or on `releaseAll`; never rejects. */
  wait(cellId: string): Promise<void> {
    this.waiting.get(cellId)?.();
    return new Promise((resolve) => {
      const done = (): void => {
        this.timers.clear(timer);
        if (this.waiting.get(cellId) === done) this.waiting.delete(cellId);
        resolve();
      };
      const timer = this.timers.set(done, this.maxMs);
      this.waiting.set(cellId, done);
    });
  }

  painted(cellId: string): void {
    this.waiting.get(cellId)?.();
  }

  /** An interrupt: nothing should be held back from ending. */
  releaseAll(): void {
    for (const done of [...this.waiting.values()]) done();
  }
}
