import { expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { amcheck } from '@electric-sql/pglite/contrib/amcheck';
import { pg_visibility } from '@electric-sql/pglite/contrib/pg_visibility';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteTemplate, REBUILT_FORK, tarEntries, withoutFiles } from '../../scripts/pglite-template';
import { NEW_DATABASE_POOL_FILES } from '../../workers/sql/pglite-open';

/** Paths of the regular files in the template. */
function templateFiles(template: Buffer): string[] {
  return tarEntries(gunzipSync(template))
    .filter((entry) => entry.isFile)
    .map((entry) => entry.name);
}

// A new notebook's database is this template written into OPFS file by file: what it
// holds is what a first visit waits for.
it('the template holds one database, postgres, and works as a notebook database', async () => {
  const template = await pgliteTemplate();
  const files = templateFiles(template);
  const db = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(template)]) });
  const databases = (await db.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1')).rows.map((r) => r.datname);
  await db.exec('CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 1000)');
  const count = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]?.n;
  await db.close();
  const perDatabase = [...new Set(files.flatMap((f) => /(?:^|\/)base\/(\d+)\//.exec(f)?.[1] ?? []))];
  expect({ databases, perDatabase: perDatabase.length, fewFiles: files.length < 500, maps: files.filter((f) => REBUILT_FORK.test(f)).length, spareInThePool: NEW_DATABASE_POOL_FILES - files.length, count }).toEqual({
    databases: ['postgres'],
    perDatabase: 1,
    fewFiles: true,
    // The free space and visibility maps are rebuilt by PostgreSQL when needed (below).
    maps: 0,
    // The first pool is the template plus the usual spare: the first sync neither
    // creates nor deletes files (pglite-open.ts).
    spareInThePool: 100,
    count: 1000,
  });
}, 120_000);

/** Every finding of amcheck and pg_visibility on the database's tables and B-tree indexes (none when sound). */
async function findings(db: PGlite): Promise<Record<string, number>> {
  const tables = (await db.query<{ r: string }>("SELECT c.oid::regclass::text AS r FROM pg_class c WHERE c.relkind IN ('r', 't', 'm') AND c.relpersistence = 'p'")).rows.map((row) => row.r);
  const indexes = (
    await db.query<{ r: string }>("SELECT c.oid::regclass::text AS r FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relkind = 'i' AND a.amname = 'btree' AND c.relpersistence = 'p'")
  ).rows.map((row) => row.r);
  const count = async (sql: string, name: string): Promise<number> => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, [name])).rows[0]?.n ?? 0;
  let heap = 0;
  let visible = 0;
  let frozen = 0;
  for (const table of tables) {
    heap += await count('verify_heapam($1::regclass)', table);
    visible += await count('pg_check_visible($1::regclass)', table);
    frozen += await count('pg_check_frozen($1::regclass)', table);
  }
  // bt_index_check raises on a corrupt index; heapallindexed: every heap tuple is in it.
  for (const index of indexes) await db.query('SELECT bt_index_check($1::regclass, true)', [index]);
  return { tables: tables.length > 60 ? 1 : 0, indexes: indexes.length > 100 ? 1 : 0, heap, visible, frozen };
}

// The template has no free space or visibility maps: PostgreSQL must rebuild them as it
// goes, with nothing unsound on the way, through writes, VACUUM, a clean restart and a crash.
it('a database from the template rebuilds the maps it lacks and stays sound', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ripple-template-'));
  const extensions = { amcheck, pg_visibility };
  try {
    let db = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([new Uint8Array(await pgliteTemplate())]), extensions });
    await db.exec('CREATE EXTENSION amcheck; CREATE EXTENSION pg_visibility');
    for (let i = 0; i < 12; i++) {
      await db.exec(`CREATE TABLE t${i} (a int PRIMARY KEY, b text); INSERT INTO t${i} SELECT g, md5(g::text) FROM generate_series(1, 2000) g; CREATE INDEX ON t${i} (b)`);
    }
    await db.exec('ALTER TABLE t1 ADD COLUMN c int; DROP TABLE t2; UPDATE t3 SET b = b || 1; DELETE FROM t4 WHERE a % 2 = 0');
    for (const statement of ['VACUUM', 'VACUUM FULL pg_class', 'CHECKPOINT']) await db.exec(statement);
    const afterWork = await findings(db);
    await db.close();
    db = await PGlite.create({ dataDir: dir, extensions });
    const reopened = await findings(db);
    // Not closed: the next open replays the WAL, as after a closed tab.
    await db.exec('INSERT INTO t5 SELECT g, md5(g::text) FROM generate_series(2001, 3000) g; DELETE FROM t6 WHERE a < 100');
    db = await PGlite.create({ dataDir: dir, extensions });
    const afterCrash = await findings(db);
    const rows = (await db.query<{ n: number }>('SELECT (SELECT count(*) FROM t5) + (SELECT count(*) FROM t6) AS n')).rows[0]?.n;
    await db.close();
    const sound = { tables: 1, indexes: 1, heap: 0, visible: 0, frozen: 0 };
    expect({ afterWork, reopened, afterCrash, rows: Number(rows) }).toEqual({ afterWork: sound, reopened: sound, afterCrash: sound, rows: 3000 + 1901 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

it('refuses a tarball whose entries carry long-name or extended headers, rather than misreading it', () => {
  const header = (name: string, type: string): Buffer => {
    const block = Buffer.alloc(512);
    block.write(name, 0, 'latin1');
    block.write('00000000000\0', 124, 'latin1');
    block.write(type, 156, 'latin1');
    return block;
  };
  const plain = Buffer.concat([header('a_fsm', '0'), header('b', '0'), Buffer.alloc(1024)]);
  expect(tarEntries(withoutFiles(plain, REBUILT_FORK)).map((entry) => entry.name)).toEqual(['b']);
  const longName = Buffer.concat([header('././@LongLink', 'L'), header('a_fsm', '0'), Buffer.alloc(1024)]);
  expect(() => withoutFiles(longName, REBUILT_FORK)).toThrow(/L header/);
});
