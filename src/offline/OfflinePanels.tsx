import { createResource, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import type { InstallPrompt } from './install-prompt';
import type { OfflineApp } from './service-worker-client';
import { formatSize, type StorageStatus } from './storage-status';
import type { VersionInfo } from './sw-protocol';
import { postgresMajor } from 'virtual:ripple-kernel-assets';

/** The next version's PostgreSQL major when it differs from this one's (its PGlite cannot open today's databases). */
function newPostgres(next: VersionInfo | undefined): number | undefined {
  return next && next.postgresMajor !== postgresMajor ? next.postgresMajor : undefined;
}

/** "A new version is ready": the only way an update reaches an open page. */
export function UpdateBanner(props: { offline: OfflineApp }): JSX.Element {
  return (
    <Show when={props.offline.update() !== 'none' || props.offline.firstInstall()}>
      <div class="app-banner" role="status" aria-label="App version">
        <Switch>
          <Match when={props.offline.update() === 'ready'}>
            <span>A new version is ready{props.offline.nextVersion() ? ` (Ripple ${props.offline.nextVersion()?.app})` : ''}.</span>
            <Show when={newPostgres(props.offline.nextVersion())}>
              {(major) => (
                <span class="warning">
                  It runs PostgreSQL {major()}, which cannot open the databases of your notebooks (PostgreSQL {postgresMajor}). Before you reload,
                  download each notebook's data with Export SQL; the databases stay in this browser either way.
                </span>
              )}
            </Show>
            <button type="button" onClick={() => void props.offline.applyUpdate()}>Reload</button>
          </Match>
          <Match when={props.offline.update() === 'elsewhere'}>
            <span>Ripple was updated in another tab. Reload this tab to use the new version.</span>
            <button type="button" onClick={() => void props.offline.applyUpdate()}>Reload</button>
          </Match>
          <Match when={props.offline.firstInstall()}>
            <span>
              Saving Ripple for offline use; Python starts when this is done.
              {props.offline.reloadsAfterInstall ? ' The page then reloads once; your edits are kept.' : ''}
            </span>
          </Match>
        </Switch>
      </div>
    </Show>
  );
}

export function InstallButton(props: { prompt: InstallPrompt }): JSX.Element {
  return (
    <Show when={props.prompt.available()}>
      <button type="button" title="Install Ripple as an app: its own window, works offline" onClick={() => void props.prompt.install()}>
        Install app
      </button>
    </Show>
  );
}

const REFRESH_MS = 30_000;

/** Storage used and quota, persistence, and what the app keeps for offline use. */
export function StoragePanel(props: { storage: StorageStatus; offline: OfflineApp }): JSX.Element {
  const [offlineCopy] = createResource(() => props.offline.precacheInfo());
  void props.storage.refresh();
  const timer = setInterval(() => void props.storage.refresh(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  return (
    <section class="storage" aria-label="Storage">
      <p class="muted">Ripple {__RIPPLE_VERSION__}</p>
      <Show when={offlineCopy()}>{(copy) => <p class="muted">Works offline ({formatSize(copy().bytes)} in {copy().files} files).</p>}</Show>
      <Show when={props.storage.facts()}>
        {(facts) => (
          <>
            <p class="muted" aria-label="Storage used">
              {formatSize(facts().usage)} of {formatSize(facts().quota)} used
            </p>
            <p class="muted" aria-label="Storage persistence">
              {facts().persisted
                ? 'Persistent: the browser keeps your notebooks even when space runs low.'
                : facts().refused
                  ? 'Not persistent: the browser refused, so it may delete your notebooks and databases when the device runs low on space; export the ones you need.'
                  : 'Not yet persistent: Ripple asks the browser to keep your notebooks when you first create or edit one.'}
            </p>
          </>
        )}
      </Show>
    </section>
  );
}
