import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { DatabaseConfig, RemoteDatabaseConfig } from '../../workers/protocol';
import { startRemote, type TestRemote } from '../support/remote';
import { sql, startTestKernel, type TestKernel } from './harness';

// Applying, testing and switching a notebook's database, with every failure said
// clearly and no secret anywhere: not in a rejection, an event, a cell, or a log.

const WRONG_PASSWORD = 'Wr0ng p@ss/wörd%+';

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('remote database settings', () => {
  let remote: TestRemote;
  let k: TestKernel;
  /** Everything the kernel said, besides its events: rejections and test results. */
  const said: string[] = [];
  const consoleLines: string[] = [];
  const originals = { log: console.log, warn: console.warn, error: console.error };

  beforeAll(async () => {
    remote = await startRemote();
    k = await startTestKernel();
    for (const name of ['log', 'warn', 'error'] as const) console[name] = (...args: unknown[]) => void consoleLines.push(args.map(String).join(' '));
  });

  afterAll(async () => {
    Object.assign(console, originals);
    await k.kernel.shutdown();
    await remote.stop();
  });

  const withPassword = (password: string): RemoteDatabaseConfig => ({
    ...remote.config,
    connectionString: `postgresql://${remote.postgres.user}:${encodeURIComponent(password)}@${remote.postgres.host}:${remote.postgres.port}/${remote.postgres.database}`,
  });

  it('applies a remote database: its description, and SQL results from the previous database go stale', async () => {
    await k.load([sql('who', 'SELECT current_user::text AS u')]);
    const onPglite = k.rows('who');
    const info = await k.kernel.setDatabaseConfig(remote.config);
    const afterSwitch = k.status('who');
    await k.kernel.runCells(['who']);
    said.push(info.description);
    expect({ onPglite, afterSwitch, onRemote: k.rows('who'), description: info.description, version: /^\d+\.\d+/.test(info.serverVersion) }).toEqual({
      onPglite: [['postgres']],
      afterSwitch: 'stale',
      onRemote: [[remote.postgres.user]],
      description: `${remote.postgres.user}@127.0.0.1:${remote.postgres.port}/postgres via proxy ${new URL(remote.config.proxyUrl).host}`,
      version: true,
    });
  });

  it('Test connection: server version, round trip and connect time, through a throwaway connection', async () => {
    const result = await k.kernel.testDatabase(remote.config);
    said.push(JSON.stringify(result));
    console.log(result.ok ? `test connection: connect ${result.connectMs.toFixed(1)} ms, round trip ${result.roundTripMs.toFixed(2)} ms` : result.message);
    expect(result.ok && { ok: true, serverVersion: result.serverVersion, positive: result.roundTripMs > 0 && result.connectMs > 0 }).toEqual({
      ok: true,
      serverVersion: (await k.kernel.setDatabaseConfig(remote.config)).serverVersion,
      positive: true,
    });
  });

  it('a wrong password says "authentication failed", everywhere, with no password anywhere', async () => {
    const wrong = withPassword(WRONG_PASSWORD);
    const expected = `PostgreSQL refused the connection: password authentication failed for user "${remote.postgres.user}" (SQLSTATE 28P01).`;
    const tested = await k.kernel.testDatabase(wrong);
    const applied = await rejection(k.kernel.setDatabaseConfig(wrong));
    await k.edit(sql('after', 'SELECT 1'), 1);
    said.push(JSON.stringify(tested), applied);
    expect({ tested, applied, cell: k.error('after') }).toEqual({
      tested: { ok: false, message: expected },
      applied: `Could not open the database: ${expected}`,
      cell: { kind: 'kernel', message: `Could not open the database: ${expected}` },
    });
  });

  it.each([
    ['an unknown kind', { kind: 'mysql' }, 'Invalid database settings: unknown kind "mysql"; expected "pglite" or "remote".'],
    ['a remote config without its fields', { kind: 'remote' }, 'Invalid remote database settings: the proxy URL is missing.'],
    [
      'a proxy URL that is not a WebSocket URL',
      { kind: 'remote', proxyUrl: 'http://127.0.0.1:1/?token=0f1e2d3c4b5a69788796a5b4c3d2e1f0', connectionString: 'postgresql://u:pw@127.0.0.1:5432/db' },
      'Invalid proxy URL: it must start with ws:// or wss://. Paste the whole line the proxy printed, with its token.',
    ],
  ])('%s is refused clearly, and no SQL runs anywhere else', async (_name, config, message) => {
    const applied = await rejection(k.kernel.setDatabaseConfig(config as unknown as DatabaseConfig));
    await k.edit(sql('after', 'SELECT 1'), 1);
    expect({ applied, cell: k.error('after'), rows: k.rows('after') }).toEqual({
      applied: `Could not open the database: ${message}`,
      cell: { kind: 'kernel', message: `Could not open the database: ${message}` },
      rows: undefined,
    });
  });

  it('a wrong proxy token: the proxy refuses, the message says so, without the token', async () => {
    const token = new URL(remote.config.proxyUrl).searchParams.get('token') ?? '';
    const wrongToken = token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const result = await k.kernel.testDatabase({ ...remote.config, proxyUrl: remote.config.proxyUrl.replace(token, wrongToken) });
    said.push(JSON.stringify(result));
    expect({ ok: result.ok, names: !result.ok && /^The proxy closed the connection: .+ \(code \d+\)\.$/.test(result.message), leaks: JSON.stringify(result).includes(wrongToken) }).toEqual({
      ok: false,
      names: true,
      leaks: false,
    });
  });

  it('no proxy listening: the message says it could not reach the proxy', async () => {
    const port = await closedPort();
    const result = await k.kernel.testDatabase({ ...remote.config, proxyUrl: `ws://127.0.0.1:${port}/?token=abc` });
    expect(result).toEqual({ ok: false, message: `Could not reach the proxy at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}.` });
  });

  it('no password or token appears in any event, rejection, result, console line or proxy log line', async () => {
    const token = new URL(remote.config.proxyUrl).searchParams.get('token') ?? '';
    const secrets = [remote.postgres.password, token, WRONG_PASSWORD, encodeURIComponent(WRONG_PASSWORD)];
    const everything = [JSON.stringify(k.events, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)), ...said, ...consoleLines, ...remote.proxyLog].join('\n');
    expect({ found: secrets.filter((s) => everything.includes(s)), checked: everything.length > 1000 }).toEqual({ found: [], checked: true });
  });
});
