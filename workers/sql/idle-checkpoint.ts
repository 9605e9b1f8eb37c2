/**
 * A CHECKPOINT once the database has written and then been idle for a moment.
 *
 * Why: PGlite runs PostgreSQL as a single backend without a checkpointer, and a page
 * reload ends the PGlite worker without closing the database. The next start then
 * replays, as crash recovery, every WAL record since the last checkpoint, which without
 * this was the previous start. PGlite's create in Node after a session that inserted
 * 1,000,000 rows: 752-1,023 ms, 258-327 ms after a checkpoint (224-301 ms after a clean
 * close); the longer the session, the longer the replay. Durability does not depend on it: a commit
 * is on disk (WAL flushed, OPFS synced) before its cell says done.
 *
 * Only when no transaction is open (ReadyForQuery said idle): a statement inside a user's
 * open transaction could fail it (CHECKPOINT needs a privileged role).
 */
import { realTimers, type Timers } from '../timers';

/** The backend's transaction status from ReadyForQuery: idle, in a transaction, or in a failed one. */
export type TransactionStatus = 'I' | 'T' | 'E';

/** How long the database must be idle after a write before the checkpoint. */
export const IDLE_CHECKPOINT_MS = 1_000;

/** The status carried by the ReadyForQuery message that ends `reply`, if it ends with one. */
export function readyStatus(tail: Uint8Array): TransactionStatus | undefined {
  const n = tail.length;
  // 'Z', Int32 length 5, one status byte.
  if (n < 6 || tail[n - 6] !== 0x5a || tail[n - 5] !== 0 || tail[n - 4] !== 0 || tail[n - 3] !== 0 || tail[n - 2] !== 5) return undefined;
  const status = String.fromCharCode(tail[n - 1]!);
  return status === 'I' || status === 'T' || status === 'E' ? status : undefined;
}

const TAIL_BYTES = 6;

/** The last bytes of a reply that arrives in chunks: enough for readyStatus. */
export class ReplyTail {
  private bytes = new Uint8Array(0);

  add(chunk: Uint8Array): void {
    if (chunk.length >= TAIL_BYTES) {
      this.bytes = chunk.slice(chunk.length - TAIL_BYTES);
      return;
    }
    const joined = new Uint8Array(this.bytes.length + chunk.length);
    joined.set(this.bytes);
    joined.set(chunk, this.bytes.length);
    this.bytes = joined.slice(Math.max(0, joined.length - TAIL_BYTES));
  }

  status(): TransactionStatus | undefined {
    return readyStatus(this.bytes);
  }
}

export interface IdleCheckpointOptions {
  /**
   * Runs `check` when the database is free (the server's request queue). `check` answers
   * whether the database is busy after all (then the wait starts again), and runs the
   * checkpoint otherwise.
   */
  readonly whenFree: (check: () => Promise<'busy' | 'done'>) => void;
  /** True while requests are being answered (the shared-buffer loop). */
  readonly busy: () => boolean;
  /** The WAL insert position, as PostgreSQL prints it. */
  readonly walPosition: () => Promise<string>;
  readonly checkpoint: () => Promise<void>;
  readonly delayMs?: number;
  readonly timers?: Timers;
  /** After each idle check: whether it checkpointed (for tests). */
  readonly onChecked?: (checkpointed: boolean) => void;
}

export interface IdleCheckpoint {
  /** Call after every exchange with the status its reply ended with. */
  activity(status: TransactionStatus | undefined): void;
  /** The WAL position the database opened at (nothing to checkpoint before it moves). */
  opened(position: string): void;
  dispose(): void;
}

export function createIdleCheckpoint(options: IdleCheckpointOptions): IdleCheckpoint {
  const timers = options.timers ?? realTimers;
  const delayMs = options.delayMs ?? IDLE_CHECKPOINT_MS;
  let timer: unknown;
  let armed = false;
  let disposed = false;
  let checkpointedAt: string | undefined;

  const disarm = (): void => {
    if (armed) timers.clear(timer);
    armed = false;
  };
  const arm = (): void => {
    disarm();
    armed = true;
    timer = timers.set(fire, delayMs);
  };
  const check = async (): Promise<'busy' | 'done'> => {
    if (disposed) return 'done';
    if (options.busy()) return 'busy';
    const position = await options.walPosition();
    const moved = position !== checkpointedAt;
    if (moved) {
      await options.checkpoint();
      // The checkpoint record itself moves the position: read it after.
      checkpointedAt = await options.walPosition();
    }
    options.onChecked?.(moved);
    return 'done';
  };
  function fire(): void {
    armed = false;
    if (disposed) return;
    if (options.busy()) return arm();
    options.whenFree(async () => {
      const outcome = await check();
      if (outcome === 'busy' && !armed && !disposed) arm();
      return outcome;
    });
  }

  return {
    activity(status) {
      if (disposed) return;
      // A newer exchange restarts the wait; an open transaction postpones it until it ends.
      if (status === 'I') arm();
      else disarm();
    },
    opened(position) {
      checkpointedAt = position;
    },
    dispose() {
      disposed = true;
      disarm();
    },
  };
}
