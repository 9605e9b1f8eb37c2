import type { CDPSession, Page } from 'playwright-core';

const MB = 2 ** 20;

/**
 * The page's memory for JavaScript values through the DevTools protocol (the main
 * thread's isolate, not workers): its JS heap and its array buffers' backing stores. A
 * large result's number, boolean and int8 columns are typed arrays, whose bytes live
 * outside the JS heap; the heap alone (what this measured until 2026-12-05) left them out.
 */
export class HeapMeter {
  private constructor(private readonly session: CDPSession) {}

  static async attach(page: Page): Promise<HeapMeter> {
    return new HeapMeter(await page.context().newCDPSession(page));
  }

  async usedMB(): Promise<number> {
    const { usedSize, backingStorageSize } = await this.session.send('Runtime.getHeapUsage');
    return (usedSize + backingStorageSize) / MB;
  }

  /** A full GC, so each measurement starts from the same floor. */
  async collectGarbage(): Promise<void> {
    await this.session.send('HeapProfiler.collectGarbage');
  }

  /**
   * Samples the heap until stopped; resolves to the peak. A request waits while the main
   * thread is busy, so a peak inside one long task is seen only if it outlives the task.
   */
  track(everyMs = 50): { stop: () => Promise<number> } {
    let running = true;
    let peak = 0;
    const loop = (async () => {
      while (running) {
        peak = Math.max(peak, await this.usedMB());
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
      peak = Math.max(peak, await this.usedMB());
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return peak;
      },
    };
  }

  async detach(): Promise<void> {
    await this.session.detach().catch(() => {});
  }
}
