import { IDBFactory, IDBObjectStore, IDBTransaction } from 'fake-indexeddb';
import { committed, counter, open } from './store-helpers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotebookStore } from '../../src/store/notebook-store';
import { openRippleDb } from '../../src/store/schema';
import type { StoredCell, StoredNotebook } from '../../src/store/types';

const py = (id: string, code: string): StoredCell => ({ id, kind: 'python', code });
const withCode = (notebook: StoredNotebook, code: string): StoredNotebook => ({ ...notebook, cells: [py('c1', code)] });
const countPuts = () => vi.spyOn(IDBObjectStore.prototype, 'put');

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('NotebookStore: CRUD', () => {
  it('creates a trusted notebook with defaults, its own PGlite database, and reads it back', async () => {
    const store = await open(new IDBFactory());
    const created = await store.create();
    const expected = {
      id: created.id,
      title: 'Untitled notebook',
      cells: [],
      database: { kind: 'pglite', storage: 'auto', name: created.id },
      trust: 'trusted',
      createdAt: 1001,
      updatedAt: 1001,
    };
    expect({ created, read: await store.get(created.id), idLooksRandom: /^[0-9a-f-]{36}$/.test(created.id) }).toEqual({
      created: expected,
      read: expected,
      idLooksRandom: true,
    });
  });

  it('persists created notebooks across connections', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const created = await store.create({ title: 'Sales', cells: [{ id: 'q', kind: 'sql', code: 'select 1', resultName: 'df' }] });
    store.close();
    expect(await committed(factory, created.id)).toEqual(created);
  });

  it('lists newest change first (save and rename both count as a change)', async () => {
    const store = await open(new IDBFactory());
    const a = await store.create({ title: 'A' }); // 1001
    const b = await store.create({ title: 'B', cells: [py('x', '1')] }); // 1002
    await store.create({ title: 'C' }); // 1003
    store.save(withCode(a, 'x = 1')); // 1004
    await store.flush();
    await store.rename(b.id, 'B2'); // 1005
    expect((await store.list()).map((s) => [s.title, s.updatedAt, s.cellCount])).toEqual([
      ['B2', 1005, 1],
      ['A', 1004, 1],
      ['C', 1003, 0],
    ]);
  });

  it('overview: the list and, from the same transaction, the notebook named (or the newest; none if it is gone)', async () => {
    const store = await open(new IDBFactory());
    const empty = await store.overview();
    const a = await store.create({ title: 'A', cells: [py('x', '1')] }); // 1001
    const b = await store.create({ title: 'B', cells: [py('y', 'b')] }); // 1002
    store.save({ ...withCode(a, 'queued'), title: 'A2' }, { delayMs: 60_000 }); // 1003, not yet written
    const transactions = vi.spyOn(IDBFactory.prototype, 'open'); // no new connection either
    const reads = vi.spyOn(IDBObjectStore.prototype, 'get');
    const named = await store.overview(b.id);
    const newest = await store.overview();
    const gone = await store.overview('missing');
    await store.flush();
    expect({
      empty,
      list: named.summaries.map((s) => [s.title, s.updatedAt, s.cellCount]),
      named: [named.notebook?.title, named.notebook?.cells[0]?.code],
      newest: [newest.notebook?.title, newest.notebook?.cells[0]?.code],
      gone: gone.notebook,
      sameList: gone.summaries,
      singleReads: reads.mock.calls.length + transactions.mock.calls.length,
    }).toEqual({
      empty: { summaries: [], notebook: undefined },
      list: [['A2', 1003, 1], ['B', 1002, 1]],
      named: ['B', 'b'],
      newest: ['A2', 'queued'],
      gone: undefined,
      sameList: named.summaries,
      singleReads: 0,
    });
  });

  it('renames durably, and a queued save does not write the old title back', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create({ title: 'Old' });
    store.save(withCode(nb, 'print(1)'), { delayMs: 60_000 }); // still queued during the rename
    await store.rename(nb.id, 'New');
    await store.flush();
    const stored = await committed(factory, nb.id);
    expect([stored?.title, stored?.cells[0]?.code]).toEqual(['New', 'print(1)']);
  });

  it('duplicates with a new id, a "Copy of" title, the same cells and its own database name', async () => {
    const store = await open(new IDBFactory());
    const source = await store.create({ title: 'Report', cells: [py('a', 'x = 1')], database: { kind: 'pglite', storage: 'idb', name: 'shared' } });
    const copy = await store.duplicate(source.id);
    expect({ copy, source: await store.get(source.id), count: (await store.list()).length }).toEqual({
      copy: { ...source, id: copy.id, title: 'Copy of Report', database: { kind: 'pglite', storage: 'idb', name: copy.id }, createdAt: 1002, updatedAt: 1002 },
      source,
      count: 2,
    });
  });

  it('deletes, and a save queued before (or after) the delete does not resurrect it', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const gone = await store.create({ title: 'Gone' });
    const kept = await store.create({ title: 'Kept' });
    store.save(withCode(gone, 'late'));
    await store.delete(gone.id);
    store.save(withCode(gone, 'later still'));
    await store.flush();
    expect({ get: await committed(factory, gone.id), list: (await store.list()).map((s) => s.id) }).toEqual({ get: undefined, list: [kept.id] });
  });
});

