import { expect, it } from 'vitest';
import { applyCellEvent, emptyRunState, type CellRunState } from '../../src/notebook/cell-state';
import { ChunkedRows, type ShownOutput } from '../../src/components/result-table/result-rows';
import type { KernelEvent } from '../../workers/protocol';
import { encodeRows } from '../../workers/row-chunk';

type CellEvent = Exclude<KernelEvent, { type: 'kernel-state' }>;

function play(events: CellEvent[], start: CellRunState = emptyRunState()): CellRunState {
  const state = structuredClone(start);
  for (const event of events) applyCellEvent(state, event, 1000);
  return state;
}

const text = (t: string): CellEvent => ({ type: 'output', cellId: 'c', output: { type: 'text', text: t } });
const status = (s: 'running' | 'done' | 'error', elapsedMs?: number): CellEvent => ({
  type: 'status',
  cellId: 'c',
  status: s,
  ...(elapsedMs !== undefined ? { elapsedMs } : {}),
});
const start: CellEvent = { type: 'run-start', cellId: 'c' };
const table = (first: number[][], rowCount: number): CellEvent => ({
  type: 'output',
  cellId: 'c',
  output: { type: 'table', table: { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: first, rowCount, command: `SELECT ${rowCount}` } },
});
const rows = (more: number[][]): CellEvent => ({ type: 'output-rows', cellId: 'c', chunk: encodeRows(more, 1) });
const firstRows = (first: number[][]): CellEvent => ({
  type: 'output',
  cellId: 'c',
  partial: true,
  output: { type: 'table', table: { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: first, rowCount: first.length, command: '' } },
});
const lastRows = (more: number[][], rowCount: number): CellEvent => ({ type: 'output-rows', cellId: 'c', chunk: encodeRows(more, 1), end: { rowCount, command: `SELECT ${rowCount}` } });
const previous = play([start, status('running'), { type: 'stream', cellId: 'c', name: 'stdout', text: 'old\n' }, text("'old'"), status('done', 5)]);

const cases: [string, CellEvent[], Partial<CellRunState>][] = [
  [
    'a new run keeps the previous output on screen until something new arrives',
    [start, status('running')],
    { status: 'running', superseded: true, outputSuperseded: true, output: { type: 'text', text: "'old'" }, streams: [{ name: 'stdout', text: 'old\n' }] },
  ],
  [
    'the first new stream replaces the previous streams, and the old output stays until the new one',
    [start, status('running'), { type: 'stream', cellId: 'c', name: 'stdout', text: 'new' }],
    { superseded: false, outputSuperseded: true, output: { type: 'text', text: "'old'" }, streams: [{ name: 'stdout', text: 'new' }] },
  ],
  [
    'the new output replaces the old one',
    [start, status('running'), text("'new'")],
    { outputSuperseded: false, output: { type: 'text', text: "'new'" }, streams: [] },
  ],
  [
    'a run that ends without output clears the previous output',
    [start, status('running'), status('done', 3)],
    { status: 'done', superseded: false, output: undefined, streams: [], elapsedMs: 3 },
  ],
  [
    'adjacent chunks of one stream are merged, streams keep their order',
    [start, { type: 'stream', cellId: 'c', name: 'stdout', text: 'a' }, { type: 'stream', cellId: 'c', name: 'stdout', text: 'b' }, { type: 'stream', cellId: 'c', name: 'stderr', text: '!' }],
    { streams: [{ name: 'stdout', text: 'ab' }, { name: 'stderr', text: '!' }] },
  ],
  [
    'display() outputs sit between the text printed before and after them, which is not merged across them',
    [
      start,
      { type: 'stream', cellId: 'c', name: 'stdout', text: 'a' },
      { type: 'display', cellId: 'c', output: { type: 'svg', svg: '<svg/>' } },
      { type: 'stream', cellId: 'c', name: 'stdout', text: 'b' },
    ],
    { superseded: false, streams: [{ name: 'stdout', text: 'a' }, { name: 'display', output: { type: 'svg', svg: '<svg/>' } }, { name: 'stdout', text: 'b' }] },
  ],
  [
    'a display() alone replaces the previous run’s text',
    [start, { type: 'display', cellId: 'c', output: { type: 'text', text: '1' } }],
    { superseded: false, streams: [{ name: 'display', output: { type: 'text', text: '1' } }] },
  ],
  [
    'a large table grows by its output-rows chunks, in order, in the same table',
    [start, table([[1], [2]], 5), rows([[3], [4]]), rows([[5]]), status('done', 9)],
    { output: { type: 'table', table: { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: [[1], [2], [3], [4], [5]], rowCount: 5, command: 'SELECT 5' } }, status: 'done' },
  ],
  [
    'first rows sent while the query runs are shown at once, then completed by the end of the table',
    [start, status('running'), firstRows([[1], [2]]), rows([[3]]), lastRows([[4]], 4), status('done', 9)],
    { output: { type: 'table', table: { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: [[1], [2], [3], [4]], rowCount: 4, command: 'SELECT 4' } }, partialOutput: false },
  ],
  [
    'first rows on screen while the rest arrive',
    [start, status('running'), firstRows([[1], [2]]), rows([[3]])],
    { output: { type: 'table', table: { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: [[1], [2], [3]], rowCount: 2, command: '' } }, partialOutput: true, status: 'running' },
  ],
  [
    'first rows of a query that then failed are dropped: they are not the result',
    [start, status('running'), firstRows([[1], [2]]), { type: 'error', cellId: 'c', error: { kind: 'sql', message: 'division by zero' } }, status('error', 9)],
    { output: undefined, partialOutput: false, error: { kind: 'sql', message: 'division by zero' } },
  ],
  [
    'first rows whose run ended without the rest (a newer run took over) are dropped',
    [start, status('running'), firstRows([[1], [2]]), { type: 'status', cellId: 'c', status: 'queued' }, start],
    { output: undefined, partialOutput: false },
  ],
  [
    'rows with no table to grow are ignored, not shown as an output',
    [start, rows([[3]]), text("'new'")],
    { output: { type: 'text', text: "'new'" } },
  ],
];

/** A table's rows as an array, however the page keeps them. */
function plainOutput(output: ShownOutput | undefined): ShownOutput | undefined {
  if (output?.type !== 'table') return output;
  const rows = output.table.rows;
  return { ...output, table: { ...output.table, rows: Array.from({ length: rows.length }, (_, i) => rows.at(i)) } };
}

it.each(cases)('%s', (_, events, expected) => {
  const state = play(events, previous);
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, key === 'output' ? plainOutput(state.output) : state[key as keyof CellRunState]]));
  expect(picked).toEqual(expected);
});

it('rows that arrive after the first are kept as their chunks came, not as an array per row', () => {
  const state = play([start, table([[1], [2]], 4), rows([[3]]), lastRows([[4]], 4)]);
  const kept = state.output?.type === 'table' ? state.output.table.rows : undefined;
  expect(kept).toBeInstanceOf(ChunkedRows);
  expect(Array.isArray(kept)).toBe(false);
  expect([kept?.length, kept?.at(0), kept?.at(3)]).toEqual([4, [1], [4]]);
});
