import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../workers/graph/scheduler';
import type { CellNode } from '../../workers/graph/types';
import { c, drain, statuses } from './helpers';

interface Case {
  readonly name: string;
  /** Builds a real scheduler, drives it, and returns what the case observes. */
  readonly run: () => unknown;
  readonly expected: unknown;
}

function scheduler(cells: readonly CellNode[]): Scheduler {
  const s = new Scheduler();
  s.setCells(cells);
  return s;
}

const chain = [c('a', ['x']), c('b', ['y'], ['x']), c('c', [], ['y'])];
const diamond = [c('d', [], ['l', 'r']), c('a', ['x']), c('r', ['r'], ['x']), c('l', ['l'], ['x'])];
// b and c are siblings under a; d hangs off b.
const tree = [c('a', ['x']), c('b', ['y'], ['x']), c('c', [], ['x']), c('d', [], ['y'])];
const cycleBelowRoot = [c('r', ['r0']), c('a', ['x'], ['y', 'r0']), c('b', ['y'], ['x']), c('d', [], ['y'])];
const cycleError = { kind: 'cycle', cycle: ['a', 'b'] } as const;

const cases: readonly Case[] = [
  {
    name: 'new cells start idle and adding them reports nothing',
    run: () => {
      const s = new Scheduler();
      return { changes: s.setCells(chain), statuses: statuses(s) };
    },
    expected: { changes: [], statuses: { a: 'idle', b: 'idle', c: 'idle' } },
  },
  {
    name: 'requestRun queues the cell and its descendants',
    run: () => scheduler(chain).requestRun(['a']),
    expected: [
      { id: 'a', status: 'queued' },
      { id: 'b', status: 'queued' },
      { id: 'c', status: 'queued' },
    ],
  },
  {
    name: 'simple chain executes in order under version 1 and ends done',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['a']);
      return { ran: drain(s), statuses: statuses(s) };
    },
    expected: { ran: ['a@1', 'b@1', 'c@1'], statuses: { a: 'done', b: 'done', c: 'done' } },
  },
  {
    name: 'diamond executes each cell once in topological order',
    run: () => {
      const s = scheduler(diamond);
      s.requestRun(['a']);
      return drain(s);
    },
    expected: ['a@1', 'r@1', 'l@1', 'd@1'],
  },
  {
    name: 'requesting a downstream cell does not run its ancestors',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['b']);
      return { ran: drain(s), statuses: statuses(s) };
    },
    expected: { ran: ['b@1', 'c@1'], statuses: { a: 'idle', b: 'done', c: 'done' } },
  },
  {
    name: 'next() hands out one cell at a time',
    run: () => {
      const s = scheduler([c('a'), c('b')]);
      s.requestRun(['a', 'b']);
      return [s.next(), s.next()];
    },
    expected: [{ id: 'a', version: 1, change: { id: 'a', status: 'running' } }, undefined],
  },
  {
    name: 'runtime error blocks descendants but not siblings',
    run: () => {
      const s = scheduler(tree);
      s.requestRun(['a']);
      return { ran: drain(s, ['b']), statuses: statuses(s), reason: s.reason('d') };
    },
    expected: {
      ran: ['a@1', 'b@1', 'c@1'],
      statuses: { a: 'done', b: 'error', c: 'done', d: 'blocked' },
      reason: { kind: 'upstream-error', upstream: 'b' },
    },
  },
  {
    name: 'accepted error reports the cell and its blocked descendants in one change list',
    run: () => {
      const s = scheduler(tree);
      s.requestRun(['b']);
      const job = s.next();
      return job && s.complete(job.id, job.version, 'error');
    },
    expected: {
      accept: true,
      changes: [
        { id: 'b', status: 'error' },
        { id: 'd', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'b' } },
      ],
    },
  },
  {
    name: 'blocked cell becomes runnable after the upstream is fixed',
    run: () => {
      const s = scheduler(tree);
      s.requestRun(['a']);
      drain(s, ['b']);
      const edited = s.markEdited('b');
      s.requestRun(['b']);
      return { edited, ran: drain(s), statuses: statuses(s) };
    },
    expected: {
      edited: [
        { id: 'b', status: 'stale' },
        { id: 'd', status: 'stale' },
      ],
      ran: ['b@2', 'd@2'],
      statuses: { a: 'done', b: 'done', c: 'done', d: 'done' },
    },
  },
  {
    name: 'blocked cell can be requested directly once its upstream is fixed',
    run: () => {
      const s = scheduler(tree);
      s.requestRun(['a']);
      drain(s, ['b']);
      s.requestRun(['b']);
      drain(s);
      return { changes: s.requestRun(['d']), ran: drain(s) };
    },
    expected: { changes: [{ id: 'd', status: 'queued' }], ran: ['d@3'] },
  },
  {
    name: 'multiple definitions: setCells puts both definers in error with the other index',
    run: () => scheduler([]).setCells([c('a', ['x']), c('k'), c('b', ['x'])]),
    expected: [
      { id: 'a', status: 'error', reason: { kind: 'multiple-definitions', name: 'x', otherCells: [{ id: 'b', index: 2 }] } },
      { id: 'b', status: 'error', reason: { kind: 'multiple-definitions', name: 'x', otherCells: [{ id: 'a', index: 0 }] } },
    ],
  },
  {
    name: 'requestRun never queues a multiply defined cell and blocks its readers',
    run: () => {
      const s = scheduler([c('a', ['x']), c('b', ['x']), c('r', [], ['x']), c('k')]);
      return { changes: s.requestRun(['a', 'k']), ran: drain(s) };
    },
    expected: {
      changes: [
        { id: 'r', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'a' } },
        { id: 'k', status: 'queued' },
      ],
      ran: ['k@1'],
    },
  },
  {
    name: 'fixing a multiple definition clears the errors on both cells (they become stale)',
    run: () => {
      const s = scheduler([c('a', ['x']), c('b', ['x'])]);
      const changes = s.setCells([c('a', ['x']), c('b', ['z'])]);
      return { changes, reasons: [s.reason('a'), s.reason('b')] };
    },
    expected: {
      changes: [
        { id: 'a', status: 'stale' },
        { id: 'b', status: 'stale' },
      ],
      reasons: [undefined, undefined],
    },
  },
  {
    name: 'cycle: members get the cycle error, descendants are blocked, the root still runs',
    run: () => {
      const s = scheduler(cycleBelowRoot);
      s.requestRun(['r']);
      return { ran: drain(s), statuses: statuses(s), reasons: ['a', 'b', 'd'].map((id) => s.reason(id)) };
    },
    expected: {
      ran: ['r@1'],
      statuses: { r: 'done', a: 'error', b: 'error', d: 'blocked' },
      reasons: [cycleError, cycleError, { kind: 'upstream-error', upstream: 'a' }],
    },
  },
  {
    name: 'cycle of 3 reported by setCells on every member',
    run: () => scheduler([]).setCells([c('a', ['x'], ['z']), c('b', ['y'], ['x']), c('c', ['z'], ['y'])]),
    expected: ['a', 'b', 'c'].map((id) => ({ id, status: 'error', reason: { kind: 'cycle', cycle: ['a', 'b', 'c'] } })),
  },
  {
    name: 'requesting only a descendant of a cycle blocks it',
    run: () => scheduler(cycleBelowRoot).requestRun(['d']),
    expected: [{ id: 'd', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'a' } }],
  },
  {
    name: 'breaking a cycle makes its cells stale and the blocked descendant runnable',
    run: () => {
      const s = scheduler(cycleBelowRoot);
      s.requestRun(['r']);
      drain(s);
      const fixed = s.setCells([c('r', ['r0']), c('a', ['x'], ['r0']), c('b', ['y'], ['x']), c('d', [], ['y'])]);
      s.requestRun(['a']);
      return { fixed, ran: drain(s) };
    },
    expected: {
      fixed: [
        { id: 'a', status: 'stale' },
        { id: 'b', status: 'stale' },
        { id: 'd', status: 'stale' },
      ],
      ran: ['a@2', 'b@2', 'd@2'],
    },
  },
  {
    name: 'self-reference is not a cycle: the cell runs',
    run: () => {
      const s = scheduler([c('a', ['x'], ['x'])]);
      s.requestRun(['a']);
      return drain(s);
    },
    expected: ['a@1'],
  },
  {
    name: 'SQL cell failing blocks the Python cell that uses its result',
    run: () => {
      const s = scheduler([c('py', ['user_id']), c('sql', ['users_result'], ['user_id']), c('use', [], ['users_result'])]);
      s.requestRun(['py']);
      return { ran: drain(s, ['sql']), statuses: statuses(s), reason: s.reason('use') };
    },
    expected: {
      ran: ['py@1', 'sql@1'],
      statuses: { py: 'done', sql: 'error', use: 'blocked' },
      reason: { kind: 'upstream-error', upstream: 'sql' },
    },
  },
  {
    name: 'edit marks the cell and done descendants stale, leaves idle cells and ancestors alone',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['a']);
      drain(s);
      s.setCells([...chain, c('e', [], ['y'])]);
      return { changes: s.markEdited('b'), statuses: statuses(s) };
    },
    expected: {
      changes: [
        { id: 'b', status: 'stale' },
        { id: 'c', status: 'stale' },
      ],
      statuses: { a: 'done', b: 'stale', c: 'stale', e: 'idle' },
    },
  },
  {
    name: 'editing an idle cell reports nothing',
    run: () => scheduler(chain).markEdited('a'),
    expected: [],
  },
  {
    name: 'changing defines is an edit: old readers go stale even though the edge is gone',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['a']);
      drain(s);
      return s.setCells([c('a', ['renamed']), c('b', ['y'], ['x']), c('c', [], ['y'])]);
    },
    expected: [
      { id: 'a', status: 'stale' },
      { id: 'b', status: 'stale' },
      { id: 'c', status: 'stale' },
    ],
  },
  {
    name: 'a new cell defining a name a done cell reads makes that reader stale',
    run: () => {
      const s = scheduler([c('r', [], ['x'])]);
      s.requestRun(['r']);
      drain(s);
      return s.setCells([c('a', ['x']), c('r', [], ['x'])]);
    },
    expected: [{ id: 'r', status: 'stale' }],
  },
  {
    name: 'setCells with unchanged names (reorder only) changes nothing',
    run: () => {
      const s = scheduler([c('a'), c('b')]);
      s.requestRun(['a', 'b']);
      drain(s);
      return s.setCells([c('b'), c('a')]);
    },
    expected: [],
  },
  {
    name: 'delete: orphaned names returned, former descendants stale',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['a']);
      drain(s);
      return { removed: s.removeCell('a'), order: s.view().order };
    },
    expected: {
      removed: {
        orphanedNames: ['x'],
        changes: [
          { id: 'b', status: 'stale' },
          { id: 'c', status: 'stale' },
        ],
      },
      order: ['b', 'c'],
    },
  },
  {
    name: 'delete: a name still defined elsewhere is not orphaned and that definer is fixed',
    run: () => {
      const s = scheduler([c('a', ['x', 'only_a']), c('b', ['x']), c('r', [], ['x'])]);
      return s.removeCell('a');
    },
    expected: { orphanedNames: ['only_a'], changes: [{ id: 'b', status: 'stale' }] },
  },
  {
    name: 'version drop: a superseded run is rejected and the cell reruns under the new version',
    run: () => {
      const s = scheduler([c('a')]);
      s.requestRun(['a']);
      const first = s.next();
      s.requestRun(['a']);
      const stale = s.complete('a', 1, 'ok');
      return { first: first?.version, stale, status: s.status('a'), second: s.next()?.version };
    },
    expected: { first: 1, stale: { accept: false, changes: [] }, status: 'queued', second: 2 },
  },
  {
    name: 're-requesting the running cell reports it queued again',
    run: () => {
      const s = scheduler([c('a')]);
      s.requestRun(['a']);
      s.next();
      return { changes: s.requestRun(['a']), blockedWhileInFlight: s.next() };
    },
    expected: { changes: [{ id: 'a', status: 'queued' }], blockedWhileInFlight: undefined },
  },
  {
    name: 'an in-flight cell not in the new plan is accepted',
    run: () => {
      const s = scheduler([c('a'), c('b')]);
      s.requestRun(['a']);
      const job = s.next();
      s.requestRun(['b']);
      return { result: job && s.complete(job.id, job.version, 'ok'), next: s.next()?.version };
    },
    expected: { result: { accept: true, changes: [{ id: 'a', status: 'done' }] }, next: 2 },
  },
  {
    name: 'merged queue stays topological and keeps each cell its own version',
    run: () => {
      const s = scheduler([c('a', ['x']), c('b', [], ['x']), c('k')]);
      s.requestRun(['k']);
      s.requestRun(['b']);
      const job = s.next();
      s.requestRun(['a']);
      const rejected = job && s.complete(job.id, job.version, 'ok');
      return { first: job?.id, rejected: rejected?.accept, ran: drain(s) };
    },
    expected: { first: 'b', rejected: false, ran: ['a@3', 'b@3', 'k@1'] },
  },
  {
    name: 'cancelPending: idle if never ran, stale if it had run; running cell left to the kernel',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['a']);
      drain(s);
      s.setCells([...chain, c('e', [], ['y'])]);
      s.requestRun(['a']);
      const job = s.next();
      const cancelled = s.cancelPending();
      const interrupted = job && s.complete(job.id, job.version, 'error');
      return { cancelled, interrupted, statuses: statuses(s), next: s.next() };
    },
    expected: {
      cancelled: [
        { id: 'b', status: 'stale' },
        { id: 'c', status: 'stale' },
        { id: 'e', status: 'idle' },
      ],
      interrupted: { accept: true, changes: [{ id: 'a', status: 'error' }] },
      statuses: { a: 'error', b: 'stale', c: 'stale', e: 'idle' },
      next: undefined,
    },
  },
  {
    name: 'editing the running cell re-queues it: old result rejected, queued descendants wait for the rerun',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['a']);
      const job = s.next();
      const edited = s.markEdited('a');
      const result = job && s.complete(job.id, job.version, 'ok');
      return { edited, result, ran: drain(s), statuses: statuses(s) };
    },
    expected: {
      edited: [{ id: 'a', status: 'queued' }],
      result: { accept: false, changes: [] },
      ran: ['a@2', 'b@1', 'c@1'],
      statuses: { a: 'done', b: 'done', c: 'done' },
    },
  },
  {
    name: 'complete for a run that was never handed out is rejected without changes',
    run: () => {
      const s = scheduler([c('a')]);
      s.requestRun(['a']);
      return [s.complete('a', 1, 'ok'), s.complete('nope', 7, 'error'), s.status('a')];
    },
    expected: [{ accept: false, changes: [] }, { accept: false, changes: [] }, 'queued'],
  },
  {
    name: 'deleting the running cell rejects its result and lets the queue continue',
    run: () => {
      const s = scheduler([c('a'), c('k')]);
      s.requestRun(['a', 'k']);
      const job = s.next();
      s.removeCell('a');
      return { result: job && s.complete(job.id, job.version, 'ok'), ran: drain(s) };
    },
    expected: { result: { accept: false, changes: [] }, ran: ['k@1'] },
  },
  {
    name: 'a queued cell whose parent becomes a duplicate definer is blocked, reported once',
    run: () => {
      const s = scheduler([c('a', ['x']), c('r', [], ['x'])]);
      s.requestRun(['a']);
      const changes = s.setCells([c('a', ['x']), c('r', [], ['x']), c('z', ['x'])]);
      return { changes, next: s.next() };
    },
    expected: {
      changes: [
        { id: 'a', status: 'error', reason: { kind: 'multiple-definitions', name: 'x', otherCells: [{ id: 'z', index: 2 }] } },
        { id: 'r', status: 'blocked', reason: { kind: 'upstream-error', upstream: 'a' } },
        { id: 'z', status: 'error', reason: { kind: 'multiple-definitions', name: 'x', otherCells: [{ id: 'a', index: 0 }] } },
      ],
      next: undefined,
    },
  },
  {
    name: 'editing a cell with a graph error keeps the error',
    run: () => {
      const s = scheduler([c('a', ['x']), c('b', ['x'])]);
      return { changes: s.markEdited('a'), status: s.status('a') };
    },
    expected: { changes: [], status: 'error' },
  },
  {
    name: 'a cell list with the same names (an edit that keeps them) keeps the graph and changes nothing',
    run: () => {
      const s = scheduler(chain);
      s.requestRun(['a']);
      drain(s);
      const view = s.view();
      const changes = s.setCells([c('a', ['x']), c('b', ['y'], ['x']), c('c', [], ['y'])]);
      return { changes, sameView: s.view() === view, statuses: statuses(s) };
    },
    expected: { changes: [], sameView: true, statuses: { a: 'done', b: 'done', c: 'done' } },
  },
  {
    name: 'the same names in another order, or another cell order, build the graph again',
    run: () => {
      const s = scheduler([c('a', ['x', 'y']), c('b', [], ['x'])]);
      const view = s.view();
      s.setCells([c('a', ['y', 'x']), c('b', [], ['x'])]);
      const reordered = s.view();
      s.setCells([c('b', [], ['x']), c('a', ['y', 'x'])]);
      return { names: reordered !== view, order: s.view() !== reordered, graphOrder: s.view().order };
    },
    expected: { names: true, order: true, graphOrder: ['b', 'a'] },
  },
  // wouldWait: a SQL cell while its database opens. The kernel asks again at each next().
  {
    name: 'a cell that would wait goes after later cells that need nothing from it, in their order',
    run: () => {
      const s = scheduler([c('sql'), c('a', ['x']), c('b', [], ['x'])]);
      s.requestRun(['sql', 'a']);
      return drain(s, [], (id) => id === 'sql');
    },
    expected: ['a@1', 'b@1', 'sql@1'],
  },
  {
    name: "a cell that reads a waiting cell's result still waits for it",
    run: () => {
      const s = scheduler([c('sql', ['r']), c('uses', [], ['r']), c('free', ['y'])]);
      s.requestRun(['sql', 'free']);
      return drain(s, [], (id) => id === 'sql');
    },
    expected: ['free@1', 'sql@1', 'uses@1'],
  },
  {
    name: 'waiting cells keep their order among themselves, and one is handed out when nothing else can run',
    run: () => {
      const s = scheduler([c('sql1'), c('sql2'), c('py', ['x'])]);
      s.requestRun(['sql1', 'sql2', 'py']);
      return drain(s, [], (id) => id.startsWith('sql'));
    },
    expected: ['py@1', 'sql1@1', 'sql2@1'],
  },
  {
    name: 'once nothing would wait, the notebook order is back',
    run: () => {
      const s = scheduler([c('sql'), c('a', ['x']), c('b', ['y'])]);
      s.requestRun(['sql', 'a', 'b']);
      let opening = true;
      const wouldWait = (id: string): boolean => opening && id === 'sql';
      const first = s.next(wouldWait);
      if (first) s.complete(first.id, first.version, 'ok');
      opening = false;
      return [first?.id, ...drain(s, [], wouldWait)];
    },
    expected: ['a', 'sql@1', 'b@1'],
  },
  {
    name: 'unknown ids are ignored everywhere',
    run: () => {
      const s = scheduler([c('a')]);
      return [s.status('nope'), s.reason('nope'), s.markEdited('nope'), s.removeCell('nope'), s.requestRun(['nope'])];
    },
    expected: ['idle', undefined, [], { orphanedNames: [], changes: [] }, []],
  },
];

describe('Scheduler', () => {
  it.each(cases)('$name', ({ run, expected }) => {
    expect(run()).toEqual(expected);
  });
});
