import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createInstallPrompt } from '../../src/offline/install-prompt';
import { catchInstallOffers } from '../../src/offline/install-offers';
import { createStorageStatus, formatSize } from '../../src/offline/storage-status';

/** The shape of Chromium's BeforeInstallPromptEvent, answered as the user would. */
function installOffer(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompts: number };
  event.prompts = 0;
  Object.assign(event, {
    prompt: async () => {
      event.prompts += 1;
    },
    userChoice: Promise.resolve({ outcome }),
  });
  return event;
}

describe('createInstallPrompt', () => {
  it('offers installation when the browser does, shows the dialog on install, and hides once installed', async () => {
    const page = new EventTarget();
    const offers = catchInstallOffers(page);
    await createRoot(async (dispose) => {
      const prompt = createInstallPrompt(offers);
      const states = [prompt.available()];
      const offer = installOffer('accepted');
      page.dispatchEvent(offer);
      states.push(prompt.available());
      await prompt.install();
      states.push(prompt.available());
      expect({ states, prompts: offer.prompts, miniInfobarSuppressed: offer.defaultPrevented }).toEqual({
        states: [false, true, false],
        prompts: 1,
        miniInfobarSuppressed: true,
      });
      dispose();
    });
  });

  // Chromium fires the offer once per page load, and can fire it before the app (imported
  // after the page's first module) has rendered.
  it('shows an offer the browser made before the app rendered, its mini-infobar already suppressed', () => {
    const page = new EventTarget();
    const offers = catchInstallOffers(page);
    const offer = installOffer('dismissed');
    page.dispatchEvent(offer);
    createRoot((dispose) => {
      const prompt = createInstallPrompt(offers);
      expect({ available: prompt.available(), miniInfobarSuppressed: offer.defaultPrevented }).toEqual({ available: true, miniInfobarSuppressed: true });
      dispose();
    });
  });

  it('hides when the app is installed another way (appinstalled)', () => {
    const page = new EventTarget();
    createRoot((dispose) => {
      const prompt = createInstallPrompt(catchInstallOffers(page));
      page.dispatchEvent(installOffer('dismissed'));
      const offered = prompt.available();
      page.dispatchEvent(new Event('appinstalled'));
      expect({ offered, after: prompt.available() }).toEqual({ offered: true, after: false });
      dispose();
    });
  });

  it('a dismissed offer is used up; the browser offers again later', async () => {
    const page = new EventTarget();
    await createRoot(async (dispose) => {
      const prompt = createInstallPrompt(catchInstallOffers(page));
      page.dispatchEvent(installOffer('dismissed'));
      await prompt.install();
      const afterDismiss = prompt.available();
      page.dispatchEvent(installOffer('dismissed'));
      expect({ afterDismiss, offeredAgain: prompt.available() }).toEqual({ afterDismiss: false, offeredAgain: true });
      dispose();
    });
  });
});

/** A StorageManager that grants or refuses persistence, as browsers do. */
function storageManager(grants: boolean): StorageManager & { asked: number } {
  let persisted = false;
  const manager = {
    asked: 0,
    estimate: async () => ({ usage: 42_000_000, quota: 10_800_000_000 }),
    persisted: async () => persisted,
    persist: async () => {
      manager.asked += 1;
      persisted = grants;
      return grants;
    },
    getDirectory: async () => {
      throw new Error('not used');
    },
  };
  return manager as unknown as StorageManager & { asked: number };
}

describe('createStorageStatus', () => {
  it.each([
    ['granted', true, { usage: 42_000_000, quota: 10_800_000_000, persisted: true, refused: false }],
    ['refused', false, { usage: 42_000_000, quota: 10_800_000_000, persisted: false, refused: true }],
  ])('persistence %s: asked once however often requested', async (_name, grants, facts) => {
    const manager = storageManager(grants);
    const status = createStorageStatus(manager);
    status.requestPersistence();
    status.requestPersistence();
    await expect.poll(() => status.facts()).toEqual(facts);
    expect(manager.asked).toBe(1);
  });

  it('before anything was asked: usage and quota, not refused', async () => {
    const status = createStorageStatus(storageManager(false));
    await status.refresh();
    expect(status.facts()).toEqual({ usage: 42_000_000, quota: 10_800_000_000, persisted: false, refused: false });
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [41_480_000, '41.5 MB'],
    [10_800_000_000, '10.8 GB'],
    [123_000_000, '123 MB'],
  ])('%i → %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});
