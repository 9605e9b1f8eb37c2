import { expect, it } from 'vitest';
import { IdlePrecompiler, type PrecompileCell } from '../../workers/idle-precompile';
import type { Timers } from '../../workers/timers';

/** Timers run by hand: each `tick` runs the tasks set so far, as the event loop would. */
function manualTimers(): Timers & { tick(): number } {
  let queue: (() => void)[] = [];
  return {
    set: (run) => queue.push(run),
    clear: () => {},
    tick() {
      const due = queue;
      queue = [];
      due.forEach((run) => run());
      return due.length;
    },
  };
}

const cells: Record<string, PrecompileCell | undefined> = {
  a: { id: 'a', code: 'a = 1' },
  sql: undefined, // not a Python cell: nothing to compile
  b: { id: 'b', code: 'b = a + 1' },
  c: { id: 'c', code: 'c = b + 1' },
};

function setUp(options: { busyAfter?: number; failing?: string } = {}) {
  const timers = manualTimers();
  const compiled: string[] = [];
  const precompiler = new IdlePrecompiler(
    (cell) => {
      if (cell.id === options.failing) throw new Error('compile failed');
      compiled.push(cell.id);
    },
    () => options.busyAfter !== undefined && compiled.length >= options.busyAfter,
    timers,
  );
  return { timers, compiled, precompiler };
}

it('compiles the cells in order, one per task, and then stops', () => {
  const { timers, compiled, precompiler } = setUp();
  precompiler.start(['a', 'sql', 'b', 'c'], (id) => cells[id]);
  expect(compiled).toEqual([]); // nothing in the caller's task
  const perTask: string[][] = [];
  while (timers.tick() > 0) perTask.push([...compiled]);
  expect(perTask).toEqual([['a'], ['a'], ['a', 'b'], ['a', 'b', 'c']]);
});

it('leaves the rest to the run once the kernel is busy', () => {
  const { timers, compiled, precompiler } = setUp({ busyAfter: 1 });
  precompiler.start(['a', 'b', 'c'], (id) => cells[id]);
  while (timers.tick() > 0);
  expect(compiled).toEqual(['a']);
});

it('takes each cell as it is when its turn comes, and goes on past a failure', () => {
  const { timers, compiled, precompiler } = setUp({ failing: 'a' });
  const now: Record<string, PrecompileCell | undefined> = { ...cells };
  precompiler.start(['a', 'b', 'c'], (id) => now[id]);
  now.b = undefined; // deleted before its turn
  while (timers.tick() > 0);
  expect(compiled).toEqual(['c']);
});

it('a new pass ends the one before it', () => {
  const { timers, compiled, precompiler } = setUp();
  precompiler.start(['a', 'b'], (id) => cells[id]);
  timers.tick();
  precompiler.start(['c'], (id) => cells[id]);
  while (timers.tick() > 0);
  expect(compiled).toEqual(['a', 'c']);
});
