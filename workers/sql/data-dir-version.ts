/// <reference lib="webworker" />
/**
 * A PGlite data directory can only be opened by the PostgreSQL major version that wrote
 * it. App updates keep every notebook's database, so an update that brought a new
 * PostgreSQL major would meet databases it cannot read. PGlite then fails with a bare
 * "failed to initialize"; worse, it must never get the chance to write to them.
 *
 * Ripple records the major beside each persistent database (a small OPFS file named
 * after it) the first time it opens, and checks the record before every later open.
 */
export interface VersionMarks {
  read(database: string): Promise<number | undefined>;
  write(database: string, major: number): Promise<void>;
}

export interface DataDirGuard {
  /** The PostgreSQL major of the bundled PGlite. */
  readonly postgresMajor: number;
  readonly marks: VersionMarks;
}

/** Why this database cannot be opened by this PostgreSQL, or undefined when it can. */
export function incompatibility(recorded: number | undefined, bundled: number): string | undefined {
  if (recorded === undefined || recorded === bundled) return undefined;
  return (
    `This notebook's database was written by PostgreSQL ${recorded}, and this version of Ripple runs PostgreSQL ${bundled}, ` +
    `which cannot open it. The database was not opened, changed or deleted: it stays in this browser, ` +
    `and a Ripple version running PostgreSQL ${recorded} can open it and export its data (Export .py keeps the notebook itself).`
  );
}

/** The major version from `SHOW server_version_num` (e.g. 180001 → 18). */
export function majorOf(serverVersionNum: string): number | undefined {
  const num = Number(serverVersionNum);
  return Number.isInteger(num) && num >= 100000 ? Math.floor(num / 10000) : undefined;
}

const markName = (database: string): string => `${database}.postgres-major`;

/** Marks kept in the Origin Private File System, beside PGlite's own `opfs-ahp` directories. */
export function opfsVersionMarks(): VersionMarks | undefined {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return undefined;
  return {
    async read(database) {
      try {
        const file = await (await (await storage.getDirectory()).getFileHandle(markName(database))).getFile();
        const major = Number((await file.text()).trim());
        return Number.isInteger(major) && major > 0 ? major : undefined;
      } catch (error) {
        if (error instanceof DOMException && error.name === 'NotFoundError') return undefined;
        throw error;
      }
    },
    async write(database, major) {
      const handle = await (await storage.getDirectory()).getFileHandle(markName(database), { create: true });
      const writable = await handle.createWritable();
      await writable.write(`${major}\n`);
      await writable.close();
    },
  };
}
