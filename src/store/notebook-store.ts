/**
 * Notebooks in IndexedDB, behind one class (modelled on tldraw's LocalIndexedDb).
 * Every database access goes through `tx`; saves are queued, coalesced per notebook
 * and written in the background, and `flush`/`pendingWrites` let callers await them.
 */
import type { IDBPObjectStore } from 'idb';
import {
  BY_UPDATED,
  NOTEBOOKS,
  defaultDatabase,
  isStoredNotebook,
  plainNotebook,
  readStoredNotebook,
  withoutImportReport,
  type RippleDbSchema,
} from './schema';
import type { DatabaseConfig } from '../../workers/protocol';
import type { DatabaseSecrets, NotebookSummary, NotebookTrust, StoredNotebook } from './types';
import type { ImportReport } from '../files/import-report';
import type { EarlyRead } from '../start/early-start';
import { DB_NAME } from './db-names';
import { StoreConnection } from './store-connection';

export interface NotebookStoreOptions {
  /** IndexedDB database name; 'ripple' by default. */
  readonly name?: string;
  /** Defaults to the global `indexedDB`; tests pass an isolated fake-indexeddb factory. */
  readonly factory?: IDBFactory;
  /** Clock for createdAt/updatedAt; `Date.now` by default. */
  readonly now?: () => number;
  /** Background failures (a queued save that could not be written). The data stays queued. */
  readonly onError?: (error: unknown) => void;
  /** Called on every edit saved (the app asks for persistent storage at the first one). */
  readonly onSave?: () => void;
  /**
   * The database opened and read as the page started (src/start/early-start.ts): the store
   * takes that connection, and its first overview (and the notebook read under its lock)
   * come from that read. Undefined: the store opens the database itself.
   */
  readonly early?: Promise<EarlyRead | undefined>;
}

/** A notebook's database as stored: the config without secrets, and the secrets of a remote one. */
export interface StoredDatabase {
  readonly database: DatabaseConfig;
  readonly secrets?: DatabaseSecrets | undefined;
}

type Mode = 'readonly' | 'readwrite';
type Notebooks<M extends Mode> = IDBPObjectStore<RippleDbSchema, ['notebooks'], 'notebooks', M>;
interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const DEFAULT_DELAY_MS = 300;

function summarize(notebook: StoredNotebook): NotebookSummary {
  return { id: notebook.id, title: notebook.title, updatedAt: notebook.updatedAt, cellCount: notebook.cells.length };
}

export class NotebookStore {
  static async open(options: NotebookStoreOptions = {}): Promise<NotebookStore> {
    const store = new NotebookStore(options);
    await store.connection.open(); // surface open/migration errors here, not on the first save
    return store;
  }

  private readonly connection: StoreConnection;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly onSave: () => void;
  private closed = false;
  /** The early read's records, for the first overview only. */
  private earlyRecords: readonly unknown[] | undefined;
  /** The notebook read under its lock as the page started; current until this store writes. */
  private earlyNotebook: StoredNotebook | undefined;
  /** Latest unwritten state per notebook; a newer save replaces an older one (last write wins). */
  private readonly queued = new Map<string, StoredNotebook>();
  /**
   * The batches being written, oldest first. A failed batch is put back into `queued`,
   * each notebook unless a newer copy of it is queued or in a later batch.
   */
  private inFlight: Map<string, StoredNotebook>[] = [];
  /** Their writes (they reject on failure); callers of flush wait for all of them. */
  private readonly writes = new Set<Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = 0;
  private waiters: Waiter[] = [];
  /** Deleted this session: a late save (e.g. a UI debounce) must not resurrect them. */
  private readonly deleted = new Set<string>();
  /** Import reports dismissed this session: a save of a copy that still has one must not write it back. */
  private readonly reportDismissed = new Set<string>();

  private constructor(options: NotebookStoreOptions) {
    this.connection = new StoreConnection(options.factory ?? indexedDB, options.name ?? DB_NAME, options.early, (read) => {
      this.earlyRecords = read.records;
      this.earlyNotebook = read.lockedId === undefined ? undefined : read.records.map(readStoredNotebook).find((n) => n?.id === read.lockedId);
    });
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? ((error) => console.error('Ripple: saving notebooks failed', error));
    this.onSave = options.onSave ?? (() => {});
  }

  async list(): Promise<NotebookSummary[]> {
    return (await this.overview()).summaries;
  }

  /**
   * The list, newest first, and from the same read the notebook `id` names (else the
   * newest): what the app needs to show something, in one transaction.
   */
  async overview(id?: string): Promise<{ summaries: NotebookSummary[]; notebook: StoredNotebook | undefined }> {
    let records: readonly unknown[];
    if (this.earlyRecords) {
      records = this.earlyRecords;
      this.earlyRecords = undefined;
    } else records = await this.tx('readonly', (store) => store.index(BY_UPDATED).getAll());
    const byId = new Map<string, StoredNotebook>();
    // The index is ascending by updatedAt; newest first is the reverse.
    for (const record of [...records].reverse()) {
      const notebook = readStoredNotebook(record);
      if (notebook) byId.set(notebook.id, notebook);
    }
    // Queued saves are newer than what is on disk; show them (stable sort keeps index order on ties).
    for (const notebook of this.queued.values()) byId.set(notebook.id, notebook);
    const notebooks = this.queued.size === 0 ? [...byId.values()] : [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt);
    return { summaries: notebooks.map(summarize), notebook: id === undefined ? notebooks[0] : byId.get(id) };
  }

