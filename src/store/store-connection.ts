/**
 * The notebook store's one IndexedDB connection: the page's early one the first time (see
 * src/start/early-start.ts), else a new one, with the migrations. It is dropped when
 * another tab wants to upgrade the database or the browser closes it, and opened again on
 * the next use.
 */
import { wrap } from 'idb';
import { openRippleDb, type RippleDb } from './schema';
import type { EarlyRead } from '../start/early-start';

export class StoreConnection {
  private db: RippleDb | undefined;
  private connecting: Promise<RippleDb> | undefined;
  private closed = false;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name: string,
    /** Taken on the first open; its read goes to `onEarlyRead`. */
    private early: Promise<EarlyRead | undefined> | undefined,
    private readonly onEarlyRead: (read: EarlyRead) => void,
  ) {}

  /** The open connection, if there is one: a transaction can then be created synchronously. */
  get current(): RippleDb | undefined {
    return this.db;
  }

  open(): Promise<RippleDb> {
    if (this.closed) return Promise.reject(new Error('NotebookStore is closed'));
    if (this.db) return Promise.resolve(this.db);
    this.connecting ??= this.adoptOrOpen()
      .then((db) => (this.db = db))
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** For good: a later open is refused. */
  close(): void {
    this.closed = true;
    this.drop();
  }

  private async adoptOrOpen(): Promise<RippleDb> {
    const early = this.early && (await this.early);
    this.early = undefined;
    if (early) {
      this.onEarlyRead(early);
      // As openRippleDb's hooks below.
      early.db.addEventListener('versionchange', () => this.drop());
      early.db.addEventListener('close', () => this.drop());
      return wrap(early.db) as RippleDb;
    }
    return openRippleDb(this.factory, this.name, {
      // Another tab is upgrading: step aside; the next access reconnects.
      blocking: () => this.drop(),
      terminated: () => this.drop(),
    });
  }

  private drop(): void {
    this.db?.close();
    this.db = undefined;
  }
}
