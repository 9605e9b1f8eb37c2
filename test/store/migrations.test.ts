// idb's openDB uses the global indexedDB, which fake-indexeddb/auto installs; each
// test uses its own database name, so tests stay isolated.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { NotebookStore } from '../../src/store/notebook-store';
import { DB_VERSION, MIGRATIONS, openRippleDb, type Migration } from '../../src/store/schema';

const uniqueName = () => `ripple-test-${crypto.randomUUID()}`;

/** A v1 database exactly as the first release wrote it: no index, no database/createdAt. */
async function createV1(name: string, records: readonly object[]): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(v1) {
      v1.createObjectStore('notebooks', { keyPath: 'id' });
    },
  });
  for (const record of records) await db.put('notebooks', record);
  db.close(); // an open v1 connection would block the upgrade
}

async function layout(name: string): Promise<{ version: number; stores: string[]; indexes: string[] }> {
  const db = await openDB(name);
  const layout = {
    version: db.version,
    stores: [...db.objectStoreNames],
    indexes: [...db.transaction('notebooks').store.indexNames],
  };
  db.close();
  return layout;
}

const cell = { id: 'c1', kind: 'python', code: 'x = 1' };

describe('schema migrations', () => {
  it('DB_VERSION (which the page opens with before the migrations are loaded) is the newest migration', () => {
    expect(DB_VERSION).toBe(Math.max(...MIGRATIONS.map((step) => step.version)));
  });

  it('a fresh database gets the latest schema: the notebooks store and the by-updated index', async () => {
    const name = uniqueName();
    const store = await NotebookStore.open({ name, factory: indexedDB });
    store.close();
    expect(await layout(name)).toEqual({ version: 4, stores: ['notebooks'], indexes: ['by-updated'] });
  });

  it('upgrades v1 records: default PGlite database, createdAt = updatedAt, trusted; list() works through the new index', async () => {
    const name = uniqueName();
    await createV1(name, [
      { id: 'old', title: 'Old', cells: [cell], updatedAt: 500 },
      // Complete for v2: only the trust level is added.
      { id: 'full', title: 'Full', cells: [], updatedAt: 700, createdAt: 100, database: { kind: 'pglite', storage: 'idb', name: 'mine' } },
    ]);
    const store = await NotebookStore.open({ name, factory: indexedDB });
    const result = { old: await store.get('old'), full: await store.get('full'), list: await store.list() };
    store.close();
    expect({ ...result, layout: await layout(name) }).toEqual({
      old: { id: 'old', title: 'Old', cells: [cell], updatedAt: 500, createdAt: 500, database: { kind: 'pglite', storage: 'auto', name: 'old' }, trust: 'trusted' },
      full: { id: 'full', title: 'Full', cells: [], updatedAt: 700, createdAt: 100, database: { kind: 'pglite', storage: 'idb', name: 'mine' }, trust: 'trusted' },
      list: [
        { id: 'full', title: 'Full', updatedAt: 700, cellCount: 0 },
        { id: 'old', title: 'Old', updatedAt: 500, cellCount: 1 },
      ],
      layout: { version: DB_VERSION, stores: ['notebooks'], indexes: ['by-updated'] },
    });
  });

  it('keeps v1 records it cannot fully repair (a migration never deletes data), and the app skips them', async () => {
    const name = uniqueName();
    const junk = { id: 'junk', title: 7 };
    await createV1(name, [junk, { id: 'ok', title: 'Ok', cells: [], updatedAt: 1 }]);
    const store = await NotebookStore.open({ name, factory: indexedDB });
    const listed = (await store.list()).map((s) => s.id);
    store.close();
    const raw = await openDB(name);
    const stored: unknown = await raw.get('notebooks', 'junk');
    raw.close();
    expect({ listed, stored }).toEqual({ listed: ['ok'], stored: { ...junk, database: { kind: 'pglite', storage: 'auto', name: 'junk' }, trust: 'trusted' } });
  });

  it('upgrades v2 records to v3: notebooks stored before trust levels existed count as trusted; a trust level already there is kept', async () => {
    const factory = new IDBFactory();
    const name = 'ripple';
    const v2 = await openRippleDb(factory, name, {}, MIGRATIONS.slice(0, 2), 2);
    const database = { kind: 'pglite', storage: 'auto', name: 'x' };
    await v2.put('notebooks', { id: 'mine', title: 'Mine', cells: [cell], database, createdAt: 1, updatedAt: 2 });
    // Not a v2 shape (no v2 code wrote trust): left exactly as it is, and never read as trusted.
    await v2.put('notebooks', { id: 'odd', title: 'Odd', cells: [], database, createdAt: 1, updatedAt: 3, trust: 'yes' });
    v2.close();
    const store = await NotebookStore.open({ factory });
    const result = { mine: await store.get('mine'), odd: await store.get('odd'), list: (await store.list()).map((s) => s.id) };
    store.close();
    const raw = await openRippleDb(factory, name);
    const odd: unknown = await raw.get('notebooks', 'odd');
    raw.close();
    expect({ ...result, rawOdd: odd }).toEqual({
      mine: { id: 'mine', title: 'Mine', cells: [cell], database, createdAt: 1, updatedAt: 2, trust: 'trusted' },
      odd: undefined,
      list: ['mine'],
      rawOdd: { id: 'odd', title: 'Odd', cells: [], database, createdAt: 1, updatedAt: 3, trust: 'yes' },
    });
  });

  it('upgrades v3 records to v4: a remote database\'s password and proxy token move out of its config into `secrets`, still remembered', async () => {
    const factory = new IDBFactory();
    const name = 'ripple';
    const v3 = await openRippleDb(factory, name, {}, MIGRATIONS.slice(0, 3), 3);
    const base = { cells: [cell], createdAt: 1, updatedAt: 2, trust: 'trusted' };
    const token = '00112233445566778899aabbccddeeff';
    await v3.put('notebooks', {
      ...base,
      id: 'remote',
      title: 'Remote',
      database: { kind: 'remote', proxyUrl: `ws://127.0.0.1:5480/?token=${token}`, connectionString: 'postgresql://ripple:s%40cret@127.0.0.1:5432/app', statementTimeoutMs: 5000 },
    });
    await v3.put('notebooks', { ...base, id: 'local', title: 'Local', database: { kind: 'pglite', storage: 'idb', name: 'local' } });
    v3.close();
    const store = await NotebookStore.open({ factory });
    const result = { remote: await store.get('remote'), local: await store.get('local') };
    store.close();
    expect(result).toEqual({
      remote: {
        ...base,
        id: 'remote',
        title: 'Remote',
        database: { kind: 'remote', proxyUrl: 'ws://127.0.0.1:5480/', connectionString: 'postgresql://ripple@127.0.0.1:5432/app', statementTimeoutMs: 5000 },
        secrets: { proxyToken: token, password: { kind: 'remembered', value: 's@cret' } },
      },
      local: { ...base, id: 'local', title: 'Local', database: { kind: 'pglite', storage: 'idb', name: 'local' } },
    });
  });

  it('a failing migration step aborts the upgrade: version and data stay as they were, and the step error is reported', async () => {
    const factory = new IDBFactory();
    const name = 'ripple';
    const v1 = await openRippleDb(factory, name, {}, MIGRATIONS.slice(0, 1), 1);
    await v1.put('notebooks', { id: 'kept', title: 'Kept', cells: [], updatedAt: 3 });
    v1.close();
    const broken: Migration = {
      version: 2,
      async upgrade(_db, tx) {
        tx.objectStore('notebooks').createIndex('by-updated', 'updatedAt');
        await tx.objectStore('notebooks').put({ id: 'half', title: 'half-migrated' });
        throw new Error('bug in step 2');
      },
    };
    const failure: unknown = await openRippleDb(factory, name, {}, [MIGRATIONS[0] as Migration, broken], 2).catch((e: unknown) => e);
    const after = await openRippleDb(factory, name, {}, MIGRATIONS.slice(0, 1), 1);
    const state = { version: after.version, indexes: [...after.transaction('notebooks').store.indexNames], keys: await after.getAllKeys('notebooks') };
    after.close();
    expect({ message: failure instanceof Error && failure.message, state }).toEqual({
      message: 'bug in step 2',
      state: { version: 1, indexes: [], keys: ['kept'] },
    });
  });

  it('an open store steps aside when another tab upgrades to a newer version (no blocked upgrade)', async () => {
    const factory = new IDBFactory();
    const store = await NotebookStore.open({ factory });
    await store.create({ title: 'Here' });
    const next: Migration = { version: DB_VERSION + 1, upgrade: () => undefined };
    const upgrade = openRippleDb(factory, 'ripple', {}, [...MIGRATIONS, next], next.version).then((db) => {
      db.close();
      return 'upgraded';
    });
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('blocked'), 2_000));
    expect(await Promise.race([upgrade, timeout])).toEqual('upgraded');
  });
});