describe('NotebookStore: trust', () => {
  it('stores a notebook from a file untrusted, with the database it asks for named after it', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const imported = await store.createFromFile({
      title: 'From a file',
      cells: [py('a', 'x = 1')],
      database: (id) => ({ kind: 'pglite', storage: 'memory', name: id }),
    });
    store.close();
    expect(await committed(factory, imported.id)).toEqual({
      id: imported.id,
      title: 'From a file',
      cells: [py('a', 'x = 1')],
      database: { kind: 'pglite', storage: 'memory', name: imported.id },
      trust: 'untrusted',
      createdAt: 1001,
      updatedAt: 1001,
    });
  });

  it('a copy is as trusted as its original: duplicating does not trust a notebook from a file', async () => {
    const store = await open(new IDBFactory());
    const untrusted = await store.createFromFile({ title: 'U', cells: [], database: (id) => ({ kind: 'pglite', storage: 'auto', name: id }) });
    const confirmed = await store.createFromFile({ title: 'C', cells: [], database: (id) => ({ kind: 'pglite', storage: 'auto', name: id }) });
    store.save({ ...confirmed, trust: 'database-confirmed' });
    await store.flush();
    const mine = await store.create({ title: 'M' });
    const copies = await Promise.all([untrusted, confirmed, mine].map(async (nb) => (await store.duplicate(nb.id)).trust));
    expect(copies).toEqual(['untrusted', 'database-confirmed', 'trusted']);
  });

  it('saves a raised trust level durably (Trust and run survives a reload)', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.createFromFile({ title: 'T', cells: [], database: (id) => ({ kind: 'pglite', storage: 'auto', name: id }) });
    store.save({ ...nb, trust: 'trusted' });
    await store.flush();
    expect((await committed(factory, nb.id))?.trust).toEqual('trusted');
  });

  it('stores Markdown cells and reads them back; a cell of an unknown kind is refused', async () => {
    const factory = new IDBFactory();
    const errors: unknown[] = [];
    const store = await open(factory, (error) => errors.push(error));
    const cells: StoredCell[] = [py('p', 'x = 1'), { id: 'm', kind: 'markdown', code: '# Notes\n\n{x}' }];
    const created = await store.create({ title: 'Prose', cells });
    const raw = await openRippleDb(factory, 'ripple');
    await raw.put('notebooks', { ...created, id: 'odd-kind', cells: [{ id: 'j', kind: 'julia', code: '1' }] } as unknown as StoredNotebook);
    raw.close();
    store.close();
    expect({ read: (await committed(factory, created.id))?.cells, odd: await (await open(factory)).get('odd-kind') }).toEqual({ read: cells, odd: undefined });
  });

  it('never reads a missing or unknown trust level as trusted: such records are refused and skipped', async () => {
    const factory = new IDBFactory();
    const errors: unknown[] = [];
    const store = await open(factory, (error) => errors.push(error));
    const good = await store.createFromFile({ title: 'Good', cells: [], database: (id) => ({ kind: 'pglite', storage: 'auto', name: id }) });
    const { trust: _dropped, ...withoutTrust } = good;
    store.save({ ...withoutTrust, id: 'no-trust' } as StoredNotebook);
    store.save({ ...good, id: 'odd-trust', trust: 'yes' } as unknown as StoredNotebook);
    await store.pendingWrites();
    const raw = await openRippleDb(factory, 'ripple');
    await raw.put('notebooks', { ...withoutTrust, id: 'raw-no-trust' });
    await raw.put('notebooks', { ...good, id: 'raw-odd-trust', trust: true });
    raw.close();
    const read = await Promise.all(['no-trust', 'odd-trust', 'raw-no-trust', 'raw-odd-trust'].map((id) => store.get(id)));
    expect({ refused: errors.map((e) => e instanceof TypeError), list: (await store.list()).map((s) => s.title), read }).toEqual({
      refused: [true, true],
      list: ['Good'],
      read: [undefined, undefined, undefined, undefined],
    });
  });
});

