/**
 * The browser's install offers (`beforeinstallprompt`), caught from the page's first module
 * on (src/start/early.ts). Chromium fires the event once per page load, as soon as it has
 * judged the app installable, and does not fire it again for that page; the app renders
 * only after its code has been imported, so a listener the app added itself could come too
 * late, and the "Install app" button would then stay hidden until the next load.
 *
 * No Solid here: this runs before the app's code (and Solid) has arrived.
 */

/** Chromium's install offer (not in TypeScript's DOM types). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ readonly outcome: 'accepted' | 'dismissed' }>;
}

export interface InstallOffers {
  /** The offer standing now: undefined before the browser made one, once used, or after an install. */
  current(): BeforeInstallPromptEvent | undefined;
  /** Forgets `offer` if it still stands: an offer can prompt once (the browser offers again later). */
  used(offer: BeforeInstallPromptEvent): void;
  /** Calls `listener` whenever `current()` changes; returns what stops it. */
  watch(listener: () => void): () => void;
}

export function catchInstallOffers(target: EventTarget): InstallOffers {
  let offer: BeforeInstallPromptEvent | undefined;
  const listeners = new Set<() => void>();
  const set = (next: BeforeInstallPromptEvent | undefined): void => {
    offer = next;
    for (const listener of listeners) listener();
  };
  // For the page's lifetime: the offer can come at any time, and the app keeps listening.
  target.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault(); // no mini-infobar: the app's "Install app" button is the affordance
    set(event as BeforeInstallPromptEvent);
  });
  target.addEventListener('appinstalled', () => set(undefined));
  return {
    current: () => offer,
    used(used) {
      if (offer === used) set(undefined);
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
