/**
 * What the page asks for before the app's code has arrived: the notebook store's database
 * opened and its notebooks read, and the Web Lock of the notebook the address names. The
 * app (App, NotebookStore, createNotebookLock) adopts them.
 *
 * Why: on a reload the app's code runs 150-250 ms after the page starts, and V8 then stores
 * its compiled code in one main-thread task of 15-70 ms. Asked for by the app, the open, the
 * list read, the lock and the notebook read were four answers in a row, each waiting behind
 * such tasks. Asked for here, as the page starts, they come together.
 *
 * Nothing here may change the database: an open that would create or upgrade it is given
 * up (its upgrade aborted), and the store then opens it with its migrations.
 */
import { BY_UPDATED, DB_NAME, DB_VERSION, NOTEBOOKS } from '../store/db-names';
import { notebookIdFromHash, notebookLockName } from '../notebook/address';
import { markNow } from '../../workers/timeline';

export interface EarlyRead {
  readonly db: IDBDatabase;
  /** The store's records, as read (the store checks them). */
  readonly records: readonly unknown[];
  /** The notebook whose lock was held when they were read: its record is current. */
  readonly lockedId: string | undefined;
}

export interface EarlyLock {
  readonly notebookId: string;
  /** Whether it was granted (false: another tab, or the page this one replaces, held it). */
  readonly held: Promise<boolean>;
  /** Settles if another tab takes the notebook over (steals the lock). */
  readonly stolen: Promise<void>;
  /** Lets go of it (the tab closes the notebook); nothing if it was not held. */
  release(): void;
}

export interface EarlyStart {
  /** Undefined when the database could not be opened as it is (new, older, blocked). */
  readonly read: Promise<EarlyRead | undefined>;
  /** The lock, for the one caller that opens its notebook; undefined after that, or for another id. */
  takeLock(notebookId: string): EarlyLock | undefined;
  /** Lets go of a lock nobody took (the app opened another notebook). */
  dropLock(): void;
}

export function startEarly(factory: IDBFactory, locks: LockManager | undefined, hash: string): EarlyStart {
  const notebookId = notebookIdFromHash(hash);
  const asked = notebookId !== undefined && locks ? requestLock(locks, notebookId) : undefined;
  let lock = asked; // until taken or dropped
  const opened = openAsIs(factory).then((db) => {
    // For the bench's timeline: on a reload the open waits behind the browser closing the
    // previous page's database files (README, "What a reload pays for the page it replaces").
    if (db) markNow('notebook store opened');
    return db;
  });
  const read = (async (): Promise<EarlyRead | undefined> => {
    const db = await opened;
    const held = (await asked?.held) ?? false;
    if (!db) return undefined;
    const records = await readAll(db);
    if (!records) {
      db.close();
      return undefined;
    }
    markNow('notebook store read');
    return { db, records, lockedId: held ? notebookId : undefined };
  })();
  return {
    read,
    takeLock(id) {
      if (!lock || lock.notebookId !== id) return undefined;
      const taken = lock;
      lock = undefined;
      return taken;
    },
    dropLock() {
      lock?.release();
      lock = undefined;
    },
  };
}

function requestLock(locks: LockManager, notebookId: string): EarlyLock {
  let release = (): void => {};
  let granted!: (held: boolean) => void;
  let wasGranted = false;
  const held = new Promise<boolean>((resolve) => (granted = resolve));
  const request = locks.request(notebookLockName(notebookId), { ifAvailable: true }, (lock) => {
    wasGranted = lock !== null;
    granted(wasGranted);
    if (!lock) return undefined;
    return new Promise<void>((resolve) => (release = resolve)); // held until released
  });
  const stolen = new Promise<void>((resolve) => {
    request.catch(() => {
      if (wasGranted) resolve(); // taken over by another tab (an AbortError while held)
      else granted(false); // refused before any answer (e.g. no lock manager for this page)
    });
  });
  return { notebookId, held, stolen, release: () => release() };
}

/** The database at the store's version, or undefined (it does not exist yet, is older, or is blocked). */
function openAsIs(factory: IDBFactory): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DB_NAME, DB_VERSION);
    } catch {
      return resolve(undefined);
    }
    // Creating or migrating is the store's work (schema.ts): abort, and let it.
    let given = false;
    const give = (db: IDBDatabase | undefined): void => {
      if (given) return db?.close(); // opened after it was given up on (it was blocked)
      given = true;
      resolve(db);
    };
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onblocked = () => give(undefined);
    request.onerror = (event) => {
      event.preventDefault(); // an expected refusal, not an uncaught error
      give(undefined);
    };
    request.onsuccess = () => give(request.result);
  });
}

function readAll(db: IDBDatabase): Promise<unknown[] | undefined> {
  return new Promise((resolve) => {
    try {
      const request = db.transaction(NOTEBOOKS, 'readonly').objectStore(NOTEBOOKS).index(BY_UPDATED).getAll();
      request.onsuccess = () => resolve(request.result as unknown[]);
      request.onerror = (event) => {
        event.preventDefault();
        resolve(undefined);
      };
    } catch {
      resolve(undefined);
    }
  });
}
