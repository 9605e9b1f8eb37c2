import { createEffect, createSignal, on, onCleanup, untrack, type Accessor } from 'solid-js';
import { realTimers, type Timers } from '../../workers/timers';

/**
 * `source`, except that it turns true only once `source` has been true for `delayMs`
 * (it turns false at once). True from the start when `source` already is.
 *
 * Why a timer and not a CSS transition delay: a transition or animation, even in its
 * delay, keeps Chromium drawing a frame at every vsync. A run started meanwhile (a person
 * pressing Ctrl+Enter 0.2-0.5 s after typing, while the edit's dependents turn stale and
 * fade) then had its result wait for the next vsync, and its messages queue behind those
 * frames: on the reactive bench, with a 300 ms pause before Ctrl+Enter, painted p50
 * 28.6 ms against 16.9 ms without the fade. A timer changes the page once, when it fires.
 */
export function createLasting(source: Accessor<boolean>, delayMs: number, timers: Timers = realTimers): Accessor<boolean> {
  const [lasting, setLasting] = createSignal(untrack(source));
  let timer: unknown;
  const cancel = (): void => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };
  createEffect(
    on(
      source,
      (now) => {
        if (!now) {
          cancel();
          setLasting(false);
        } else if (!lasting() && timer === undefined) {
          timer = timers.set(() => {
            timer = undefined;
            setLasting(true);
          }, delayMs);
        }
      },
      { defer: true },
    ),
  );
  onCleanup(cancel);
  return lasting;
}
