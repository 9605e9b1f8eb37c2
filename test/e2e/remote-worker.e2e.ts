import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { DatabaseTestResult, RemoteDatabaseConfig } from '../../workers/protocol';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { startProxy, type RunningProxy } from '../../proxy/server';
import { openPage } from './browser';
import { useChromium } from './use-chromium';

// The built kernel worker in Chromium reaches a real PostgreSQL through the proxy: the
// Neon driver is bundled into the worker (loaded on first use), the browser's own
// WebSocket carries it, and SCRAM runs on crypto.subtle. The settings panel's own
// end-to-end test drives the same path through the UI.

const browser = useChromium();
let postgres: TestPostgres;
let proxy: RunningProxy;

beforeAll(async () => {
  postgres = await startPostgres();
  proxy = await startProxy({
    port: 0,
    allowTargets: [`${postgres.host}:${postgres.port}`],
    allowOrigins: [new URL(inject('baseURL')).origin],
    log: () => {},
  });
});

afterAll(async () => {
  await proxy?.close();
  await postgres?.stop();
});

/**
 * Calls one KernelApi method `times` times in a row on one worker, with Comlink's wire
 * format (the page has no Comlink of its own); resolves with every reply.
 */
async function callWorker(method: string, args: unknown[], times = 1): Promise<unknown[]> {
  const { page } = await openPage(browser(), inject('baseURL'));
  const worker = readdirSync('dist/assets').find((name) => /^kernel-worker-.*\.js$/.test(name));
  if (!worker) throw new Error('no kernel worker in dist/assets');
  return page.evaluate(
    ([url, name, argumentList, count]) =>
      new Promise<unknown[]>((resolve) => {
        const replies: unknown[] = [];
        const w = new Worker(url, { type: 'module' });
        const call = () => w.postMessage({ id: `call${replies.length}`, type: 'APPLY', path: [name], argumentList: argumentList.map((value) => ({ type: 'RAW', value })) });
        w.onmessage = (event: MessageEvent<{ id: string; type: string; value: unknown }>) => {
          replies.push(event.data);
          if (replies.length < count) call();
          else resolve(replies);
        };
        w.onerror = (event) => resolve([{ type: 'worker-error', value: event.message }]);
        call();
      }),
    [`/assets/${worker}`, method, args, times] as const,
  );
}

it('Test connection from the built worker: server version and round trip through the proxy', async () => {
  const config: RemoteDatabaseConfig = { kind: 'remote', proxyUrl: proxy.url, connectionString: postgres.url };
  // Twice: the first call also loads the driver's chunk.
  const replies = (await callWorker('testDatabase', [config], 2)) as { type: string; value: DatabaseTestResult }[];
  for (const [i, { value }] of replies.entries()) {
    if (value?.ok) console.log(`Chromium worker, call ${i + 1}: connect ${value.connectMs.toFixed(1)} ms, round trip ${value.roundTripMs.toFixed(2)} ms`);
  }
  const reply = replies[1]!;
  const result = reply.value;
  expect({ type: reply.type, ok: result?.ok, version: result?.ok && /^\d+\.\d+/.test(result.serverVersion), message: result?.ok ? undefined : result }).toEqual({
    type: 'RAW',
    ok: true,
    version: true,
    message: undefined,
  });
});

it('a wrong password from the built worker: "authentication failed", without the password', async () => {
  const wrong = 'Wr0ng-in-Chromium';
  const config: RemoteDatabaseConfig = { kind: 'remote', proxyUrl: proxy.url, connectionString: postgres.url.replace(postgres.password, wrong) };
  const [reply] = (await callWorker('testDatabase', [config])) as { type: string; value: DatabaseTestResult }[];
  expect(reply?.value).toEqual({
    ok: false,
    message: `PostgreSQL refused the connection: password authentication failed for user "${postgres.user}" (SQLSTATE 28P01).`,
  });
});
