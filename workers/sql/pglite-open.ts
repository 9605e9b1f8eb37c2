/**
 * Opening PGlite: the storage a notebook's database lives in, the template a new one
 * starts from, the data-dir version guard, the retry while another tab still holds the
 * files, and the session settings. Runs wherever PGlite runs: its own worker in the
 * browser (pglite-worker.ts), the test's thread in Node.
 */
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { OpfsAhpFS } from '@electric-sql/pglite/opfs-ahp';
import type { PgliteDatabaseConfig } from '../protocol';
import { incompatibility, majorOf, type DataDirGuard } from './data-dir-version';
import type { CreationMarks } from './creation-marks';
import { timed } from '../timeline';

/** Picks the storage URL for a notebook's database. */
export function pgliteDataDir(config: PgliteDatabaseConfig): string | undefined {
  const name = `ripple-${config.name}`;
  switch (config.storage) {
    case 'memory':
      return undefined;
    case 'idb':
      return `idb://${name}`;
    case 'opfs-ahp':
      return `opfs-ahp://${name}`;
    case 'auto':
      return hasOpfsSyncAccess() ? `opfs-ahp://${name}` : hasIndexedDb() ? `idb://${name}` : undefined;
  }
}

export type TemplateSource = () => Promise<Blob | undefined>;

/**
 * OPFS files PGlite keeps ready for new relation files: every file a statement creates
 * takes one, and each query's sync tops the pool back up to MAINTAINED_POOL_FILES (and
 * trims it to that). A new database's first pool holds the whole template (288 files;
 * pglite-template.test.ts checks it) plus the usual spare, so the first sync has
 * nothing to create or delete: with 600 files, a first visit made 128 sync access
 * handles it then deleted again. Without the template, initdb writes about 1,000 files,
 * PGlite's own first pool.
 */
export const NEW_DATABASE_POOL_FILES = 388;
const INITDB_POOL_FILES = 1000;
const MAINTAINED_POOL_FILES = 100;

/**
 * Whether `dataDir` names a database that does not exist yet. Only answers true when
 * sure (memory, or an OPFS directory that is absent); IndexedDB databases are never
 * seeded, they run initdb as PGlite does by default.
 */
async function isNewDatabase(dataDir: string | undefined): Promise<boolean> {
  if (dataDir === undefined) return true;
  if (!dataDir.startsWith('opfs-ahp://')) return false;
  const name = dataDir.slice('opfs-ahp://'.length);
  try {
    const root = await navigator.storage.getDirectory();
    await root.getDirectoryHandle(name);
    return false;
  } catch (error) {
    return error instanceof DOMException && error.name === 'NotFoundError';
  }
}

/** PGlite's options for a data directory: OPFS with our pool sizes, the others by URL. */
function storageOptions(dataDir: string | undefined, fromTemplate: boolean): { dataDir?: string; fs?: OpfsAhpFS } {
  if (dataDir === undefined) return {};
  if (!dataDir.startsWith('opfs-ahp://')) return { dataDir };
  const initialPoolSize = fromTemplate ? NEW_DATABASE_POOL_FILES : INITDB_POOL_FILES;
  return { fs: new OpfsAhpFS(dataDir.slice('opfs-ahp://'.length), { initialPoolSize, maintainedPoolSize: MAINTAINED_POOL_FILES }) };
}

function hasIndexedDb(): boolean {
  return typeof indexedDB !== 'undefined';
}

/**
 * OPFS sync access handles only exist in dedicated workers. Each write goes straight to
 * the file, so a committed transaction survives the tab closing, at ~0.5 ms per query
 * against ~10 ms for IndexedDB, which re-syncs after every query.
 */
function hasOpfsSyncAccess(): boolean {
  const g = globalThis as { FileSystemSyncAccessHandle?: unknown; navigator?: { storage?: { getDirectory?: unknown } } };
  return typeof g.FileSystemSyncAccessHandle === 'function' && typeof g.navigator?.storage?.getDirectory === 'function';
}

/** An OPFS file still held by another connection: e.g. the tab we just took the notebook from. */
function isHeldElsewhere(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoModificationAllowedError' || /Access Handles? cannot be created/i.test(error.message));
}

/** An open database and where it lives ('opfs-ahp', 'idb' or 'memory'), for its description. */
export interface OpenedPglite {
  readonly db: PGlite;
  readonly storage: string;
  /** The WAL insert position once open (the idle checkpoint's starting point). */
  readonly walPosition: string;
  /** PostgreSQL's version (`SHOW server_version`), read in the same call as the WAL position. */
  readonly serverVersion: string;
}

export interface OpenOptions {
  /**
   * An initialised data directory (a tarball) so that a NEW database skips initdb. It is
   * only offered when the database does not exist yet; PGlite also refuses to load a
   * tarball over an existing database, so user data is never replaced.
   */
  readonly template?: TemplateSource;
  /**
   * Checks that a persistent database was written by the bundled PostgreSQL's major
   * version before PGlite touches it (see data-dir-version.ts).
   */
  readonly guard?: DataDirGuard;
  /** Marks a new database while it is being written, so an interrupted one is made again (creation-marks.ts). */
  readonly creation?: CreationMarks;
  /** PGlite's compiled wasm and its file bundle, when already fetched (pglite-browser.ts); PGlite loads them itself otherwise. */
  readonly engine?: () => Promise<PgliteEngine>;
}

