// idb checks `instanceof IDBRequest` etc. against globals, so install fake-indexeddb's classes globally.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { expect, it } from 'vitest';
import { NotebookStore } from '../../src/store/notebook-store';
import { openRippleDb } from '../../src/store/schema';
import type { DatabaseSecrets, StoredNotebook } from '../../src/store/types';
import type { RemoteDatabaseConfig } from '../../workers/protocol';

// A notebook on a remote database is stored with its config without secrets, and its
// secrets beside it (src/store/database-secrets.ts); the store refuses any other shape.

const REMOTE: RemoteDatabaseConfig = {
  kind: 'remote',
  proxyUrl: 'ws://127.0.0.1:5480/',
  connectionString: 'postgresql://ripple@127.0.0.1:5432/app',
  statementTimeoutMs: 5000,
};
const SECRETS: DatabaseSecrets = { proxyToken: '00112233445566778899aabbccddeeff', password: { kind: 'remembered', value: 'pw' } };

it('keeps a remote database config and its secrets, without extra fields, and a copy points at the same server with the same secrets', async () => {
  const factory = new IDBFactory();
  const store = await NotebookStore.open({ factory });
  const created = await store.create({ database: { ...REMOTE, extra: 'dropped' } as RemoteDatabaseConfig, secrets: { ...SECRETS, extra: 1 } as DatabaseSecrets });
  const copy = await store.duplicate(created.id);
  store.close();
  const fresh = await NotebookStore.open({ factory });
  const read = async (id: string) => {
    const notebook = await fresh.get(id);
    return { database: notebook?.database, secrets: notebook?.secrets };
  };
  expect({ stored: await read(created.id), copy: await read(copy.id) }).toEqual({ stored: { database: REMOTE, secrets: SECRETS }, copy: { database: REMOTE, secrets: SECRETS } });
  fresh.close();
});

it('a password asked for each session is not stored at all', async () => {
  const factory = new IDBFactory();
  const store = await NotebookStore.open({ factory });
  const created = await store.create({ database: REMOTE, secrets: { password: { kind: 'ask', why: 'not-remembered' } } });
  store.close();
  const raw = await openRippleDb(factory, 'ripple');
  const record: unknown = await raw.get('notebooks', created.id);
  raw.close();
  expect(JSON.stringify(record)).not.toMatch(/pw|token/i);
});

it('refuses, on save and on read, a remote config holding a secret, one without secrets, and secrets beside a PGlite database', async () => {
  const factory = new IDBFactory();
  const errors: string[] = [];
  const store = await NotebookStore.open({ factory, onError: (error) => errors.push(String(error)) });
  const good = await store.create({ database: REMOTE, secrets: SECRETS });
  const bad: [string, Partial<StoredNotebook>][] = [
    ['password-in-config', { database: { ...REMOTE, connectionString: 'postgresql://ripple:pw@127.0.0.1:5432/app' } }],
    ['token-in-config', { database: { ...REMOTE, proxyUrl: 'ws://127.0.0.1:5480/?token=abc' } }],
    ['no-secrets', { secrets: undefined }],
    ['bad-secrets', { secrets: { password: { kind: 'remembered' } } as unknown as DatabaseSecrets }],
    ['pglite-with-secrets', { database: { kind: 'pglite', storage: 'auto', name: 'x' } }],
  ];
  for (const [id, patch] of bad) store.save({ ...good, ...patch, id });
  await store.flush();
  const raw = await openRippleDb(factory, 'ripple');
  for (const [id, patch] of bad) await raw.put('notebooks', { ...good, ...patch, id: `raw-${id}` });
  raw.close();
  const read = await Promise.all(bad.flatMap(([id]) => [id, `raw-${id}`]).map((id) => store.get(id)));
  store.close();
  expect({ read, errors: errors.map((e) => e.replace(/notebook .*/, 'notebook …')) }).toEqual({
    read: bad.flatMap(() => [undefined, undefined]),
    errors: bad.map(() => 'TypeError: Refusing to save malformed notebook …'),
  });
});
