/**
 * Chromium fires `beforeinstallprompt` once, as soon as it judges the app installable,
 * which can be before the app's code (loaded after the page's entry) listens. The entry
 * calls `captureInstallOffer` so that offer is kept for the "Install app" button.
 */
let offer: Event | undefined;

export function captureInstallOffer(): void {
  if (typeof window === 'undefined') return;
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault(); // no mini-infobar: the toolbar button is the affordance
    offer = event;
  });
  window.addEventListener('appinstalled', () => (offer = undefined));
}

/** The offer the browser made before the app listened, if it still stands. */
export function earlyInstallOffer(): Event | undefined {
  return offer;
}
