// idb checks `instanceof IDBRequest` etc. against globals, so install fake-indexeddb's
// classes globally; each test still gets its own IDBFactory (its own databases).
import 'fake-indexeddb/auto';
import type { IDBFactory } from 'fake-indexeddb';
import { NotebookStore } from '../../src/store/notebook-store';
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