describe('NotebookStore: queued saves', () => {
  it('coalesces 50 synchronous saves into one write of the last state', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create();
    const puts = countPuts();
    for (let i = 1; i <= 50; i++) store.save(withCode(nb, 'x'.repeat(i)), { delayMs: 5 });
    await store.pendingWrites();
    expect({ code: (await committed(factory, nb.id))?.cells[0]?.code, writes: puts.mock.calls.length }).toEqual({ code: 'x'.repeat(50), writes: 1 });
  });

  it('keeps writing within delayMs while saves keep coming (no endless debounce), and stores the last state', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }); // IndexedDB's own setImmediate stays real
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create();
    const puts = countPuts();
    // One keystroke every 10 ms for 500 ms: writes at t=300 and t=600, not one per keystroke.
    for (let i = 1; i <= 50; i++) {
      store.save(withCode(nb, 'y'.repeat(i)));
      await vi.advanceTimersByTimeAsync(10);
    }
    const done = store.pendingWrites();
    await vi.advanceTimersByTimeAsync(300);
    await done;
    expect({ code: (await committed(factory, nb.id))?.cells[0]?.code, writes: puts.mock.calls.length }).toEqual({ code: 'y'.repeat(50), writes: 2 });
  });

  it('flush writes immediately, without waiting for the delay', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create();
    store.save(withCode(nb, 'now'), { delayMs: 60_000 });
    await store.flush();
    expect((await committed(factory, nb.id))?.cells).toEqual([py('c1', 'now')]);
  });

  it('pendingWrites resolves only once the queued save is committed', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create();
    store.save(withCode(nb, 'later'), { delayMs: 20 });
    await store.pendingWrites();
    expect((await committed(factory, nb.id))?.cells).toEqual([py('c1', 'later')]);
  });

  it('a save arriving while a write is in flight is written after it, not lost', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create();
    const puts = countPuts();
    store.save(withCode(nb, 'A'));
    const first = store.flush(); // A is now in flight
    store.save(withCode(nb, 'B'), { delayMs: 1 });
    await first;
    await store.pendingWrites();
    expect({ code: (await committed(factory, nb.id))?.cells[0]?.code, writes: puts.mock.calls.length }).toEqual({ code: 'B', writes: 2 });
  });

  it('flush asks for its write and commits it within the call, even while an earlier write is in flight (a closing page gets no later turn)', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create();
    const puts = countPuts();
    const commits = vi.spyOn(IDBTransaction.prototype, 'commit');
    store.save(withCode(nb, 'A'), { delayMs: 60_000 });
    const first = store.flush(); // A is now in flight
    store.save(withCode(nb, 'B'), { delayMs: 60_000 });
    const second = store.flush();
    const withinTheCalls = { puts: puts.mock.calls.map(([record]) => (record as StoredNotebook).cells[0]?.code), commits: commits.mock.calls.length };
    await Promise.all([first, second]);
    // IndexedDB runs the two transactions in the order they were created: B lands last.
    expect({ withinTheCalls, code: (await committed(factory, nb.id))?.cells[0]?.code }).toEqual({ withinTheCalls: { puts: ['A', 'B'], commits: 2 }, code: 'B' });
  });

  it('get and list show a queued save before it is written (read your own writes)', async () => {
    const store = await open(new IDBFactory());
    const nb = await store.create({ title: 'T' }); // 1001
    await store.create({ title: 'Other' }); // 1002
    store.save({ ...withCode(nb, 'q'), title: 'T2' }, { delayMs: 60_000 }); // 1003: now the newest
    const seen = { get: (await store.get(nb.id))?.title, list: (await store.list()).map((s) => [s.title, s.updatedAt]) };
    await store.flush();
    expect(seen).toEqual({ get: 'T2', list: [['T2', 1003], ['Other', 1002]] });
  });

  it('saves proxies (Solid stores) and extra fields as plain records', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await store.create();
    const proxied = new Proxy({ ...nb, extra: () => 1, cells: new Proxy([py('c1', 'p')], {}) }, {});
    store.save(proxied);
    await store.flush();
    expect(await committed(factory, nb.id)).toEqual({ ...nb, cells: [py('c1', 'p')], updatedAt: 1002 });
  });
});

/** A store with one notebook, its background errors collected, whose next put fails (disk full). */
async function withFailingPut() {
  const factory = new IDBFactory();
  const errors: unknown[] = [];
  const store = await open(factory, (error) => errors.push(error));
  const nb = await store.create();
  countPuts().mockImplementationOnce(() => {
    throw new DOMException('disk full', 'QuotaExceededError');
  });
  return { factory, errors, store, nb };
}