export interface PgliteEngine {
  readonly pgliteWasmModule?: WebAssembly.Module;
  readonly fsBundle?: Blob;
}

/**
 * OPFS admits one sync access handle per file. A tab that takes a notebook over asks the
 * other tab to stop its kernel, and the browser releases the handles shortly after the
 * worker ends: retry for a few seconds rather than fail on that race.
 */
async function whenFree<T>(work: () => Promise<T>, attempts = 20, delayMs = 250): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isHeldElsewhere(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The WAL insert position as text, one row `lsn` (the idle checkpoint compares them). */
export const WAL_POSITION_QUERY = 'SELECT pg_current_wal_insert_lsn()::text AS lsn';

/**
 * PGlite without the query of array types it runs as it starts. That query builds the
 * parsers and serializers of `query()` for array values; Ripple's statements go through
 * the wire protocol with its own decoders (wire.ts, decode.ts, pg-array.ts) and never use
 * them. As the first query of a new backend it built PostgreSQL's catalog caches, and in
 * the browser it took 79-164 ms of a warm reload's PGlite create (10 ms in Node); the
 * kernel's own list of types, the next query, now does that work (16-46 -> 40-55 ms).
 * `refreshArrayTypes()` still runs it.
 */
class RipplePglite extends PGlite {
  override async _initArrayTypes(options?: { force?: boolean }): Promise<void> {
    if (options?.force) await super._initArrayTypes(options);
  }
}

/** `PGlite.create` for RipplePglite (create always makes a PGlite). */
async function createPglite(options: PGliteOptions): Promise<PGlite> {
  const db = new RipplePglite(options);
  await db.waitReady;
  return db;
}

export async function openPglite(config: PgliteDatabaseConfig, options: OpenOptions = {}): Promise<OpenedPglite> {
  const { template, guard, creation, engine } = options;
  const dataDir = pgliteDataDir(config);
  const database = dataDir?.replace(/^[a-z-]+:\/\//, '');
  const marked = creation && database !== undefined && dataDir?.startsWith('opfs-ahp://') ? creation : undefined;
  // Still marked: an earlier creation was cut short (a reload, a closed tab). It holds
  // half a template and no user data, since no cell runs before the mark is removed.
  if (marked && database && (await marked.isMarked(database))) await whenFree(() => marked.discard(database));
  const recorded = guard && database ? await guard.marks.read(database) : undefined;
  const refusal = guard ? incompatibility(recorded, guard.postgresMajor) : undefined;
  if (refusal) throw new Error(refusal);
  const isNew = await isNewDatabase(dataDir);
  const loadDataDir = template && isNew ? await template() : undefined;
  // Marked before the directory exists, so no interruption can leave it unmarked (initdb,
  // when the template could not be fetched, is as interruptible as the template).
  const creating = marked && database && isNew ? database : undefined;
  if (marked && creating) await marked.mark(creating);
  const prepared = engine ? await engine() : {};
  const db = await timed(loadDataDir ? 'pglite: create from template' : 'pglite: create', () =>
    whenFree(() => createPglite({ ...prepared, ...storageOptions(dataDir, loadDataDir !== undefined), ...(loadDataDir ? { loadDataDir } : {}) })),
  );
  try {
    // PostgreSQL's 4 MB default spills a sort, a hash or a set-returning function of a few
    // hundred thousand rows to temporary files, which here are OPFS files: the first rows
    // of `generate_series(1, 1000000)` took 1.2 s to appear, 0.2 s with 64 MB. The WAL
    // position, the server's version and (for a database not yet recorded) its major come
    // in the same message: each PGlite call is a round of protocol calls and a file-system
    // sync (a separate one took 31-41 ms of a warm reload here; asking a new database's
    // major apart, a first visit's opening run began a median of 338 ms after PGlite's
    // create, 204 ms with it here), and the kernel's own version query was one more
    // exchange between the open and the notebook's first run.
    const records = guard !== undefined && database !== undefined && recorded === undefined;
    const [, position, version, versionNumber] = await db.exec(`SET work_mem = '64MB'; ${WAL_POSITION_QUERY}; SHOW server_version${records ? '; SHOW server_version_num' : ''}`);
    const walPosition = String((position?.rows[0] as { lsn?: unknown } | undefined)?.lsn);
    const serverVersion = String((version?.rows[0] as { server_version?: unknown } | undefined)?.server_version ?? 'unknown');
    if (records) {
      const running = majorOf(String((versionNumber?.rows[0] as { server_version_num?: unknown } | undefined)?.server_version_num ?? ''));
      if (running !== undefined) await guard.marks.write(database, running);
    }
    // That statement synced the file system: the whole template is on disk, the
    // database complete. Only now may cells use it.
    if (marked && creating) await marked.unmark(creating);
    return { db, storage: dataDir ? dataDir.replace(/:\/\/.*/, '') : 'memory', walPosition, serverVersion };
  } catch (error) {
    // Opened but unusable: let go of its files (OPFS handles) before reporting.
    await db.close().catch(() => undefined);
    throw error;
  }
}