  async get(id: string): Promise<StoredNotebook | undefined> {
    const queued = this.queued.get(id);
    if (queued) return queued;
    const early = this.earlyNotebook;
    this.earlyNotebook = undefined;
    if (early?.id === id) return early;
    return readStoredNotebook(await this.tx('readonly', (store) => store.get(id)));
  }

  /**
   * A notebook the user makes here (new, or the sample): trusted, it runs on open. A remote
   * `database` comes without secrets and with `secrets` (see database-secrets.ts).
   */
  create(init: Partial<Pick<StoredNotebook, 'title' | 'cells' | 'database' | 'secrets'>> = {}): Promise<StoredNotebook> {
    const id = crypto.randomUUID();
    return this.insert(id, init.title ?? 'Untitled notebook', init.cells ?? [], { database: init.database ?? defaultDatabase(id), secrets: init.secrets }, 'trusted');
  }

  /**
   * A notebook that arrived as a file: stored untrusted, so it runs nothing and its
   * database settings reach no kernel until the user says so (src/notebook/trust.ts).
   * `database` gets the new notebook's id (a PGlite database is named after it); a remote
   * one comes without secrets, and with `secrets` (what the file had: no token, and a
   * password to ask for unless the file held one). `importReport`: what the import
   * changed (a `.ipynb` file), kept until dismissImportReport.
   */
  createFromFile(
    init: Pick<StoredNotebook, 'title' | 'cells' | 'secrets'> & { database: (id: string) => DatabaseConfig; importReport?: ImportReport | undefined },
  ): Promise<StoredNotebook> {
    const id = crypto.randomUUID();
    return this.insert(id, init.title, init.cells, { database: init.database(id), secrets: init.secrets }, 'untrusted', init.importReport);
  }

  async rename(id: string, title: string): Promise<void> {
    const updatedAt = this.now();
    // Patch unwritten copies too, or the queued save would write the old title back.
    let pending = false;
    for (const map of [this.queued, ...this.inFlight]) {
      const notebook = map.get(id);
      if (notebook) map.set(id, { ...notebook, title, updatedAt });
      pending ||= notebook !== undefined;
    }
    await this.tx('readwrite', async (store) => {
      const record = readStoredNotebook(await store.get(id));
      if (record) await store.put({ ...record, title, updatedAt });
      else if (!pending) throw new Error(`No notebook ${id}`);
    });
  }

  /**
   * Removes the notebook's import report for good (the user dismissed it). As in rename,
   * unwritten copies are patched too, and later saves of this notebook drop a report they
   * still carry, so neither a queued save nor a stale copy writes it back. updatedAt is
   * kept: dismissing a note changes nothing of the notebook. No notebook: nothing to do.
   */
  async dismissImportReport(id: string): Promise<void> {
    this.reportDismissed.add(id);
    for (const map of [this.queued, ...this.inFlight]) {
      const notebook = map.get(id);
      if (notebook?.importReport) map.set(id, withoutImportReport(notebook));
    }
    await this.tx('readwrite', async (store) => {
      const record = readStoredNotebook(await store.get(id));
      if (record?.importReport) await store.put(withoutImportReport(record));
    });
  }

  async duplicate(id: string): Promise<StoredNotebook> {
    const source = await this.get(id);
    if (!source) throw new Error(`No notebook ${id}`);
    const copyId = crypto.randomUUID();
    // Its own database: sharing one would let the copy's SQL cells change the original's tables.
    // A remote one is the same server, with the same secrets (a password asked for each
    // session is asked for the copy too).
    const database = source.database.kind === 'pglite' ? { ...source.database, name: copyId } : source.database;
    // A copy is as trusted as its original: copying must not launder a file's notebook.
    // It has no import report: it was not imported, and its original keeps the report.
    return this.insert(copyId, `Copy of ${source.title}`, source.cells, { database, secrets: source.secrets }, source.trust);
  }

  async delete(id: string): Promise<void> {
    this.deleted.add(id);
    this.queued.delete(id);
    for (const batch of this.inFlight) batch.delete(id); // so a failed in-flight write does not requeue it
    // An in-flight put of this notebook was created earlier, so IndexedDB runs it first.
    await this.tx('readwrite', (store) => store.delete(id), { commit: true });
  }

  save(notebook: StoredNotebook, options: { delayMs?: number } = {}): void {
    if (this.closed) return this.onError(new Error('NotebookStore.save after close(); the save was dropped'));
    if (this.deleted.has(notebook.id)) return;
    let record: StoredNotebook;
    try {
      // Snapshot now: the caller may keep mutating its object, and the write happens later.
      record = plainNotebook(notebook, this.now());
      if (this.reportDismissed.has(record.id)) record = withoutImportReport(record);
    } catch (error) {
      return this.onError(error);
    }
    if (!isStoredNotebook(record)) return this.onError(new TypeError(`Refusing to save malformed notebook ${notebook.id}`));
    this.queued.set(record.id, record);
    this.schedule(options.delayMs ?? DEFAULT_DELAY_MS);
    this.onSave();
  }

