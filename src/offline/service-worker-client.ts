import { createSignal, type Accessor } from 'solid-js';
import type { PrecacheInfo, ToServiceWorker, VersionInfo } from './sw-protocol';
import { markNow } from '../../workers/timeline';
import { nudgeActivation } from './activation-nudge';
import { VERSION_FILE } from './version-file';
import { afterFrames } from '../after-frames';
import { deferred } from '../../workers/deferred';

/** Whether Python can be interrupted in place (SharedArrayBuffer), and if not, why. */
export type Isolation = { readonly isolated: true } | { readonly isolated: false; readonly reason: string };

/**
 * `none`: nothing new. `ready`: a new version is installed and waits for the user's Reload.
 * `elsewhere`: another tab applied a new version; this tab still runs the old one.
 */
export type UpdateState = 'none' | 'ready' | 'elsewhere';

export interface OfflineApp {
  /**
   * Settles when the kernel may start: the page is isolated, or isolation is not coming.
   * Never settles when the page is about to reload itself into isolation (first visit),
   * so no kernel starts only to be thrown away.
   */
  readonly isolation: Promise<Isolation>;
  readonly update: Accessor<UpdateState>;
  /**
   * True on a first visit while the app is saved for offline use and the kernel waits
   * for it (a page that must reload into isolation).
   */
  readonly firstInstall: Accessor<boolean>;
  /** The first visit ends with one reload into isolation (the host sends no COOP/COEP). */
  readonly reloadsAfterInstall: boolean;
  /** Flushes pending saves, lets the new version take over and reloads into it. */
  applyUpdate(): Promise<void>;
  /** The version Reload would bring, once a new one is ready. */
  readonly nextVersion: Accessor<VersionInfo | undefined>;
  /** How much the running version keeps for offline use (undefined without a service worker). */
  precacheInfo(): Promise<PrecacheInfo | undefined>;
  /** Runs before any reload this module causes: the app flushes unsaved edits here. */
  onBeforeReload(flush: () => Promise<void>): void;
  /**
   * The page's start-up work (the first notebook's kernel start and opening run): the
   * offline copy is saved once it settles, so that saving does not compete with it.
   * The first call counts; later ones change nothing.
   */
  saveAfter(startup: Promise<unknown>): void;
}

/** Set just before the one reload into isolation; a second reload is never attempted. */
const RELOAD_MARK = 'ripple:isolation-reload';
const UPDATE_CHECK_MS = 30 * 60 * 1000;
/** How long a first visit waits for the offline copy before starting the kernel without isolation. */
const FIRST_INSTALL_WAIT_MS = 30_000;
/**
 * How long registration waits for the page's start-up (`saveAfter`) at most: a page that
 * opens no notebook, or one whose database waits for a password, is saved all the same.
 * A first visit's start-up (PGlite's database written from the template, Python started,
 * the opening run) took 6.6-8.7 s on a slow 2-core host and over 10 s with another browser
 * busy beside it: 20 s, so a slow machine does not download the 43 MB copy while its
 * kernel starts.
 */
export const STARTUP_WAIT_MS = 20_000;

function currentIsolation(reason: string): Isolation {
  return globalThis.crossOriginIsolated === true ? { isolated: true } : { isolated: false, reason };
}

/** Without a service worker (dev server, tests, private windows): isolation is what the server gave. */
export function withoutServiceWorker(reason = 'the server does not send the isolation headers and no service worker adds them'): OfflineApp {
  const [update] = createSignal<UpdateState>('none');
  return {
    isolation: Promise.resolve(currentIsolation(reason)),
    update,
    nextVersion: () => undefined,
    firstInstall: () => false,
    reloadsAfterInstall: false,
    applyUpdate: async () => location.reload(),
    precacheInfo: async () => undefined,
    onBeforeReload: () => {},
    saveAfter: () => {},
  };
}

/**
 * Registers the service worker and runs the two reloads it may need: once on the first
 * visit to become cross-origin isolated (a static host cannot send COOP/COEP; the worker
 * adds them), and when the user accepts an update. Nothing else reloads the page.
 */
