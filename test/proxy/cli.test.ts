import type { Client } from '@neondatabase/serverless';
import pg from 'pg';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { closed, until } from './helpers';
import { runProxyCommand, startProxyCommand } from './child';
import { neonClient } from './neon';

/** `npm run proxy` as a real child process: the printed line, /healthz, SIGTERM draining, exit codes. */
const TOKEN = 'cli-test-token-0123456789abcdef0123456789abcdef';

let db: TestPostgres;
let direct: pg.Client;

beforeAll(async () => {
  db = await startPostgres();
  direct = new pg.Client({ connectionString: db.url });
  direct.on('error', () => {});
  await direct.connect();
});

afterAll(async () => {
  await direct?.end();
  await db?.stop();
});

function wsOf(client: Client): WebSocket {
  return (client as unknown as { connection: { stream: { ws: WebSocket } } }).connection.stream.ws;
}

describe('npm run proxy', () => {
  it('prints the URL to paste, serves /healthz, and on SIGTERM lets a running query finish, then exits 0', async () => {
    const proxy = await startProxyCommand(['--port', '0', '--allow-target', `127.0.0.1:${db.port}`, '--grace', '60'], { RIPPLE_PROXY_TOKEN: TOKEN });
    try {
      const { url, port } = proxy;
      expect(url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/\\?token=${TOKEN}$`));
      expect(proxy.stdout()).toContain(`allowed targets: 127.0.0.1:${db.port}`);

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', sessions: 0 });

      const idle = neonClient(url, db.url);
      const busy = neonClient(url, db.url);
      for (const c of [idle, busy]) c.on('error', () => {});
      await Promise.all([idle.connect(), busy.connect()]);
      const idleClosed = closed(wsOf(idle));
      const busyClosed = closed(wsOf(busy));
      const pid = (busy as unknown as { processID: number }).processID;
      const sql = "SELECT 'finished' AS r FROM pg_sleep(1.5)";
      const result = busy.query<{ r: string }>(sql);
      await until(async () => (await direct.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query = $2", [pid, sql])).rows.length === 1, 'the query to run');

      proxy.child.kill('SIGTERM');
      // Between queries: closed at once. Running: its result arrives, then it is closed.
      expect(await idleClosed).toEqual({ code: 1001, reason: 'proxy shutting down' });
      expect((await result).rows).toEqual([{ r: 'finished' }]);
      expect(await busyClosed).toEqual({ code: 1001, reason: 'proxy shutting down' });
      expect(await proxy.exit).toBe(0);

      const events = proxy
        .stderr()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { event: string });
      expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['listening', 'connect', 'upstream', 'draining', 'close', 'stopped']));
      expect(proxy.stderr()).not.toContain(TOKEN);
      expect(proxy.stderr()).not.toContain(db.password);
    } finally {
      proxy.child.kill('SIGKILL');
    }
  });

  it('refuses to listen beyond loopback without a token, and rejects unknown options (exit 2)', async () => {
    const open = runProxyCommand(['--host', '0.0.0.0', '--no-token', '--port', '0']);
    expect(await open.exit).toBe(2);
    expect(open.stderr()).toBe('ripple-proxy: --no-token is allowed only on a loopback address; 0.0.0.0 is reachable from other machines\n');
    expect(open.stdout()).toBe('');
    const unknown = runProxyCommand(['--listen', '0.0.0.0']);
    expect(await unknown.exit).toBe(2);
    expect(unknown.stderr()).toBe('ripple-proxy: unknown option --listen (see --help)\n');
  });
});
