import { PGlite } from '@electric-sql/pglite';
import type { PgliteDatabaseConfig } from '../protocol';
import type { BindParam, PgTypeInfo, RawResult, SqlExecutor } from './executor';
import { BackendReader, statementMessages } from './wire';
import { PG_TYPE_QUERY, TypeCache, typeInfoFromRow } from './type-cache';
import { incompatibility, majorOf, type DataDirGuard } from './data-dir-version';
import { measureSince, timed } from '../timeline';

type Identity = (text: string) => string;
const identity: Identity = (text) => text;

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

/**
 * OPFS admits one sync access handle per file. A tab that takes a notebook over asks the
 * other tab to stop its kernel, and the browser releases the handles shortly after the
 * worker ends: retry for a few seconds rather than fail on that race.
 */
async function createWhenFree(create: () => Promise<PGlite>, attempts = 20, delayMs = 250): Promise<PGlite> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (attempt >= attempts || !isHeldElsewhere(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** PGlite inside the kernel worker. Values come back in Postgres text format, decoded by us. */
export class PgliteExecutor implements SqlExecutor {
  private readonly typeCache: TypeCache;
  private queried = false;

  private constructor(
    private readonly db: PGlite,
    readonly description: string,
  ) {
    this.typeCache = new TypeCache(async (oids) => {
      const result = await this.db.query<unknown[]>(PG_TYPE_QUERY, [`{${oids.join(',')}}`], this.options([0]));
      return result.rows.map((row) => typeInfoFromRow(row as (string | null)[]));
    });
  }

  /**
   * `template` supplies an initialised data directory (a tarball) so that a NEW database
   * skips initdb. It is only offered when the database does not exist yet; PGlite also
   * refuses to load a tarball over an existing database, so user data is never replaced.
   *
   * `guard` checks that a persistent database was written by the bundled PostgreSQL's
   * major version before PGlite touches it (see data-dir-version.ts).
   */
  static async open(config: PgliteDatabaseConfig, template?: TemplateSource, guard?: DataDirGuard): Promise<PgliteExecutor> {
    const dataDir = pgliteDataDir(config);
    const database = dataDir?.replace(/^[a-z-]+:\/\//, '');
    const recorded = guard && database ? await guard.marks.read(database) : undefined;
    const refusal = guard ? incompatibility(recorded, guard.postgresMajor) : undefined;
    if (refusal) throw new Error(refusal);
    const loadDataDir = template && (await isNewDatabase(dataDir)) ? await template() : undefined;
    const db = await timed(loadDataDir ? 'pglite: create from template' : 'pglite: create', () =>
      createWhenFree(() => PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) })),
    );
    if (guard && database && recorded === undefined) {
      const shown = await db.query<unknown[]>('SHOW server_version_num', [], { rowMode: 'array' });
      const running = majorOf(String(shown.rows[0]?.[0] ?? ''));
      if (running !== undefined) await guard.marks.write(database, running);
    }
    const oids = await timed('pglite: type list', () => db.query<{ oid: number }>('SELECT oid::int AS oid FROM pg_catalog.pg_type'));
    // PGlite parses values it knows; we want the server's text, so every oid it knows maps
    // to identity (both directions: our params are already in text format). Set on the
    // instance once: passed with each query, PGlite copied the ~600 entries every time
    // (0.35 ms of a 0.39 ms SQL cell, in a Node profile).
    const rawCodecs: Record<number, Identity> = {};
    for (const { oid } of oids.rows) rawCodecs[oid] = identity;
    db.parsers = rawCodecs;
    db.serializers = rawCodecs;
    const where = dataDir ? dataDir.replace(/:\/\/.*/, '') : 'memory';
    return new PgliteExecutor(db, `PGlite (${where}) · ${config.name}`);
  }

  private options(paramTypes: readonly number[]) {
    return { rowMode: 'array' as const, paramTypes: [...paramTypes] };
  }

  async serverVersion(): Promise<string> {
    const result = await this.db.query<unknown[]>('SHOW server_version', [], this.options([]));
    return String(result.rows[0]?.[0] ?? 'unknown');
  }

  /**
   * One statement through the wire protocol (wire.ts), in one call into PostgreSQL.
   * syncToFs as PGlite's own query() does it: a committed transaction is on disk before
   * the cell says done. The query mutex keeps PGlite's own calls (the type lookups) from
   * interleaving with ours.
   */
  async query(text: string, params: readonly BindParam[]): Promise<RawResult> {
    const start = performance.now();
    const reader = new BackendReader();
    await this.db._runExclusiveQuery(() =>
      this.db.execProtocolRawStream(statementMessages(text, params), { syncToFs: true, onRawData: (data) => reader.feed(data) }),
    );
    // The start-up timeline's "first query": the first SQL a cell ran on this database.
    if (!this.queried) measureSince('pglite: first query', start);
    this.queried = true;
    if (reader.error) throw reader.error;
    if (!reader.ready) throw new Error('PGlite ended the statement without a reply.');
    return { fields: reader.fields, rows: reader.rows, command: reader.command ?? 'OK' };
  }

  types(oids: readonly number[]): Promise<ReadonlyMap<number, PgTypeInfo>> {
    return this.typeCache.get(oids);
  }

  async close(): Promise<void> {
    // close() flushes PGlite's file system, so nothing committed is left behind.
    if (!this.db.closed) await this.db.close();
  }
}
