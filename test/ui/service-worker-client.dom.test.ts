import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STARTUP_WAIT_MS, startOfflineApp, type OfflineApp } from '../../src/offline/service-worker-client';
import { FRAME_WAIT_MS } from '../../src/after-frames';

/**
 * A service worker container that records when it is asked to register. Registration
 * itself is the browser's (the e2e offline tests run the real one); what is tested here
 * is when the page asks for it.
 */
function fakeContainer(controlled: boolean): { container: ServiceWorkerContainer; registered: () => number } {
  let registrations = 0;
  const registration = {
    active: null,
    installing: null,
    waiting: null,
    addEventListener: () => {},
    update: async () => undefined,
  } as unknown as ServiceWorkerRegistration;
  const container = {
    controller: controlled ? ({} as ServiceWorker) : null,
    register: async () => {
      registrations += 1;
      return registration;
    },
    addEventListener: () => {},
    removeEventListener: () => {},
  } as unknown as ServiceWorkerContainer;
  return { container, registered: () => registrations };
}

function setIsolated(isolated: boolean): void {
  Object.defineProperty(globalThis, 'crossOriginIsolated', { value: isolated, configurable: true });
}

function start(controlled: boolean): { app: OfflineApp; registered: () => number; dispose: () => void } {
  const { container, registered } = fakeContainer(controlled);
  return createRoot((dispose) => ({ app: startOfflineApp('/sw.js', '/', container), registered, dispose }));
}

/** Lets promise callbacks (the registration chain) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

afterEach(() => {
  vi.useRealTimers();
  setIsolated(false);
  sessionStorage.clear();
});

describe('startOfflineApp: when the service worker is registered', () => {
  it.each([
    { page: 'a first visit, isolated by the host', controlled: false },
    { page: 'a reload under the worker', controlled: true },
  ])('on $page, only once the start-up given to saveAfter has settled and the page has drawn two frames since', async ({ controlled }) => {
    vi.useFakeTimers();
    setIsolated(true);
    const { app, registered, dispose } = start(controlled);
    let finish!: () => void;
    app.saveAfter(new Promise<void>((resolve) => (finish = resolve)));
    await vi.advanceTimersByTimeAsync(STARTUP_WAIT_MS - 1);
    const during = registered();
    finish();
    await settle();
    const beforeFrames = registered();
    await vi.advanceTimersByTimeAsync(16); // one frame (fake timers draw one every 16 ms)
    const afterOneFrame = registered();
    await vi.advanceTimersByTimeAsync(17);
    expect({ during, beforeFrames, afterOneFrame, after: registered() }).toEqual({ during: 0, beforeFrames: 0, afterOneFrame: 0, after: 1 });
    dispose();
  });

  it('after FRAME_WAIT_MS in a page that stops drawing frames (hidden meanwhile)', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', () => 0);
    setIsolated(true);
    const { app, registered, dispose } = start(true);
    app.saveAfter(Promise.resolve());
    await vi.advanceTimersByTimeAsync(FRAME_WAIT_MS - 1);
    const before = registered();
    await vi.advanceTimersByTimeAsync(1);
    expect({ before, after: registered() }).toEqual({ before: 0, after: 1 });
    vi.unstubAllGlobals();
    dispose();
  });

  it('after a start-up that failed as well', async () => {
    setIsolated(true);
    const { app, registered, dispose } = start(false);
    app.saveAfter(Promise.reject(new Error('the kernel did not start')));
    await vi.waitFor(() => expect(registered()).toBe(1));
    dispose();
  });

  it('after STARTUP_WAIT_MS when no start-up is given (no notebook opened) or it never ends', async () => {
    vi.useFakeTimers();
    setIsolated(true);
    const never = start(false);
    never.app.saveAfter(new Promise<void>(() => {}));
    const none = start(false);
    await vi.advanceTimersByTimeAsync(STARTUP_WAIT_MS - 1);
    const before = [never.registered(), none.registered()];
    await vi.advanceTimersByTimeAsync(1);
    expect({ before, after: [never.registered(), none.registered()] }).toEqual({ before: [0, 0], after: [1, 1] });
    never.dispose();
    none.dispose();
  });

  it('at once on a first visit the host did not isolate: the kernel waits for the worker', async () => {
    setIsolated(false);
    const { registered, dispose } = start(false);
    await settle();
    expect(registered()).toBe(1);
    dispose();
  });
});