describe('NotebookStore: failures', () => {
  it('skips a corrupted record in list() and get() returns undefined for it', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const good = await store.create({ title: 'Good' });
    const raw = await openRippleDb(factory, 'ripple');
    await raw.put('notebooks', { id: 'bad-title', title: 42, cells: [], database: good.database, createdAt: 1, updatedAt: 9999 });
    await raw.put('notebooks', { id: 'bad-cells', title: 'x', cells: [{ id: 'c', kind: 'ruby', code: '' }], database: good.database, createdAt: 1, updatedAt: 9998 });
    await raw.put('notebooks', { id: 'no-dates', title: 'x', cells: [] });
    raw.close();
    const read = await Promise.all(['bad-title', 'bad-cells', 'no-dates'].map((id) => store.get(id)));
    expect({ list: (await store.list()).map((s) => s.title), read }).toEqual({ list: ['Good'], read: [undefined, undefined, undefined] });
  });

  it('reports a failed write through onError, keeps the notebook queued and writes it on the next flush', async () => {
    const { factory, errors, store, nb } = await withFailingPut();
    store.save(withCode(nb, 'precious'), { delayMs: 60_000 });
    const flushError: unknown = await store.flush().catch((error: unknown) => error);
    const afterFailure = (await committed(factory, nb.id))?.cells;
    await store.flush();
    expect({
      flushError: flushError instanceof DOMException && flushError.name,
      reported: errors.map((e) => e instanceof DOMException && e.name),
      afterFailure,
      afterRetry: (await committed(factory, nb.id))?.cells,
    }).toEqual({ flushError: 'QuotaExceededError', reported: ['QuotaExceededError'], afterFailure: [], afterRetry: [py('c1', 'precious')] });
  });

  it('a failed background write rejects pendingWrites, and the next save retries it', async () => {
    const factory = new IDBFactory();
    const errors: unknown[] = [];
    const store = await open(factory, (error) => errors.push(error));
    const first = await store.create();
    const second = await store.create();
    countPuts().mockImplementationOnce(() => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    store.save(withCode(first, 'one'), { delayMs: 1 });
    const rejected = await store.pendingWrites().then(() => 'resolved', () => 'rejected');
    store.save(withCode(second, 'two'), { delayMs: 1 });
    await store.pendingWrites();
    const codes = await Promise.all([first.id, second.id].map(async (id) => (await committed(factory, id))?.cells[0]?.code));
    expect({ rejected, errors: errors.length, codes }).toEqual({ rejected: 'rejected', errors: 1, codes: ['one', 'two'] });
  });

  it('a delete or rename during a write that then fails is not undone by the retry', async () => {
    const factory = new IDBFactory();
    const store = await open(factory, () => undefined);
    const doomed = await store.create({ title: 'Doomed' });
    const renamed = await store.create({ title: 'Old' });
    countPuts().mockImplementationOnce(() => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    store.save(withCode(doomed, 'd'));
    store.save(withCode(renamed, 'r'));
    const failing = store.flush().catch(() => undefined); // both notebooks are in flight now
    await Promise.all([store.delete(doomed.id), store.rename(renamed.id, 'New')]);
    await failing;
    await store.flush(); // the retry
    const kept = await committed(factory, renamed.id);
    expect({ doomed: await committed(factory, doomed.id), renamed: [kept?.title, kept?.cells[0]?.code] }).toEqual({ doomed: undefined, renamed: ['New', 'r'] });
  });

  it('a write that fails while a newer copy of its notebook is being written is not put back over it', async () => {
    const { factory, errors, store, nb } = await withFailingPut();
    store.save(withCode(nb, 'old'));
    const failing = store.flush().catch(() => 'failed');
    store.save(withCode(nb, 'new'));
    const written = store.flush().catch(() => 'failed'); // waits for the failed one too
    const outcomes = await Promise.all([failing, written]);
    await store.flush(); // nothing put back: nothing to write
    expect({ outcomes, errors: errors.length, code: (await committed(factory, nb.id))?.cells[0]?.code }).toEqual({
      outcomes: ['failed', 'failed'],
      errors: 1,
      code: 'new',
    });
  });

  it('reports a malformed notebook through onError instead of queueing it', async () => {
    const errors: unknown[] = [];
    const store = await open(new IDBFactory(), (error) => errors.push(error));
    const nb = await store.create();
    const bad: StoredNotebook = { ...nb, createdAt: Number.NaN };
    store.save(bad);
    await store.pendingWrites();
    expect({ errors: errors.map((e) => e instanceof TypeError), stored: (await store.get(nb.id))?.createdAt }).toEqual({ errors: [true], stored: 1001 });
  });
});
