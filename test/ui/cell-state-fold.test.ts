import { describe, expect, it } from 'vitest';
import { applyCellEvent, emptyRunState, foldCellEvents, streamsChange, type CellRunState, type FoldableEvent, type RunItem } from '../../src/notebook/cell-state';

const NOW = 1000;

function play(events: readonly FoldableEvent[], start: CellRunState): CellRunState {
  const state = structuredClone(start);
  for (const event of events) applyCellEvent(state, event, NOW);
  return state;
}

const status = (s: 'stale' | 'queued' | 'running' | 'done' | 'error', elapsedMs?: number): FoldableEvent => ({
  type: 'status',
  cellId: 'c',
  status: s,
  ...(elapsedMs !== undefined ? { elapsedMs } : {}),
});
const start: FoldableEvent = { type: 'run-start', cellId: 'c' };
const stdout = (text: string): FoldableEvent => ({ type: 'stream', cellId: 'c', name: 'stdout', text });
const text = (t: string): FoldableEvent => ({ type: 'output', cellId: 'c', output: { type: 'text', text: t } });
/** A reaction's passage through one cell that re-runs: marked stale, queued, run, done. */
const rerun = (...during: FoldableEvent[]): FoldableEvent[] => [status('stale'), status('queued'), start, status('running'), ...during, status('done', 7)];

const quiet: CellRunState = play([start, status('running'), status('done', 5)], emptyRunState());
const printed: CellRunState = play([start, status('running'), stdout('a\n'), text("'old'"), status('done', 5)], emptyRunState());
const printing: CellRunState = play([start, status('running'), stdout('a')], emptyRunState());
const failed: CellRunState = play([start, status('running'), { type: 'error', cellId: 'c', error: { kind: 'python', ename: 'ValueError', evalue: 'boom', traceback: '' } }, status('error', 5)], emptyRunState());

const sequences: [string, CellRunState, FoldableEvent[]][] = [
  ['a re-run with no output', quiet, rerun()],
  ['a re-run that prints what it printed before', printed, rerun(stdout('a\n'), text("'old'"))],
  ['a re-run that prints more', printed, rerun(stdout('a\n'), stdout('b\n'), text("'new'"))],
  ['a re-run that displays between prints', quiet, rerun(stdout('a'), { type: 'display', cellId: 'c', output: { type: 'svg', svg: '<svg/>' } }, stdout('b'))],
  ['a failing re-run', printed, [status('stale'), start, status('running'), { type: 'error', cellId: 'c', error: { kind: 'python', ename: 'ValueError', evalue: 'x', traceback: '' } }, status('error', 2)]],
  ['a fixed cell', failed, rerun(text('1'))],
  ['a graph error', printed, [{ type: 'status', cellId: 'c', status: 'error', reason: { kind: 'cycle', cycle: ['c', 'd'] } }]],
  ['blocked upstream', printed, [{ type: 'status', cellId: 'c', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'u' } }]],
  ['only marked stale', printed, [status('stale')]],
  ['a run still going, printing', printed, [start, status('running'), stdout('x')]],
  ['a running cell prints more of the same stream', printing, [stdout('b'), stdout('c')]],
  ['first rows, then an error', quiet, [start, status('running'), { type: 'output', cellId: 'c', partial: true, output: { type: 'table', table: { columns: [], rows: [[1]], rowCount: 1, command: '' } } }, { type: 'error', cellId: 'c', error: { kind: 'sql', message: 'e' } }, status('error', 3)]],
  ['warnings and a log', quiet, rerun({ type: 'warnings', cellId: 'c', warnings: [{ message: 'w', name: 'x', line: 1, column: 1 }] }, { type: 'log', cellId: 'c', text: 'l' })],
];

describe('folding a cell\'s events into one write', () => {
  it.each(sequences)('%s: the state it leaves is the one event by event would', (_, before, events) => {
    const patch = foldCellEvents(before, events, NOW);
    expect({ ...before, ...patch }).toEqual(play(events, before));
  });

  it.each(sequences)('%s: the state before is not changed', (_, before, events) => {
    const copy = structuredClone(before);
    foldCellEvents(before, events, NOW);
    expect(before).toEqual(copy);
  });

  it('writes only the elapsed time of a re-run that ends as it began', () => {
    expect(foldCellEvents(quiet, rerun(), NOW)).toEqual({ elapsedMs: 7 });
    expect(foldCellEvents(printed, rerun(stdout('a\n'), text("'old'")), NOW)).toEqual({ elapsedMs: 7, output: { type: 'text', text: "'old'" } });
  });

  it('writes a field that ends different, undefined included', () => {
    expect(foldCellEvents(printed, rerun(), NOW)).toEqual({ elapsedMs: 7, streams: [], output: undefined });
  });
});

describe('how streams change', () => {
  const a: RunItem = { name: 'stdout', text: 'a' };
  const svg: RunItem = { name: 'display', output: { type: 'svg', svg: '<svg/>' } };
  const cases: [string, RunItem[], RunItem[], 'grow' | 'replace'][] = [
    ['the same', [a, svg], [a, svg], 'grow'],
    ['the last text grows', [svg, a], [svg, { name: 'stdout', text: 'ab' }], 'grow'],
    ['items are added', [a], [a, svg, { name: 'stderr', text: '!' }], 'grow'],
    ['from nothing', [], [a], 'grow'],
    ['a new run\'s first text', [{ name: 'stdout', text: 'old' }], [{ name: 'stdout', text: 'new' }], 'replace'],
    ['an earlier text changes', [a, svg], [{ name: 'stdout', text: 'ab' }, svg], 'replace'],
    ['the last text grows into another stream', [a], [{ name: 'stderr', text: 'ab' }], 'replace'],
    ['another display', [svg], [{ name: 'display', output: { type: 'svg', svg: '<svg/>' } }], 'replace'],
    ['fewer items', [a, svg], [a], 'replace'],
    ['cleared', [a], [], 'replace'],
  ];
  it.each(cases)('%s', (_, before, after, expected) => {
    expect(streamsChange(before, after)).toBe(expected);
  });
});
