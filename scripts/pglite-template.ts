import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A freshly initialised PGlite data directory, as a gzipped tarball. A new notebook's
 * database starts from it instead of running initdb, which is the slowest part of
 * creating a database (measured in the closing notes). Built once per PGlite version
 * and cached under node_modules/.cache.
 */
/** Part of the cache key: a change to how the template is made must not reuse an old one. */
const TEMPLATE_RECIPE = 'r2';

/**
 * PGlite serves one database, `postgres`; template0 and template1 only exist for CREATE
 * DATABASE, which PGlite cannot connect to anyway. Dropped, they leave 370 of initdb's
 * 972 files and 24 of its 40 MB: a new notebook's database writes that much less into
 * OPFS, file by file, before its first query.
 */
export const WITHOUT_TEMPLATE_DATABASES: readonly string[] = [
  "UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')",
  // One statement per call: DROP DATABASE cannot run inside a (multi-statement) block.
  'DROP DATABASE template0',
  'DROP DATABASE template1',
  'CHECKPOINT',
];

export async function pgliteTemplate(): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  // package.json is not in PGlite's export map: find it from the entry point (dist/).
  const pkgDir = dirname(dirname(require.resolve('@electric-sql/pglite')));
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const cacheDir = join(dirname(dirname(pkgDir)), '.cache', 'ripple');
  const file = join(cacheDir, `pglite-${version}-template-${TEMPLATE_RECIPE}.tar.gz`);
  if (existsSync(file)) return readFileSync(file);
  const db = await PGlite.create();
  try {
    for (const statement of WITHOUT_TEMPLATE_DATABASES) await db.exec(statement);
    const blob = await db.dumpDataDir('gzip');
    const bytes = Buffer.from(await blob.arrayBuffer());
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename, so a crashed build never leaves half a tarball in the cache.
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
    return bytes;
  } finally {
    await db.close();
  }
}
