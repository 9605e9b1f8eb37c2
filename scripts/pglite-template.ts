import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';

/**
 * A freshly initialised PGlite data directory, as a gzipped tarball. A new notebook's
 * database starts from it instead of running initdb, which is the slowest part of
 * creating a database (measured in the closing notes). Built once per PGlite version
 * and cached under node_modules/.cache.
 */
/** Part of the cache key: a change to how the template is made must not reuse an old one. */
const TEMPLATE_RECIPE = 'r3';

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

/**
 * A relation's free space map (`_fsm`) and visibility map (`_vm`) are hints PostgreSQL
 * rebuilds: a missing one reads as "no free space known" and "no page known all-visible",
 * and is created again the first time it is needed (a full page, a VACUUM). initdb's
 * VACUUM leaves 84 of them beside the catalogs, and every file is one more OPFS file a
 * first visit creates, with its sync access handle, before the first query (3 ms each on
 * the slow kind of bench host). The sample notebook's first cell then creates 7 of them.
 */
export const REBUILT_FORK = /_(fsm|vm)$/;

/** One entry of a POSIX ustar tarball: its header and data are `tar[start, end)`. */
export interface TarEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly start: number;
  readonly end: number;
}

/** The entries of `tar`, up to its end-of-archive blocks. */
export function tarEntries(tar: Uint8Array): TarEntry[] {
  const bytes = Buffer.from(tar.buffer, tar.byteOffset, tar.byteLength);
  const field = (at: number, length: number): string => bytes.toString('latin1', at, at + length).replace(/\0.*$/s, '');
  const entries: TarEntry[] = [];
  for (let start = 0; start + 512 <= bytes.length; ) {
    const name = field(start, 100);
    if (name === '') break;
    const size = parseInt(field(start + 124, 12).trim() || '0', 8);
    const type = bytes.toString('latin1', start + 156, start + 157);
    // A long name or extended header describes the entry after it: dropping that entry
    // would leave its header to the next one. PGlite's dumps have none; refuse, not guess.
    if ('LKxg'.includes(type)) throw new Error(`The tarball has a ${type} header (${name}), which this reader does not follow.`);
    const end = start + 512 + Math.ceil(size / 512) * 512;
    if (end > bytes.length) throw new Error(`The tarball ends inside ${name}.`);
    entries.push({ name, isFile: type === '0' || type === '\0', start, end });
    start = end;
  }
  return entries;
}

/** `tar` without the regular files whose names match `drop`; every other entry, and the end, byte for byte. */
export function withoutFiles(tar: Uint8Array, drop: RegExp): Uint8Array {
  const entries = tarEntries(tar);
  const kept = entries.filter((entry) => !(entry.isFile && drop.test(entry.name))).map((entry) => tar.subarray(entry.start, entry.end));
  return Buffer.concat([...kept, tar.subarray(entries.at(-1)?.end ?? 0)]);
}

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
    const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
    const bytes = gzipSync(withoutFiles(tar, REBUILT_FORK));
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename, so a crashed build never leaves half a tarball in the cache.
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
    return bytes;
  } finally {
    await db.close();
  }
}
