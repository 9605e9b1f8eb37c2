import type { BrowserContext, Page } from 'playwright-core';
import type { StaticServer } from './static-server';

/** Everything a context asked of the network, what failed, and the pages' errors. */
export interface Traffic {
  readonly requests: string[];
  readonly failed: string[];
  readonly errors: string[];
  /** Requests that went anywhere but `origin` (data: and blob: URLs are not requests to a host). */
  elsewhere(origin: string): string[];
}

export function watchTraffic(context: BrowserContext): Traffic {
  const requests: string[] = [];
  const failed: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('requestfailed', (request) => {
    // Aborted by us, not failed: a reload, or a kernel worker ended (opening another
    // notebook), cancels its downloads. An offline miss is ERR_FAILED or a refused connection.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    const by = request.serviceWorker() ? 'service worker' : request.frame().url() ? 'page' : 'worker';
    failed.push(`${request.url()} (${by}): ${request.failure()?.errorText ?? '?'}`);
  });
  const watchPage = (page: Page): void => void page.on('pageerror', (error) => errors.push(error.message));
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return {
    requests,
    failed,
    errors,
    elsewhere: (origin) => requests.filter((url) => !url.startsWith(origin) && !/^(data|blob):/.test(url)),
  };
}

/** Counts the documents the page requested (a hash change is not one). */
export function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) loads += 1;
  });
  return () => loads;
}

/**
 * Waits until the page is controlled by the service worker and cross-origin isolated.
 * The first visit reloads itself on the way, which destroys the context being polled.
 */
export async function waitForIsolation(page: Page, timeout = 90_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await page.waitForFunction(() => globalThis.crossOriginIsolated === true && navigator.serviceWorker.controller !== null, undefined, {
        timeout: Math.max(1, deadline - Date.now()),
      });
      return;
    } catch (error) {
      const navigated = error instanceof Error && /context was destroyed|navigation/i.test(error.message);
      if (!navigated || Date.now() > deadline) throw error;
    }
  }
}

export async function waitForKernelReady(page: Page, timeout = 120_000): Promise<void> {
  await page.getByRole('status', { name: 'Kernel state' }).filter({ hasText: /ready/ }).waitFor({ timeout });
}

/**
 * No network at all: the browser is offline, and the host is gone too, because
 * `setOffline` does not stop the service worker's own fetches.
 */
export async function goOffline(context: BrowserContext, server: StaticServer): Promise<void> {
  await context.setOffline(true);
  await server.close();
}
