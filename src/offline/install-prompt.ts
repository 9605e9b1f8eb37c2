import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { InstallOffers } from './install-offers';

export interface InstallPrompt {
  /** True while the browser offers installation and the app is not installed. */
  readonly available: Accessor<boolean>;
  /** Shows the browser's install dialog. */
  install(): Promise<void>;
}

/** The "Install app" button's state, from the offers caught since the page started (install-offers.ts). */
export function createInstallPrompt(offers: InstallOffers): InstallPrompt {
  // The installed app's own window: nothing to offer (the browser makes no offer there either).
  const standalone = typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches;
  const [offer, setOffer] = createSignal(offers.current());
  onCleanup(offers.watch(() => setOffer(() => offers.current())));
  return {
    available: () => !standalone && offer() !== undefined,
    async install() {
      const event = offer();
      if (!event) return;
      await event.prompt();
      // Accepted: gone (appinstalled follows); dismissed: the browser offers again later.
      await event.userChoice;
      offers.used(event);
    },
  };
}
