import { render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { expect, it } from 'vitest';
import { postgresMajor } from 'virtual:ripple-kernel-assets';
import { UpdateBanner } from '../../src/offline/OfflinePanels';
import { withoutServiceWorker, type OfflineApp } from '../../src/offline/service-worker-client';
import type { VersionInfo } from '../../src/offline/sw-protocol';

/** The app's service worker connection with a new version waiting. */
function withUpdate(next: VersionInfo): OfflineApp {
  const [update] = createSignal<'ready'>('ready');
  return { ...withoutServiceWorker(), update, nextVersion: () => next };
}

it('names the new version and says nothing more when it runs the same PostgreSQL', () => {
  const { getByRole } = render(() => <UpdateBanner offline={withUpdate({ app: '0.2.0', postgresMajor })} />);
  expect(getByRole('status', { name: 'App version' }).textContent).toBe('A new version is ready (Ripple 0.2.0).Reload');
});

it('warns before an update whose PostgreSQL cannot open the databases, and points to Export SQL', () => {
  const { getByRole } = render(() => <UpdateBanner offline={withUpdate({ app: '1.0.0', postgresMajor: postgresMajor + 1 })} />);
  expect(getByRole('status', { name: 'App version' }).textContent).toBe(
    `A new version is ready (Ripple 1.0.0).It runs PostgreSQL ${postgresMajor + 1}, which cannot open the databases of your notebooks (PostgreSQL ${postgresMajor}). ` +
      "Before you reload, download each notebook's data with Export SQL; the databases stay in this browser either way.Reload",
  );
});
