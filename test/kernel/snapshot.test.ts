import { beforeAll, expect, it } from 'vitest';
import { py, sql, startTestKernel, type TestKernel } from './harness';

// The browser starts Python from a memory snapshot built with the app. A restored
// interpreter must behave exactly like a freshly started one.
let k: TestKernel;

beforeAll(async () => {
  k = await startTestKernel({ snapshot: true });
  await k.load([
    py('a', 'import json\nprint("hello", file=__import__("sys").stderr)\nn = 41\nprint("n is", n)'),
    sql('q', 'SELECT {n} + 1 AS answer', 'r'),
    py('b', 'r.rows[0][0] / 0'),
  ]);
});

it('runs cells, streams output, binds SQL parameters and formats tracebacks after a restore', () => {
  expect({
    stream: k.stream('a'),
    rows: k.rows('q'),
    error: k.error('b'),
  }).toEqual({
    stream: 'hello\nn is 41\n',
    rows: [[42n]],
    error: {
      kind: 'python',
      ename: 'ZeroDivisionError',
      evalue: 'division by zero',
      line: 1,
      traceback: 'Traceback (most recent call last):\n  File "Cell 3", line 1, in <module>\n    r.rows[0][0] / 0\n    ~~~~~~~~~~~~~^~~\nZeroDivisionError: division by zero\n',
    },
  });
});

// Restoring a snapshot restores `random`'s generator with it: without a new seed at
// start every session drew the same numbers.
it('draws different random numbers in two sessions started from the same snapshot', async () => {
  const draw = async () => {
    const other = await startTestKernel({ snapshot: true });
    await other.load([py('r', 'import random\nrandom.random()')]);
    const output = other.output('r');
    await other.kernel.shutdown();
    return output;
  };
  const [first, second] = [await draw(), await draw()];
  expect(first).toMatchObject({ type: 'text' });
  expect(second).not.toEqual(first);
}, 60_000);