  /**
   * Writes what is queued now, and settles once it and every write before it are
   * committed (rejects if one failed). The page calls this as it is hidden or closed, and
   * may get no further turn of its event loop: the write is asked for and committed
   * within this call (when connected), not after the write in flight. IndexedDB runs
   * read-write transactions on one store in the order they were created, so an older
   * batch still lands first.
   */
  flush(): Promise<void> {
    this.clearTimer();
    if (this.queued.size > 0) this.writeQueued();
    return Promise.all(this.writes).then(() => undefined);
  }

  pendingWrites(): Promise<void> {
    if (this.queued.size === 0 && this.writes.size === 0) return Promise.resolve();
    // Queued with no timer and no write: an earlier write failed. Retry instead of waiting forever.
    if (!this.timer && this.writes.size === 0) return this.flush();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Writes what is queued, then closes the connection. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    void this.flush()
      .catch(() => undefined) // reported through onError already
      .finally(() => this.connection.close());
  }

  // -- internals ----------------------------------------------------------------

  private async insert(
    id: string,
    title: string,
    cells: StoredNotebook['cells'],
    { database, secrets }: StoredDatabase,
    trust: NotebookTrust,
    importReport?: ImportReport,
  ): Promise<StoredNotebook> {
    const at = this.now();
    const notebook = plainNotebook({ id, title, cells, database, ...(secrets ? { secrets } : {}), trust, ...(importReport ? { importReport } : {}), createdAt: at, updatedAt: at });
    if (!isStoredNotebook(notebook)) throw new TypeError('Malformed notebook');
    await this.tx('readwrite', (store) => store.add(notebook), { commit: true });
    return notebook;
  }

  /** Arms the write timer; an armed earlier deadline is kept, so saves are written within their delay. */
  private schedule(delayMs: number): void {
    // Wall clock, not the injected `now`: this is about timers, not about stored timestamps.
    const due = Date.now() + delayMs;
    if (this.timer !== undefined && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined); // failures reach onError in writeQueued
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private writeQueued(): void {
    const batch = new Map(this.queued);
    this.queued.clear();
    this.inFlight.push(batch);
    // All queued notebooks in one transaction, its puts asked for and committed at once
    // (see flush): `tx` creates it synchronously when connected, so a later delete or
    // rename transaction is ordered after it.
    const write = this.tx('readwrite', (store) => Promise.all(Array.from(batch.values(), (notebook) => store.put(notebook))), { commit: true }).then(
      () => undefined,
    );
    this.writes.add(write);
    write.then(
      () => this.settle(write, batch),
      (error: unknown) => {
        // Never lose the latest state: put the batch back, except what a newer save
        // replaced meanwhile (queued, or in a later batch). The next save/flush retries it.
        const later = this.inFlight.slice(this.inFlight.indexOf(batch) + 1);
        for (const [id, notebook] of batch) {
          if (!this.queued.has(id) && !later.some((newer) => newer.has(id))) this.queued.set(id, notebook);
        }
        this.onError(error);
        this.settle(write, batch, { error });
      },
    );
  }

  /** After each write: wake pendingWrites() callers once nothing is left, or fail them (no auto-retry, so they would hang). */
  private settle(write: Promise<void>, batch: Map<string, StoredNotebook>, failure?: { readonly error: unknown }): void {
    this.writes.delete(write);
    this.inFlight = this.inFlight.filter((b) => b !== batch);
    const waiters = this.waiters;
    if (failure) {
      this.waiters = [];
      for (const waiter of waiters) waiter.reject(failure.error);
    } else if (this.queued.size === 0 && this.writes.size === 0) {
      this.waiters = [];
      for (const waiter of waiters) waiter.resolve();
    } // else: newer saves are queued or being written; keep waiting
  }

  /**
   * The one way to the database. `fn` may only await requests on `store`, or the
   * transaction auto-commits. With `commit`, `fn` must ask for all its requests before it
   * first awaits: the transaction is committed right after `fn` is called, without the
   * round trip an auto-commit waits for (a page being closed does not get it).
   */
  private async tx<T, M extends Mode>(mode: M, fn: (store: Notebooks<M>) => Promise<T>, options: { commit?: boolean } = {}): Promise<T> {
    const db = this.connection.current ?? (await this.connection.open());
    if (mode === 'readwrite') this.earlyNotebook = undefined; // no longer known to be current
    const tx = db.transaction(NOTEBOOKS, mode);
    const done = tx.done;
    done.catch(() => undefined); // handled below; avoids an unhandled rejection when fn fails first
    try {
      const pending = fn(tx.store);
      if (options.commit) tx.commit();
      const result = await pending;
      await done;
      return result;
    } catch (error) {
      try {
        tx.abort(); // a half-done write must not commit
      } catch {
        // already committed or aborted
      }
      throw error;
    }
  }
}
