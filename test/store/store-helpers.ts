// idb checks `instanceof IDBRequest` etc. against globals, so install fake-indexeddb's
// classes globally; each test still gets its own IDBFactory (its own databases).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { NotebookStore } from '../../src/store/notebook-store';
import { openRippleDb } from '../../src/store/schema';
import type { StoredNotebook } from '../../src/store/types';

/** 1001, 1002, ...: every stamp the store takes is distinct and predictable. */
export function counter(start = 1000): () => number {
  let t = start;
  return () => ++t;
}

export function open(factory: IDBFactory, onError?: (error: unknown) => void): Promise<NotebookStore> {
  return NotebookStore.open({ factory, now: counter(), ...(onError ? { onError } : {}) });
}

/** A second, independent connection: proves what is committed, not what the first store caches. */
export async function committed(factory: IDBFactory, id: string): Promise<StoredNotebook | undefined> {
  const fresh = await NotebookStore.open({ factory });
  const notebook = await fresh.get(id);
  fresh.close();
  return notebook;
}

/**
 * A database holding `records` as they are, bypassing the store's checks (records an
 * older version or a bug wrote); each is built from a valid notebook the store created.
 */
export async function withRawRecords(records: (valid: StoredNotebook) => readonly unknown[]): Promise<IDBFactory> {
  const factory = new IDBFactory();
  const store = await open(factory);
  const valid = await store.create({ title: 'Raw' });
  store.close();
  const raw = await openRippleDb(factory, 'ripple');
  for (const record of records(valid)) await raw.put('notebooks', record as StoredNotebook);
  raw.close();
  return factory;
}
