import { IDBFactory, IDBIndex, IDBObjectStore } from 'fake-indexeddb';
import { committed, counter } from './store-helpers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEarly, type EarlyRead } from '../../src/start/early-start';
import { NotebookStore } from '../../src/store/notebook-store';
import { MIGRATIONS, openRippleDb } from '../../src/store/schema';

const open = (factory: IDBFactory, early?: Promise<EarlyRead | undefined>) => NotebookStore.open({ factory, now: counter(), ...(early ? { early } : {}) });
const reads = () => ({ lists: vi.spyOn(IDBIndex.prototype, 'getAll'), gets: vi.spyOn(IDBObjectStore.prototype, 'get') });

/** A store database with two notebooks, closed again; returns their ids. */
async function withNotebooks(factory: IDBFactory): Promise<[string, string]> {
  const store = await open(factory);
  const a = await store.create({ title: 'A', cells: [{ id: 'c', kind: 'python', code: 'a = 1' }] });
  const b = await store.create({ title: 'B' });
  store.close();
  await store.pendingWrites();
  return [a.id, b.id];
}

afterEach(() => vi.restoreAllMocks());

describe('the early start (what the page asks for before the app has loaded)', () => {
  it('opens the database as it is and reads every notebook, in one read', async () => {
    const factory = new IDBFactory();
    await withNotebooks(factory);
    const { lists } = reads();
    const read = await startEarly(factory, undefined, '').read;
    read?.db.close();
    expect({ titles: read?.records.map((r) => (r as { title: string }).title), lockedId: read?.lockedId, lists: lists.mock.calls.length }).toEqual({
      titles: ['A', 'B'], // by the updated-at index, oldest first
      lockedId: undefined, // no lock (none was asked for: no Web Locks here)
      lists: 1,
    });
  });

  it("marks when the store opened and when it was read, for the bench's start-up timeline; none when it was not opened", async () => {
    const storeMarks = () => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('ripple:notebook store')).map((m) => m.name);
    const factory = new IDBFactory();
    performance.clearMarks();
    await startEarly(factory, undefined, '').read; // a first visit: nothing to open
    const firstVisit = storeMarks();
    await withNotebooks(factory);
    performance.clearMarks();
    (await startEarly(factory, undefined, '').read)?.db.close();
    expect({ firstVisit, reload: storeMarks() }).toEqual({ firstVisit: [], reload: ['ripple:notebook store opened', 'ripple:notebook store read'] });
  });

  it('creates nothing on a first visit: the store then creates the database with its migrations', async () => {
    const factory = new IDBFactory();
    const read = await startEarly(factory, undefined, '#/notebook/x').read;
    const before = await factory.databases();
    const store = await open(factory, Promise.resolve(read));
    const created = await store.create({ title: 'New' });
    expect({ read, before, after: (await committed(factory, created.id))?.title }).toEqual({ read: undefined, before: [], after: 'New' });
  });

  it('gives up an older database (no migration here), which the store then migrates', async () => {
    const factory = new IDBFactory();
    const old = await openRippleDb(factory, 'ripple', {}, MIGRATIONS.slice(0, 1), 1); // version 1
    await old.put('notebooks', { id: 'n', title: 'Old', cells: [], updatedAt: 5 });
    old.close();
    const read = await startEarly(factory, undefined, '').read;
    const store = await open(factory, Promise.resolve(read));
    expect({ read, list: (await store.list()).map((s) => s.title) }).toEqual({ read: undefined, list: ['Old'] });
  });
});

describe('NotebookStore adopting the early read', () => {
  it('takes its connection, its list for the first overview and the locked notebook for the first get: no second read', async () => {
    const factory = new IDBFactory();
    const [a] = await withNotebooks(factory);
    const read = await startEarly(factory, undefined, '').read; // as the page starts
    const early = Promise.resolve(read && { ...read, lockedId: a });
    const opens = vi.spyOn(IDBFactory.prototype, 'open');
    const { lists, gets } = reads();
    const store = await open(factory, early);
    const first = await store.overview(a);
    const notebook = await store.get(a);
    const counts = { opens: opens.mock.calls.length, lists: lists.mock.calls.length, gets: gets.mock.calls.length };
    const second = await store.overview();
    expect({ counts, first: first.summaries.map((s) => s.title), notebook: notebook?.cells, later: lists.mock.calls.length, second: second.summaries.length }).toEqual({
      counts: { opens: 0, lists: 0, gets: 0 },
      first: ['B', 'A'],
      notebook: [{ id: 'c', kind: 'python', code: 'a = 1' }],
      later: 1, // a later overview reads again
      second: 2,
    });
  });

  it('reads the notebook again once it has written: the early copy is no longer known to be current', async () => {
    const factory = new IDBFactory();
    const [a, b] = await withNotebooks(factory);
    const early = startEarly(factory, undefined, '').read.then((read) => read && { ...read, lockedId: a });
    const store = await open(factory, early);
    await store.overview(a);
    await store.rename(a, 'A2');
    const { gets } = reads();
    const [renamed, other] = [await store.get(a), await store.get(b)];
    expect({ title: renamed?.title, other: other?.title, gets: gets.mock.calls.length }).toEqual({ title: 'A2', other: 'B', gets: 2 });
  });

  it('without a lock held, the early read gives the list only: the notebook is read (under the lock) when opened', async () => {
    const factory = new IDBFactory();
    const [a] = await withNotebooks(factory);
    const store = await open(factory, startEarly(factory, undefined, `#/notebook/${a}`).read);
    await store.overview(a);
    const { gets } = reads();
    await store.get(a);
    expect(gets.mock.calls.length).toBe(1);
  });
});
