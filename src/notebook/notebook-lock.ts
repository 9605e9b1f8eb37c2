import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { notebookLockName } from './address';
import type { EarlyLock } from '../start/early-start';

/**
 * - `waiting`: asking for the lock;
 * - `held`: this tab owns the notebook;
 * - `elsewhere`: another tab owns it;
 * - `lost`: another tab took it over.
 */
export type NotebookLockState = 'waiting' | 'held' | 'elsewhere' | 'lost';

export interface NotebookLock {
  readonly state: Accessor<NotebookLockState>;
  /** Takes the notebook from the tab that has it; resolves once that tab has let go. */
  takeOver(): Promise<void>;
  /** Call once this tab has saved everything and stopped its kernel after `lost`. */
  announceReleased(): void;
}

/** How long a taking-over tab waits for the other tab to say it saved and let go. */
const RELEASE_WAIT_MS = 3000;

/**
 * One tab at a time owns a notebook (a Web Lock per notebook). Two tabs editing the same
 * notebook would overwrite each other's saves, and its OPFS database admits one
 * connection only. A second tab is told so and may take the notebook over: the first
 * tab then saves, stops its kernel and says so on a BroadcastChannel.
 */
export function createNotebookLock(notebookId: string, early?: EarlyLock): NotebookLock {
  const name = notebookLockName(notebookId);
  const [state, setState] = createSignal<NotebookLockState>('waiting');
  const channel = new BroadcastChannel(name);
  let releaseLock: (() => void) | undefined;
  let disposed = false;

  const request = (options: LockOptions, onHeld: () => Promise<void> | void): Promise<void> =>
    navigator.locks
      .request(name, options, async (lock) => {
        if (!lock || disposed) {
          if (!lock) setState('elsewhere');
          return;
        }
        await onHeld();
        setState('held');
        await new Promise<void>((resolve) => (releaseLock = resolve));
      })
      .then(() => undefined)
      .catch((error: unknown) => {
        // A steal from another tab rejects our request with AbortError.
        if (error instanceof DOMException && error.name === 'AbortError' && !disposed) setState('lost');
        else if (!disposed) throw error;
      });

  const waitForRelease = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        channel.removeEventListener('message', onMessage);
        resolve();
      };
      const onMessage = (event: MessageEvent): void => {
        if (event.data === 'released') done();
      };
      const timer = setTimeout(done, RELEASE_WAIT_MS);
      channel.addEventListener('message', onMessage);
    });

  const adopted = early?.notebookId === notebookId ? early : undefined;
  if (adopted) {
    // Asked for as the page started (src/start/early-start.ts). Refused, it is asked for
    // again: on a reload the page it replaces may not have let go of it yet.
    void adopted.held.then((held) => {
      if (disposed) return;
      if (held) setState('held');
      else void request({ ifAvailable: true }, () => {});
    });
    void adopted.stolen.then(() => {
      if (!disposed) setState('lost');
    });
  } else void request({ ifAvailable: true }, () => {});
  onCleanup(() => {
    disposed = true;
    adopted?.release();
    releaseLock?.();
    channel.close();
  });

  return {
    state,
    takeOver: () => {
      setState('waiting');
      // Listen before stealing, so the other tab's answer cannot be missed.
      const released = waitForRelease();
      return request({ steal: true }, () => released);
    },
    announceReleased: () => channel.postMessage('released'),
  };
}
