import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlainChromium } from '../../bench/plain-chromium';

// The page reads what the init script left: it ran before the page's own script.
const PAGE = `<!doctype html><title>page</title><script>
  document.title = 'init ' + (typeof window.__init === 'number' ? 'ran first' : 'missing');
  window.answer = Promise.resolve(41 + 1);
</script>`;

describe('PlainChromium (the start-up bench without Playwright), in real Chromium', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('runs its init script before each document, waits for it, evaluates promises, reloads', async () => {
    const browser = await PlainChromium.launch('window.__init = performance.now();');
    try {
      await browser.navigate(url);
      await browser.waitFor("document.title.startsWith('init ')", 30_000);
      expect(await browser.evaluate<string>('document.title')).toBe('init ran first');
      expect(await browser.evaluate<number>('window.answer')).toBe(42);

      const origin = await browser.evaluate<number>('performance.timeOrigin');
      await browser.evaluate('window.marker = 1');
      await browser.reload();
      await browser.waitFor(`performance.timeOrigin !== ${origin} && document.title.startsWith('init ')`, 30_000);
      expect(await browser.evaluate<string>('document.title')).toBe('init ran first');
      expect(await browser.evaluate<unknown>('window.marker')).toBeUndefined(); // a new document
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('reports a page exception and a wait that never comes true', async () => {
    const browser = await PlainChromium.launch();
    try {
      await browser.navigate(url);
      await expect(browser.evaluate('Promise.reject(new Error("boom"))')).rejects.toThrow(/boom/);
      await expect(browser.waitFor('window.neverSet', 600)).rejects.toThrow(/Timed out after 600 ms/);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('ends its browser and removes its profile on close', async () => {
    const browser = await PlainChromium.launch();
    const { pid, profile } = browser.processInfo();
    await browser.close();
    expect(existsSync(profile)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow(); // no such process
  }, 60_000);
});
