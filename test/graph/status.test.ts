import { describe, expect, it } from 'vitest';
import { lastChangePerCell } from '../../workers/graph/status';
import type { StatusChange } from '../../workers/graph/types';

describe('lastChangePerCell', () => {
  it.each<[string, StatusChange[], StatusChange[]]>([
    ['nothing', [], []],
    ['one change each, in order', [{ id: 'a', status: 'queued' }, { id: 'b', status: 'stale' }], [{ id: 'a', status: 'queued' }, { id: 'b', status: 'stale' }]],
    [
      'a later change replaces an earlier one and takes its place in the order',
      [{ id: 'a', status: 'queued' }, { id: 'b', status: 'queued' }, { id: 'a', status: 'idle' }],
      [{ id: 'b', status: 'queued' }, { id: 'a', status: 'idle' }],
    ],
  ])('%s', (_name, changes, expected) => {
    expect(lastChangePerCell(changes)).toEqual(expected);
  });
});
