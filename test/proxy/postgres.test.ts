import type { Client } from '@neondatabase/serverless';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { closed, CANCEL_REQUEST, nextMessage, opened, openClient, SSL_REQUEST, startTestProxy, startupMessage, until, type TestProxy } from './helpers';
import { neonClient } from './neon';

/**
 * The proxy in front of a real PostgreSQL (SCRAM-SHA-256), with the kernel's own
 * client (the Neon driver over a WebSocket): queries, cancel, SSL negotiation,
 * faults (database restart, client gone mid-query, proxy restart), and logs
 * that never hold the token or the password.
 */
let db: TestPostgres;
let proxy: TestProxy;
let direct: pg.Client;
/** Every proxy of this file logs here. */
const allLogs: string[] = [];
const proxies: TestProxy[] = [];

async function proxyFor(options: Parameters<typeof startTestProxy>[0] = {}): Promise<TestProxy> {
  const started = await startTestProxy({ allowTargets: [`127.0.0.1:${db.port}`, `localhost:${db.port}`], ...options });
  proxies.push(started);
  return started;
}

async function connected(through: TestProxy, url = db.url): Promise<Client> {
  const client = neonClient(through.url, url);
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function backendGone(pid: number): Promise<boolean> {
  const { rows } = await direct.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
  return rows.length === 0;
}

async function backendRunning(pid: number, query: string): Promise<boolean> {
  const { rows } = await direct.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query = $2", [pid, query]);
  return rows.length === 1;
}

beforeAll(async () => {
  db = await startPostgres();
  proxy = await proxyFor();
  direct = await directClient();
});

/** node-postgres straight to the server, to watch pg_stat_activity. */
async function directClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

afterAll(async () => {
  await direct?.end();
  for (const p of proxies) {
    await p.close();
    allLogs.push(...p.logLines);
  }
  await db?.stop();
  // The whole file's logs: a known token and password went through; neither may appear.
  const text = allLogs.join('');
  expect(allLogs.length).toBeGreaterThan(3);
  for (const p of proxies) if (p.token) expect(text).not.toContain(p.token);
  expect(text).not.toContain(db.password);
  expect(text).not.toContain('postgresql://');
  expect(text).not.toContain('token=');
});

describe('through the proxy to a real PostgreSQL', () => {
  it('authenticates with SCRAM-SHA-256 and runs parameterised queries', async () => {
    const client = await connected(proxy);
    const big = 2n ** 60n + 1n;
    const { rows } = await client.query<{ n: string; t: string; auth: string }>(
      "SELECT $1::int8 AS n, $2::text AS t, (SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' LIMIT 1) AS auth",
      [big.toString(), 'héllo'],
    );
    expect(rows).toEqual([{ n: big.toString(), t: 'héllo', auth: 'scram-sha-256' }]);
    await client.end();
  });

  it('resolves a host name in the connection string (localhost) to an allowed address', async () => {
    const client = await connected(proxy, db.url.replace('@127.0.0.1:', '@localhost:'));
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });

  it('a wrong password: "password authentication failed", the password nowhere', async () => {
    const wrong = `${db.password}-wrong`;
    const client = neonClient(proxy.url, db.url.replace(db.password, wrong));
    client.on('error', () => {});
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const { message, stack } = error as Error;
    expect(message).toBe(`password authentication failed for user "${db.user}"`);
    expect(`${message}\n${stack}\n${JSON.stringify(error)}`).not.toContain(wrong);
  });

  it('relays an SSLRequest: the server answers N, and the startup continues in plain text', async () => {
    const ws = openClient(proxy, { address: `127.0.0.1:${db.port}` });
    await opened(ws);
    ws.send(SSL_REQUEST);
    expect((await nextMessage(ws)).toString('latin1')).toBe('N');
    ws.send(startupMessage({ user: db.user, database: db.database }));
    const answer = await nextMessage(ws);
    // AuthenticationSASL ('R', code 10) offering SCRAM-SHA-256.
    expect(answer.toString('latin1', 0, 1)).toBe('R');
    expect(answer.readUInt32BE(5)).toBe(10);
    expect(answer.toString('latin1')).toContain('SCRAM-SHA-256');
    ws.close();
  });

  it('relays a CancelRequest: a running pg_sleep(30) is cancelled', async () => {
    const client = await connected(proxy);
    const { processID, secretKey } = client as unknown as { processID: number; secretKey: number };
    const sleeping = client.query('SELECT pg_sleep(30)').then(
      () => undefined,
      (e: unknown) => e,
    );
    await until(() => backendRunning(processID, 'SELECT pg_sleep(30)'), 'the query to run');
    const cancel = Buffer.from(CANCEL_REQUEST);
    cancel.writeInt32BE(processID, 8);
    cancel.writeInt32BE(secretKey, 12);
    const ws = openClient(proxy, { address: `127.0.0.1:${db.port}` });
    const done = closed(ws);
    await opened(ws);
    ws.send(cancel);
    expect(await sleeping).toMatchObject({ code: '57014', message: 'canceling statement due to user request' });
    // PostgreSQL closes a cancel connection after reading it.
    expect(await done).toEqual({ code: 1000, reason: 'database closed the connection' });
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    await client.end();
  });
});

describe('faults', () => {
  it('the client goes away mid-query: the proxy closes the database connection and the backend ends', async () => {
    const client = await connected(proxy);
    // PostgreSQL notices a closed client during a query only when it checks.
    await client.query("SET client_connection_check_interval = '50ms'");
    const pid = (client as unknown as { processID: number }).processID;
    void client.query('SELECT pg_sleep(30)').catch(() => {});
    await until(() => backendRunning(pid, 'SELECT pg_sleep(30)'), 'the query to run');
    const socket = (client as unknown as { connection: { stream: { ws: { terminate(): void } } } }).connection.stream.ws;
    socket.terminate();
    await until(() => backendGone(pid), 'the backend to end');
    expect(proxy.events.filter((e) => e.event === 'close' && e.by === 'client').length).toBeGreaterThan(0);
  });

  it('a long query is never idle; a session idle between queries is closed with 4408', async () => {
    const quick = await proxyFor({ idleTimeoutMs: 200 });
    const client = await connected(quick);
    const { rows } = await client.query("SELECT 'slept' AS r FROM pg_sleep(0.8)");
    expect(rows).toEqual([{ r: 'slept' }]);
    await until(() => quick.events.some((e) => e.event === 'close' && e.code === 4408), 'the idle close');
    await expect(client.query('SELECT 1')).rejects.toThrow();
  });

  it('the database restarts: the open session fails clearly, a new one works', async () => {
    const client = await connected(proxy);
    const failure = new Promise<Error>((resolve) => client.once('error', resolve));
    await db.restart();
    expect((await failure).message).toBe('terminating connection due to administrator command');
    await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|terminated/);
    const again = await connected(proxy);
    expect((await again.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
    await again.end();
    await direct.end().catch(() => {});
    direct = await directClient();
  });

  it('the proxy restarts: the open session is closed (1001), a new proxy on the same port and token serves', async () => {
    // A session between queries closes at once: no waiting for the grace period.
    const first = await proxyFor({ graceMs: 120_000 });
    const client = await connected(first);
    const socket = (client as unknown as { connection: { stream: { ws: import('ws').WebSocket } } }).connection.stream.ws;
    const wsClosed = closed(socket);
    await first.close();
    expect(await wsClosed).toEqual({ code: 1001, reason: 'proxy shutting down' });
    await expect(client.query('SELECT 1')).rejects.toThrow();
    const second = await proxyFor({ port: first.port, token: first.token });
    expect(second.url).toBe(first.url);
    const again = await connected(second);
    expect((await again.query('SELECT 4 AS four')).rows).toEqual([{ four: 4 }]);
    await again.end();
  });
});
