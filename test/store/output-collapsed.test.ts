import { IDBFactory } from 'fake-indexeddb';
import { committed, open, withRawRecords } from './store-helpers';
import { describe, expect, it } from 'vitest';

describe('NotebookStore: a cell\'s collapsed output', () => {
  it('keeps a collapsed output with the cell; expanded is written as nothing, as before the field existed', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    const created = await store.create({ title: 'Collapsed' });
    store.save({
      ...created,
      cells: [
        { id: 'a', kind: 'python', code: 'print(1)', outputCollapsed: true },
        { id: 'b', kind: 'sql', code: 'select 1', outputCollapsed: false },
        { id: 'c', kind: 'python', code: 'x = 1' },
      ],
    });
    await store.flush();
    store.close();
    expect((await committed(factory, created.id))?.cells).toEqual([
      { id: 'a', kind: 'python', code: 'print(1)', outputCollapsed: true },
      { id: 'b', kind: 'sql', code: 'select 1' },
      { id: 'c', kind: 'python', code: 'x = 1' },
    ]);
  });

  it('reads older records (no field) as expanded, and a malformed value as expanded without losing the notebook', async () => {
    const factory = await withRawRecords((valid) => [
      { ...valid, id: 'old', cells: [{ id: 'a', kind: 'python', code: 'print(1)' }] },
      { ...valid, id: 'bad', cells: [{ id: 'a', kind: 'python', code: 'print(2)', outputCollapsed: 'yes' }, { id: 'b', kind: 'python', code: 'y', outputCollapsed: true }] },
    ]);
    expect({ old: (await committed(factory, 'old'))?.cells, bad: (await committed(factory, 'bad'))?.cells }).toEqual({
      old: [{ id: 'a', kind: 'python', code: 'print(1)' }],
      bad: [{ id: 'a', kind: 'python', code: 'print(2)' }, { id: 'b', kind: 'python', code: 'y', outputCollapsed: true }],
    });
  });
});
