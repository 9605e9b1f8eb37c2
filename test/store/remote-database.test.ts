// idb checks `instanceof IDBRequest` etc. against globals, so install fake-indexeddb's classes globally.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect, it } from 'vitest';
import { NotebookStore } from '../../src/store/notebook-store';
import type { RemoteDatabaseConfig } from '../../workers/protocol';

// A notebook on a remote database is stored and read back like any other: the store
// checks the config's shape (the kernel validates its URLs when it applies them).

const REMOTE: RemoteDatabaseConfig = {
  kind: 'remote',
  proxyUrl: 'ws://127.0.0.1:5480/?token=00112233445566778899aabbccddeeff',
  connectionString: 'postgresql://ripple:pw@127.0.0.1:5432/app',
  statementTimeoutMs: 5000,
};

it('keeps a remote database config, without extra fields, and a copy points at the same server', async () => {
  const factory = new IDBFactory();
  const store = await NotebookStore.open({ factory });
  const created = await store.create({ database: { ...REMOTE, extra: 'dropped' } as RemoteDatabaseConfig });
  const copy = await store.duplicate(created.id);
  store.close();
  const fresh = await NotebookStore.open({ factory });
  expect({ stored: (await fresh.get(created.id))?.database, copy: (await fresh.get(copy.id))?.database }).toEqual({ stored: REMOTE, copy: REMOTE });
  fresh.close();
});
