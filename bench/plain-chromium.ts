/**
 * Chromium driven over a bare DevTools connection: nothing of Playwright runs in its pages.
 *
 * Why: Playwright attaches to every page and worker it sees (`Target.setAutoAttach` with
 * `waitForDebuggerOnStart`: each new worker is held until Playwright has set it up), and
 * each new document gets its utility world and init scripts; a start-up pays for all of
 * it. How much is not settled (README, "What the bench's browser driver costs"): in 6
 * interleaved rounds on the slow kind of host the warm reload's first SQL result came
 * 0.4 s later under Playwright (in 5 of 6), in two full runs no later. The start-up
 * scenario times the same visits here as well, app and baseline, as a user's browser runs
 * them. Page errors are not listened for here (that needs the Runtime domain on): the
 * Playwright visits of the same build report them.
 *
 * One browser per page, in a profile of its own on disk (as `freshPage` in app.ts): an
 * empty cache, no notebooks, no database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/browser';

/** The bench's viewport (app.ts VIEWPORT); a headless window is all viewport. */
const WINDOW_SIZE = '--window-size=1280,900';
const POLL_MS = 250;

interface CdpReply {
  readonly id?: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

export class PlainChromium {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: CdpReply) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly process: ChildProcess,
    private readonly socket: WebSocket,
    private readonly profile: string,
  ) {}

  /** The DevTools session of the browser's one page ('' until attached: browser-level calls). */
  private session = '';

  /** A new browser on about:blank; `initScript` runs in every document of its page before the document's own scripts. */
  static async launch(initScript?: string): Promise<PlainChromium> {
    const profile = mkdtempSync(join(tmpdir(), 'ripple-bench-plain-'));
    const child = spawn(CHROMIUM, [...CHROMIUM_ARGS, '--headless', WINDOW_SIZE, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await devtoolsUrl(child);
      const socket = new WebSocket(url);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const browser = new PlainChromium(child, socket, profile);
      socket.on('message', (data) => browser.receive(String(data)));
      socket.on('close', () => browser.failPending(new Error('The DevTools connection closed')));
      const { targetInfos } = (await browser.call('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
      const page = targetInfos.find((target) => target.type === 'page');
      if (!page) throw new Error('Chromium opened no page');
      const { sessionId } = (await browser.call('Target.attachToTarget', { targetId: page.targetId, flatten: true })) as { sessionId: string };
      browser.session = sessionId;
      await browser.call('Page.enable');
      if (initScript !== undefined) await browser.call('Page.addScriptToEvaluateOnNewDocument', { source: initScript });
      return browser;
    } catch (error) {
      child.kill('SIGKILL');
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
      throw error;
    }
  }

  /** Starts a navigation of the page to `url` (does not wait for it to load). */
  async navigate(url: string): Promise<void> {
    const { errorText } = (await this.call('Page.navigate', { url })) as { errorText?: string };
    if (errorText) throw new Error(`Navigating to ${url} failed: ${errorText}`);
  }

  /** Starts a reload of the page. */
  async reload(): Promise<void> {
    await this.call('Page.reload');
  }

  /** The value of `expression` in the page's main world (awaited if a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.call('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result?: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (exceptionDetails) throw new Error(`In the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result?.value as T;
  }

  /**
   * Until `expression` is truthy in the page. Polled, a few times a second: each look is
   * one short task in the page (Playwright's wait injected a 330 KB script instead).
   */
  async waitFor(expression: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // A document being replaced answers with an error; the next look sees the new one.
      if (await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false)) return;
      if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${expression}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** For tests: the browser's process and its profile's directory. */
  processInfo(): { readonly pid: number; readonly profile: string } {
    return { pid: this.process.pid ?? -1, profile: this.profile };
  }

  /** Closes the browser as a user would (it writes its profile out), then removes the profile. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    if (this.process.exitCode === null) {
      this.session = '';
      await Promise.race([this.call('Browser.close').catch(() => undefined), exited]);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    }
    this.socket.close();
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (reply) => (reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result ?? {})), reject });
      this.socket.send(JSON.stringify({ id, method, params, ...(this.session ? { sessionId: this.session } : {}) }));
    });
  }

  private failPending(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  private receive(text: string): void {
    const reply = JSON.parse(text) as CdpReply;
    if (reply.id === undefined) return; // an event: none is listened to
    this.pending.get(reply.id)?.resolve(reply);
    this.pending.delete(reply.id);
  }
}

/** The browser's DevTools address, from the line Chromium prints as it starts. */
function devtoolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let printed = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools address: ${printed.slice(-500)}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before it listened: ${printed.slice(-500)}`));
    });
  });
}
