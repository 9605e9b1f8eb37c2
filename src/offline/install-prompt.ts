import { createSignal, onCleanup, type Accessor } from 'solid-js';

/** Chromium's install offer (not in TypeScript's DOM types). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ readonly outcome: 'accepted' | 'dismissed' }>;
}

export interface InstallPrompt {
  /** True while the browser offers installation and the app is not installed. */
  readonly available: Accessor<boolean>;
  /** Shows the browser's install dialog. */
  install(): Promise<void>;
}

/** Tracks the browser's install offer (`beforeinstallprompt`) for an "Install app" button. */
export function createInstallPrompt(): InstallPrompt {
  const [offer, setOffer] = createSignal<BeforeInstallPromptEvent>();
  const standalone = typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches;
  const onOffer = (event: Event): void => {
    event.preventDefault(); // no mini-infobar: the toolbar button is the affordance
    if (!standalone) setOffer(event as BeforeInstallPromptEvent);
  };
  const onInstalled = (): void => {
    setOffer(undefined);
  };
  window.addEventListener('beforeinstallprompt', onOffer);
  window.addEventListener('appinstalled', onInstalled);
  onCleanup(() => {
    window.removeEventListener('beforeinstallprompt', onOffer);
    window.removeEventListener('appinstalled', onInstalled);
  });
  return {
    available: () => offer() !== undefined,
    async install() {
      const event = offer();
      if (!event) return;
      await event.prompt();
      // An offer can be used once; the browser offers again later if it was dismissed.
      const { outcome } = await event.userChoice;
      if (outcome === 'accepted' || offer() === event) setOffer(undefined);
    },
  };
}
