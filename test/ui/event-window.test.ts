import { describe, expect, it } from 'vitest';
import { createEventWindow, HOLD_MS } from '../../src/notebook/event-window';
import { manualTimers } from '../support/manual-timers';
import type { KernelEvent, KernelEventBatch } from '../../workers/protocol';
import { encodeRows } from '../../workers/row-chunk';
import { readRunParts } from '../../bench/timeline';

const stale = (cellId: string): KernelEvent => ({ type: 'status', cellId, status: 'stale' });
const running = (cellId: string): KernelEvent => ({ type: 'status', cellId, status: 'running' });
const done = (cellId: string): KernelEvent => ({ type: 'status', cellId, status: 'done', elapsedMs: 1 });
const state = (s: 'busy' | 'ready' | 'dead' | 'restarting'): KernelEvent => ({ type: 'kernel-state', state: s });
const rows = (cellId: string): KernelEvent => ({ type: 'output-rows', cellId, chunk: encodeRows([[1]], 1) });
const firstRows = (cellId: string): KernelEvent => ({
  type: 'output',
  cellId,
  output: { type: 'table', table: { columns: [{ name: 'n', typeOid: 23, typeName: 'int4' }], rows: [[1]], rowCount: 1, command: '' } },
  partial: true,
});

type Step = KernelEventBatch | 'timer';

/** Each row: the batches (and timer firings) in order; what was applied, batch by batch. */
const table: { name: string; steps: Step[]; applied: KernelEventBatch[]; timersLeft: number }[] = [
  {
    name: 'a quick run: the edit\'s stale marks and every cell of the run, applied once when the run ends',
    steps: [[stale('b'), stale('c')], [state('busy'), running('a')], [done('a'), running('b')], [done('b'), done('c'), state('ready')]],
    applied: [[stale('b'), stale('c'), state('busy'), running('a'), done('a'), running('b'), done('b'), done('c'), state('ready')]],
    timersLeft: 0,
  },
  {
    name: 'a long run: what is held is applied after the hold, and the next batch opens a new window',
    steps: [[state('busy'), running('a')], 'timer', [done('a'), state('ready')]],
    applied: [[state('busy'), running('a')], [done('a'), state('ready')]],
    timersLeft: 0,
  },
  {
    name: 'an edit alone (no run follows) is applied after the hold',
    steps: [[stale('b')], 'timer'],
    applied: [[stale('b')]],
    timersLeft: 0,
  },
  {
    name: 'a dead kernel ends the window at once',
    steps: [[running('a')], [state('dead')]],
    applied: [[running('a'), state('dead')]],
    timersLeft: 0,
  },
  {
    name: 'a restart ends the window at once',
    steps: [[stale('a')], [state('restarting')]],
    applied: [[stale('a'), state('restarting')]],
    timersLeft: 0,
  },
  {
    name: 'a table\'s row chunks: what is held first, then each chunk in a task of its own',
    steps: [[running('a')], [rows('a')], [rows('a')], [done('a'), state('ready')]],
    applied: [[running('a')], [rows('a')], [rows('a')], [done('a'), state('ready')]],
    timersLeft: 0,
  },
  {
    name: "a large result's first rows: applied at once, with what is held before them",
    steps: [[stale('b')], [state('busy'), running('a'), firstRows('a')], [rows('a')], [done('a'), state('ready')]],
    applied: [[stale('b')], [state('busy'), running('a'), firstRows('a')], [rows('a')], [done('a'), state('ready')]],
    timersLeft: 0,
  },
  {
    name: 'nothing held: a run that starts is held, with one timer',
    steps: [[state('busy'), running('a')]],
    applied: [],
    timersLeft: 1,
  },
];

describe('kernel event windows', () => {
  it.each(table)('$name', ({ steps, applied, timersLeft }) => {
    const timers = manualTimers();
    const seen: KernelEventBatch[] = [];
    const window = createEventWindow((events) => seen.push(events), timers);
    for (const step of steps) {
      if (step === 'timer') timers.fire();
      else window.receive(step);
    }
    expect({ seen, timersLeft: timers.pending.length }).toEqual({ seen: applied, timersLeft });
  });

  it(`holds for ${HOLD_MS} ms, under one frame`, () => {
    const timers = manualTimers();
    createEventWindow(() => {}, timers).receive([running('a')]);
    expect(timers.pending.map((t) => t.ms)).toEqual([HOLD_MS]);
    expect(HOLD_MS).toBeLessThan(1000 / 60);
  });

  it('drops what is held when disposed, and its timer', () => {
    const timers = manualTimers();
    const seen: KernelEventBatch[] = [];
    const window = createEventWindow((events) => seen.push(events), timers);
    window.receive([running('a')]);
    window.dispose();
    timers.fire();
    expect({ seen, timers: timers.pending.length }).toEqual({ seen: [], timers: 0 });
  });

  it("times each apply, render included, as the page's part of the run (the bench's breakdown keeps the last)", () => {
    const window = createEventWindow(() => {
      const until = performance.now() + 20;
      while (performance.now() < until); // a render that takes 20 ms
    }, manualTimers());
    window.receive([state('busy'), running('a'), done('a'), state('ready')]);
    window.receive([state('busy'), running('b'), done('b'), state('ready')]);
    const part = readRunParts()['page apply'];
    expect({ count: part?.count, ms: (part?.ms ?? 0) >= 20 }).toEqual({ count: 1, ms: true });
  });
});
