/// <reference lib="webworker" />
/**
 * A new notebook database is written into OPFS from the template for a few seconds on a
 * first visit. A reload or a closed tab in that window left a directory that exists, so
 * it was no longer "new", but held half a database: every later open failed ("No more
 * file handles available in the pool": PGlite started initdb in it) and the notebook's
 * SQL never ran again.
 *
 * So a creation is marked before it starts and unmarked once the database is open and
 * checked; a directory still marked on the next open is an unfinished creation, holds no
 * user data (no cell runs before the mark is gone), and is deleted and created again.
 */
export interface CreationMarks {
  isMarked(database: string): Promise<boolean>;
  mark(database: string): Promise<void>;
  unmark(database: string): Promise<void>;
  /** Deletes an unfinished database's directory (nothing if absent). */
  discard(database: string): Promise<void>;
}

const markName = (database: string): string => `${database}.creating`;

function isNotFound(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotFoundError';
}

/** Marks kept in the Origin Private File System, beside the databases' directories. */
export function opfsCreationMarks(): CreationMarks | undefined {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (typeof storage?.getDirectory !== 'function') return undefined;
  const remove = async (name: string, recursive: boolean): Promise<void> => {
    try {
      await (await storage.getDirectory()).removeEntry(name, { recursive });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  };
  return {
    async isMarked(database) {
      try {
        await (await storage.getDirectory()).getFileHandle(markName(database));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
    async mark(database) {
      await (await storage.getDirectory()).getFileHandle(markName(database), { create: true });
    },
    unmark: (database) => remove(markName(database), false),
    discard: (database) => remove(database, true),
  };
}
