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
