import { expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { pgliteTemplate } from '../../scripts/pglite-template';
import { NEW_DATABASE_POOL_FILES } from '../../workers/sql/pglite-open';

/** Paths of the regular files in a (POSIX ustar) tarball. */
function tarFiles(tar: Buffer): string[] {
  const files: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar.toString('latin1', at, at + 100).replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(tar.toString('latin1', at + 124, at + 136).replace(/\0.*$/s, '').trim() || '0', 8);
    const type = tar.toString('latin1', at + 156, at + 157);
    if (type === '0' || type === '\0') files.push(name);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

// A new notebook's database is this template written into OPFS file by file: what it
// holds is what a first visit waits for.
it('the template holds one database, postgres, and works as a notebook database', async () => {
  const template = await pgliteTemplate();
  const files = tarFiles(gunzipSync(template));
  const db = await PGlite.create({ loadDataDir: new Blob([new Uint8Array(template)]) });
  const databases = (await db.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1')).rows.map((r) => r.datname);
  await db.exec('CREATE TABLE t (a int); INSERT INTO t SELECT generate_series(1, 1000)');
  const count = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]?.n;
  await db.close();
  const perDatabase = [...new Set(files.flatMap((f) => /(?:^|\/)base\/(\d+)\//.exec(f)?.[1] ?? []))];
  expect({ databases, perDatabase: perDatabase.length, fewFiles: files.length < 500, fitsThePool: files.length + 100 <= NEW_DATABASE_POOL_FILES, count }).toEqual({
    databases: ['postgres'],
    perDatabase: 1,
    fewFiles: true,
    fitsThePool: true,
    count: 1000,
  });
}, 120_000);