export function startOfflineApp(
  scriptURL: string,
  scope: string,
  container: ServiceWorkerContainer | undefined = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined,
): OfflineApp {
  if (!container) return withoutServiceWorker('this browser offers no service worker here (a private window or an insecure origin)');

  const flushes: (() => Promise<void>)[] = [];
  const reload = async (): Promise<void> => {
    // Edits typed in the last 0.3 s are still in memory: write them before leaving.
    await Promise.allSettled(flushes.map((flush) => flush()));
    location.reload();
  };

  const [update, setUpdate] = createSignal<UpdateState>('none');
  const [nextVersion, setNextVersion] = createSignal<VersionInfo>();
  const [firstInstall, setFirstInstall] = createSignal(false);
  const startedControlled = container.controller !== null;
  let updateRequested = false;
  const isolated = globalThis.crossOriginIsolated === true;
  // Registering starts the install, which downloads and stores the whole app (43 MB) on
  // the same two cores as the kernel's start. A page that can start its kernel without
  // the worker (isolated already, or controlled) registers after its start-up instead.
  // First visit on a host that sends COOP/COEP, to the first SQL result, 6 interleaved
  // rounds on the bench host: 4.65 s (4.51-5.45) registering at once, 3.66 s (3.45-3.95)
  // after start-up; the offline copy is complete about 1.5 s later than before.
  // A page that needs the worker for isolation registers at once: its kernel waits.
  const startup = deferred<RegisterReason>();
  const registerNow = !isolated && container.controller === null;
  const startupTimer = registerNow ? undefined : setTimeout(() => startup.resolve('after waiting for start-up'), STARTUP_WAIT_MS);
  const startupOver = registerNow ? Promise.resolve<RegisterReason>('at once') : startup.promise;
  let startupGiven = false;
  const register = (reason: RegisterReason): Promise<ServiceWorkerRegistration | undefined> => {
    markNow(`service worker registered ${reason}`);
    return container.register(scriptURL, { scope });
  };
  // Automation that blocks service workers resolves with no registration at all.
  const registration = startupOver.then(register).then((reg: ServiceWorkerRegistration | undefined) => {
    if (!reg) throw new Error('service workers are blocked in this browser');
    return reg;
  });

  if (isolated) sessionStorage.removeItem(RELOAD_MARK);
  const reloadIntoIsolation = (): Promise<never> => {
    sessionStorage.setItem(RELOAD_MARK, String(Date.now()));
    void reload();
    return new Promise<never>(() => {}); // the page is going away
  };
  const notIsolatedAfterReload: Isolation = { isolated: false, reason: 'the page reloaded once under the service worker and is still not isolated' };

  const isolation = ((): Promise<Isolation> => {
    if (container.controller) {
      if (isolated) return Promise.resolve({ isolated: true });
      return sessionStorage.getItem(RELOAD_MARK) === null ? reloadIntoIsolation() : Promise.resolve(notIsolatedAfterReload);
    }
    // No service worker controls the page: a first visit (or a reload that bypassed the
    // worker). On a host that sends COOP/COEP itself the page is isolated already and no
    // reload is coming, so the kernel starts at once, and the worker's install follows its
    // start-up (above). The files are not downloaded twice: the install asks for the
    // content-addressed files with the HTTP cache allowed (Workbox, entries without a
    // revision), and gets what the kernel fetched from there (one GET per file on a host
    // that sends ETag or Last-Modified; tested). First visit to the first SQL result,
    // interleaved, 6 rounds: 6.73 s when the kernel waited for the install, 5.64 s at
    // once. Nothing waits for the install then, so no banner says so either (one that
    // came and went above the notebook moved it while the user worked); the Storage
    // region shows the offline copy once it is there.
    if (isolated) return Promise.resolve({ isolated: true });
    // Without isolation the kernel waits until the worker has saved the app and controls
    // the page, then the page reloads into isolation, once; a kernel started before would
    // be lost, and its downloads with it.
    return new Promise<Isolation>((resolve) => {
      const startWith = (reason: string): void => {
        clearTimeout(timer);
        container.removeEventListener('controllerchange', onControl);
        setFirstInstall(false);
        resolve(isolated ? { isolated: true } : { isolated: false, reason });
      };
      const onControl = (): void => {
        if (isolated || sessionStorage.getItem(RELOAD_MARK) !== null) return startWith('the page reloaded once under the service worker and is still not isolated');
        clearTimeout(timer);
        void reloadIntoIsolation();
      };
      // Once the kernel has started without isolation, a reload would lose its work:
      // stop waiting for the worker, and the next visit is isolated instead.
      const timer = setTimeout(() => startWith(`saving the app for offline use took longer than ${FIRST_INSTALL_WAIT_MS / 1000} s; the next visit will be isolated`), FIRST_INSTALL_WAIT_MS);
      setFirstInstall(true);
      container.addEventListener('controllerchange', onControl, { once: true });
      registration.then(
        (reg) => {
          if (reg.active) {
            // Installed already, yet not in control: a reload that bypassed the worker
            // (Shift+Reload). A normal reload brings it back, once.
            if (isolated || sessionStorage.getItem(RELOAD_MARK) !== null) return startWith('this load bypassed the service worker');
            clearTimeout(timer);
            void reloadIntoIsolation();
            return;
          }
          // An install that fails (quota, a missing file) leaves the page uncontrolled.
          const worker = reg.installing ?? reg.waiting;
          worker?.addEventListener('statechange', () => {
            if (worker.state === 'redundant' && !container.controller) startWith('the service worker could not be installed');
          });
        },
        (error: unknown) => startWith(`the service worker could not be registered (${error instanceof Error ? error.message : String(error)})`),
      );
    });
  })();

  void registration.then((reg) => {
    const ready = (waiting: ServiceWorker): void => {
      setUpdate('ready');
      void ask<VersionInfo>(waiting, { type: 'version-info' }).then(setNextVersion);
    };
    const watch = (worker: ServiceWorker | null): void => {
      worker?.addEventListener('statechange', () => {
        // A worker installed while another controls the page is a new version.
        if (worker.state === 'installed' && container.controller) ready(worker);
      });
    };
    if (reg.waiting && container.controller) ready(reg.waiting);
    watch(reg.installing);
    reg.addEventListener('updatefound', () => watch(reg.installing));
    const check = (): void => void reg.update().catch(() => {}); // offline: try later
    setInterval(check, UPDATE_CHECK_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });
  }, () => {});

  let stopNudging: (() => void) | undefined;
  container.addEventListener('controllerchange', () => {
    stopNudging?.();
    if (updateRequested) void reload();
    // Another tab pressed Reload: this page keeps running its version (the worker keeps
    // that version's files while this page is open) until the user reloads it.
    else if (startedControlled) setUpdate('elsewhere');
  });

  return {
    isolation,
    update,
    firstInstall,
    reloadsAfterInstall: !isolated,
    async applyUpdate() {
      const reg = await registration.catch(() => undefined);
      const waiting = reg?.waiting;
      if (!reg || !waiting) return reload();
      await Promise.allSettled(flushes.map((flush) => flush()));
      updateRequested = true;
      const message: ToServiceWorker = { type: 'skip-waiting' };
      waiting.postMessage(message);
      // A request from another tab can stall the handover (activation-nudge.ts).
      if (!stopNudging) {
        stopNudging = nudgeActivation(new URL(VERSION_FILE, reg.scope).href);
        // A version that fails to activate never hands over: stop asking.
        waiting.addEventListener('statechange', () => waiting.state === 'redundant' && stopNudging?.());
      }
    },
    nextVersion,
    async precacheInfo() {
      const active = (await registration.catch(() => undefined))?.active;
      return active ? ask<PrecacheInfo>(active, { type: 'precache-info' }) : undefined;
    },
    onBeforeReload(flush) {
      flushes.push(flush);
    },
    saveAfter(work) {
      if (startupGiven) return;
      startupGiven = true;
      const over = (): void => {
        clearTimeout(startupTimer);
        // Once the start-up's results are on screen: the kernel's run is over before the
        // page has painted what it sent, and registering starts the install, whose
        // downloads and precaching took the two cores from that frame (the fast host's
        // first visit: the run over at 2.29 s, its first SQL result painted at 2.47 s).
        void afterFrames(2).then(() => startup.resolve('after start-up'));
      };
      work.then(over, over);
    },
  };
}

/** Why the page registered its worker when it did (a `ripple:` timeline mark says which). */
type RegisterReason = 'at once' | 'after start-up' | 'after waiting for start-up';

/** One question to a service worker, answered on a MessageChannel. */
function ask<T>(worker: ServiceWorker, message: ToServiceWorker): Promise<T | undefined> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<T | undefined>) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}
