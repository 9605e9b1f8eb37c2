import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type TestPostgres } from './postgres';

describe('test PostgreSQL', () => {
  let db: TestPostgres;
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('accepts the right password over SCRAM-SHA-256 on loopback', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number; server: string }>('SELECT $1::int AS one, inet_server_addr()::text AS server', [1]);
      expect(rows).toEqual([{ one: 1, server: '127.0.0.1/32' }]);
      if (db.embedded) {
        const stored = await client.query<{ scram: boolean }>(
          "SELECT rolpassword LIKE 'SCRAM-SHA-256$%' AS scram FROM pg_authid WHERE rolname = current_user",
        );
        expect(stored.rows).toEqual([{ scram: true }]);
        const rules = await client.query<{ auth_method: string }>(
          "SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE type = 'host'",
        );
        expect(rules.rows).toEqual([{ auth_method: 'scram-sha-256' }]);
      }
    } finally {
      await client.end();
    }
  });

  it('refuses a wrong password', async () => {
    const client = new pg.Client({ host: db.host, port: db.port, user: db.user, database: db.database, password: `${db.password}x` });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('restarts on the same port with the same data', async () => {
    const before = new pg.Client({ connectionString: db.url });
    await before.connect();
    await before.query('CREATE TABLE IF NOT EXISTS survives (n int); INSERT INTO survives VALUES (42)');
    const lost = new Promise<Error>((resolve) => before.on('error', resolve));
    await db.restart();
    expect((await lost).message).toMatch(/terminat/);
    const after = new pg.Client({ connectionString: db.url });
    await after.connect();
    const { rows } = await after.query('SELECT n FROM survives');
    expect(rows).toEqual([{ n: 42 }]);
    await after.end();
  });
});
