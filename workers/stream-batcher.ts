/**
 * Coalesces stdout/stderr writes into fewer events. A Python loop printing 100,000
 * lines must not post 100,000 messages to the UI, yet output should appear while the
 * cell runs. Python blocks the worker, so there are no timers: time is checked on
 * every write, and the kernel flushes when the cell ends.
 */
export type StreamName = 'stdout' | 'stderr';

export class StreamBatcher {
  private pending: { name: StreamName; text: string } | undefined;
  private lastFlush: number;

  constructor(
    private readonly emit: (name: StreamName, text: string) => void,
    private readonly now: () => number,
    private readonly intervalMs = 30,
    private readonly maxChars = 64 * 1024,
  ) {
    this.lastFlush = now();
  }

  write(name: StreamName, text: string): void {
    if (text === '') return;
    if (this.pending && this.pending.name !== name) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { name, text };
    if (this.pending.text.length >= this.maxChars || this.now() - this.lastFlush >= this.intervalMs) this.flush();
  }

  flush(): void {
    this.lastFlush = this.now();
    if (!this.pending) return;
    const { name, text } = this.pending;
    this.pending = undefined;
    this.emit(name, text);
  }
}
