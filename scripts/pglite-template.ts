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
export async function pgliteTemplate(): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  // package.json is not in PGlite's export map: find it from the entry point (dist/).
  const pkgDir = dirname(dirname(require.resolve('@electric-sql/pglite')));
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const cacheDir = join(dirname(dirname(pkgDir)), '.cache', 'ripple');
  const file = join(cacheDir, `pglite-${version}-template.tar.gz`);
  if (existsSync(file)) return readFileSync(file);
  const db = await PGlite.create();
  try {
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
