/** How long a page that stops drawing frames (hidden meanwhile) waits for them at most. */
export const FRAME_WAIT_MS = 500;

/**
 * Settles once the page has drawn its next `count` frames (in a task after the last one's
 * callbacks, so after that frame is drawn): work that would compete with a paint the user
 * waits for goes after it. A hidden page draws no frames: there it settles at once, or
 * after FRAME_WAIT_MS if the page is hidden while it waits.
 */
export function afterFrames(count = 1): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'undefined' || document.visibilityState === 'hidden') return resolve();
    const timer = setTimeout(resolve, FRAME_WAIT_MS);
    const next = (left: number): void => {
      if (left > 0) {
        requestAnimationFrame(() => next(left - 1));
        return;
      }
      clearTimeout(timer);
      setTimeout(resolve, 0);
    };
    next(count);
  });
}
