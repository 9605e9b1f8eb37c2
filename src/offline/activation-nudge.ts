/**
 * Keeps asking the browser to hand over to a waiting service worker until it has.
 *
 * Chromium swaps versions only once the old worker has stopped, and it asks the old
 * worker to stop once per `skipWaiting()`: a request from any tab that reaches the old
 * worker while it stops starts it again, and from then on nothing asks again, so the new
 * version waits for Chromium's lame-duck limit, five minutes (here it was still waiting
 * after 150 s). Reload then did nothing: an e2e test saw it once in CI, and a tab
 * fetching while Reload is pressed shows it every time (see Chromium's
 * `ServiceWorkerRegistration::ActivateWaitingVersionWhenReady`). Chromium asks again at
 * every navigation inside the scope, so until the page is handed over this loads a small
 * precached file into a hidden frame every `intervalMs`: each load asks the old worker
 * to stop as soon as it is idle.
 *
 * Not sooner than `intervalMs`: a handover that is under way takes about 0.1-0.3 s, and a
 * load that reaches the old worker while it stops would itself start it again.
 *
 * Returns a function that stops nudging.
 */
export function nudgeActivation(url: string, intervalMs = 1000): () => void {
  let frame: HTMLIFrameElement | undefined;
  const nudge = (): void => {
    frame?.remove();
    const next = document.createElement('iframe');
    next.hidden = true;
    next.tabIndex = -1;
    next.setAttribute('aria-hidden', 'true');
    next.title = 'Switching to the new version';
    next.addEventListener('load', () => next.remove(), { once: true });
    next.src = url;
    document.body.append(next);
    frame = next;
  };
  const timer = setInterval(nudge, intervalMs);
  return () => {
    clearInterval(timer);
    frame?.remove();
  };
}
