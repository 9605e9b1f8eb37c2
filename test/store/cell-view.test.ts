import { IDBFactory } from 'fake-indexeddb';
import { committed, open } from './store-helpers';
import { describe, expect, it } from 'vitest';
import { openRippleDb } from '../../src/store/schema';
import type { StoredCell } from '../../src/store/types';
import type { OutputView } from '../../src/charts/settings';

const CHART: OutputView = { kind: 'chart', chart: { mark: 'line', x: 'day', y: 'total', color: 'region', aggregate: 'mean' } };

describe('NotebookStore: the table/chart view of a cell', () => {
  it('saves a chart view with the cell, copying only its known fields, and reads it back', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const created = await store.create({ title: 'Charts' });
    const extra = { ...CHART, chart: { ...CHART.chart, stray: 1 } } as unknown as OutputView;
    const cells: StoredCell[] = [
      { id: 'a', kind: 'sql', code: 'select 1', view: extra },
      { id: 'b', kind: 'python', code: 'x = 1', view: { kind: 'table' } },
      { id: 'c', kind: 'sql', code: 'select 2' },
    ];
    store.save({ ...created, cells });
    await store.flush();
    store.close();
    expect((await committed(factory, created.id))?.cells).toEqual([
      { id: 'a', kind: 'sql', code: 'select 1', view: CHART },
      { id: 'b', kind: 'python', code: 'x = 1', view: { kind: 'table' } },
      { id: 'c', kind: 'sql', code: 'select 2' },
    ]);
  });

  it('reads records without views (older versions) as they are, and a malformed view as no view', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const created = await store.create({ title: 'Old' });
    store.close();
    const raw = await openRippleDb(factory, 'ripple');
    const cell = (id: string, view?: unknown) => ({ id, kind: 'sql', code: 'select 1', ...(view === undefined ? {} : { view }) });
    await raw.put('notebooks', { ...created, id: 'old', cells: [cell('a')] });
    await raw.put('notebooks', {
      ...created,
      id: 'bad',
      cells: [cell('a', { kind: 'chart', chart: { mark: 'pie', x: 'a', aggregate: 'none' } }), cell('b', 'chart'), cell('c', CHART)],
    });
    raw.close();
    expect({ old: (await committed(factory, 'old'))?.cells, bad: (await committed(factory, 'bad'))?.cells }).toEqual({
      old: [cell('a')],
      bad: [cell('a'), cell('b'), cell('c', CHART)],
    });
  });

  it('saves the views of a cell\'s displayed tables by place, without trailing unchosen ones, and drops a malformed list', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const created = await store.create({ title: 'Displays' });
    store.save({ ...created, cells: [{ id: 'p', kind: 'python', code: 'display(a); display(b)', displayViews: [null, CHART, null] }] });
    await store.flush();
    const saved = (await committed(factory, created.id))?.cells;
    store.close();
    const raw = await openRippleDb(factory, 'ripple');
    await raw.put('notebooks', { ...created, id: 'bad', cells: [{ id: 'p', kind: 'python', code: 'x', displayViews: [{ kind: 'pie' }] }] });
    raw.close();
    expect({ saved, bad: (await committed(factory, 'bad'))?.cells }).toEqual({
      saved: [{ id: 'p', kind: 'python', code: 'display(a); display(b)', displayViews: [null, CHART] }],
      bad: [{ id: 'p', kind: 'python', code: 'x' }],
    });
  });
});
