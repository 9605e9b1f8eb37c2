import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { committed, counter, open } from './store-helpers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportReport } from '../../src/files/import-report';
import { NotebookStore } from '../../src/store/notebook-store';
import { openRippleDb } from '../../src/store/schema';
import type { StoredCell, StoredNotebook } from '../../src/store/types';

const py = (id: string, code: string): StoredCell => ({ id, kind: 'python', code });
const sql = (id: string, code: string): StoredCell => ({ id, kind: 'sql', code });

const REPORT: ImportReport = {
  fileName: 'writers.ipynb',
  python: 1,
  sql: 1,
  notes: [
    { kind: 'converted', cells: [2], message: '%%sql became a SQL cell.' },
    { kind: 'dropped', cells: [], message: 'Outputs were not imported.' },
  ],
};

/** A notebook from a file, with `importReport` (checked, so no test below passes for want of one). */
async function importFile(store: NotebookStore, importReport?: ImportReport): Promise<StoredNotebook> {
  const created = await store.createFromFile({
    title: 'Writers',
    cells: [py('a', 'x = 1'), sql('b', 'select 1')],
    database: (id) => ({ kind: 'pglite', storage: 'auto', name: id }),
    ...(importReport ? { importReport } : {}),
  });
  expect((await store.get(created.id))?.importReport).toEqual(importReport);
  return created;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('NotebookStore: import report', () => {
  it('stores the report of an import with the notebook and reads it back', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const imported = await importFile(store, REPORT);
    const plain = await importFile(store);
    store.close();
    expect({ created: imported.importReport, read: (await committed(factory, imported.id))?.importReport, plain: (await committed(factory, plain.id))?.importReport }).toEqual({
      created: REPORT,
      read: REPORT,
      plain: undefined,
    });
  });

  it('reads a notebook whose report is malformed without the report (the cells are kept), and does not write it back', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const good = await importFile(store);
    const raw = await openRippleDb(factory, 'ripple');
    await raw.put('notebooks', { ...good, id: 'bad-report', importReport: { fileName: 'x.ipynb', python: 'one', sql: 0, notes: [] } });
    await raw.put('notebooks', { ...good, id: 'bad-note', importReport: { ...REPORT, notes: [{ kind: 'lost', cells: [0], message: 1 }] } });
    raw.close();
    const read = await store.get('bad-report');
    const listed = (await store.list()).map((s) => s.id).sort();
    if (read) store.save({ ...read, cells: [py('a', 'edited')] });
    await store.rename('bad-note', 'Renamed');
    await store.flush();
    const onDisk = await openRippleDb(factory, 'ripple');
    const rawAfter = await Promise.all(['bad-report', 'bad-note'].map(async (id) => ((await onDisk.get('notebooks', id)) as Record<string, unknown>).importReport));
    onDisk.close();
    expect({ read, listed, rawAfter, renamed: await store.get('bad-note') }).toEqual({
      read: { ...good, id: 'bad-report' },
      listed: ['bad-note', 'bad-report', good.id].sort(),
      rawAfter: [undefined, undefined],
      renamed: { ...good, id: 'bad-note', title: 'Renamed', updatedAt: expect.any(Number) },
    });
  });

  it('refuses to save a malformed report: onError, nothing queued', async () => {
    const errors: unknown[] = [];
    const store = await open(new IDBFactory(), (error) => errors.push(error));
    const nb = await importFile(store, REPORT);
    store.save({ ...nb, title: 'T2', importReport: { ...REPORT, python: 1.5 } });
    await store.pendingWrites();
    expect({ errors: errors.map((e) => e instanceof TypeError), stored: (await store.get(nb.id))?.title }).toEqual({ errors: [true], stored: 'Writers' });
  });

  it('dismisses durably: gone for a new store instance, and the notebook is otherwise unchanged', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await importFile(store, REPORT);
    await store.dismissImportReport(nb.id);
    store.close();
    expect(await committed(factory, nb.id)).toEqual(Object.fromEntries(Object.entries(nb).filter(([key]) => key !== 'importReport')));
  });

  it('a save queued before the dismiss, or a stale copy saved after it, does not write the report back', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const queued = await importFile(store, REPORT);
    const stale = await importFile(store, REPORT);
    store.save({ ...queued, cells: [py('a', 'queued')] }, { delayMs: 60_000 }); // still queued during the dismiss
    await Promise.all([store.dismissImportReport(queued.id), store.dismissImportReport(stale.id)]);
    store.save({ ...stale, cells: [py('a', 'stale')] }); // a copy that still has the report
    await store.flush();
    const [a, b] = await Promise.all([committed(factory, queued.id), committed(factory, stale.id)]);
    expect([a?.cells[0]?.code, a?.importReport, b?.cells[0]?.code, b?.importReport]).toEqual(['queued', undefined, 'stale', undefined]);
  });

  it('a save in flight during the dismiss that then fails is retried without the report', async () => {
    const factory = new IDBFactory();
    const store = await open(factory, () => undefined);
    const nb = await importFile(store, REPORT);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    store.save({ ...nb, cells: [py('a', 'in flight')] });
    const failing = store.flush().catch(() => undefined); // in flight now
    await store.dismissImportReport(nb.id);
    await failing;
    await store.flush(); // the retry
    const stored = await committed(factory, nb.id);
    expect([stored?.cells[0]?.code, stored?.importReport]).toEqual(['in flight', undefined]);
  });

  it('a copy is not an import: duplicate leaves the report with the original', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const nb = await importFile(store, REPORT);
    const copy = await store.duplicate(nb.id);
    expect({ copy: (await committed(factory, copy.id))?.importReport, original: (await committed(factory, nb.id))?.importReport }).toEqual({
      copy: undefined,
      original: REPORT,
    });
  });
});
