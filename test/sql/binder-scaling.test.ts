import { PerformanceObserver, performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { bindSql } from '../../workers/sql/binder';

// bindSql runs at every sync of a SQL cell and blocks the kernel meanwhile, so it must be
// linear in the cell's size. Timed as a ratio within one run, 1x against 8x input:
// linear gives about 8, quadratic about 64. No absolute times: machines differ.
// 1x is 256 KB because below that the tokens mostly die young and cost less each than
// in a large cell (measured: 128 KB -> 1 MB gave up to 19 where 256 KB -> 2 MB gave 11).
// Garbage collection is left out of the time: even for linear code it costs the large
// cell more than 8x (a larger live heap at each collection, fresh pages to touch), and
// on a host whose memory is slow to touch it was half the large cell's time and took the
// whole ratio to 20.1 once in CI. Without it the ratios measured 7-11 on that host; the
// quadratic mistakes this guards against (rescanning for line numbers, reading the end of
// a string built with +=) ran for minutes.

const ONE_X = 256 * 1024;
const RATIO_LIMIT = 20;
const REPETITIONS = 5;

/** Repeats `unit(i)` until the text is at least `chars` long. */
function build(chars: number, unit: (i: number) => string, prefix = ''): string {
  const parts = [prefix];
  let length = prefix.length;
  for (let i = 0; length < chars; i += 1) {
    const piece = unit(i);
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('');
}

// [description, cell of about `chars` characters, what bindSql must find (a sanity check)]
const shapes: [string, (chars: number) => string, (source: string) => boolean][] = [
  [
    "many statements, each with a '{tag}' literal",
    (chars) => build(chars, () => "INSERT INTO t VALUES ('{tag}');\n"),
    (source) => bindSql(source).warnings.length === source.split('\n').length - 1,
  ],
  [
    'one line, one statement, many literals',
    (chars) => build(chars, () => "'{tag}', ", 'SELECT '),
    (source) => bindSql(source).warnings.length > 1000,
  ],
  [
    'one statement with many distinct placeholders',
    (chars) => build(chars, (i) => `{v${i}}, `, 'SELECT '),
    (source) => (bindSql(source).statements[0]?.paramNames.length ?? 0) > 1000,
  ],
];

const collections: { start: number; duration: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) collections.push({ start: entry.startTime, duration: entry.duration });
});
gcObserver.observe({ entryTypes: ['gc'] });
afterAll(() => gcObserver.disconnect());

/**
 * Milliseconds of bindSql's own work: wall time less the garbage collections that began
 * within it. Other test files running in parallel can only add to it; the caller keeps
 * the minimum of several runs.
 */
async function timeBind(source: string): Promise<number> {
  const start = performance.now();
  bindSql(source);
  const end = performance.now();
  // gc entries reach the observer after the collection, queued for the event loop's next
  // turn: once that turn has come, whatever they are they are all here.
  await new Promise((resolve) => setImmediate(resolve));
  for (const entry of gcObserver.takeRecords()) collections.push({ start: entry.startTime, duration: entry.duration });
  const collecting = collections.filter((c) => c.start >= start && c.start < end).reduce((sum, c) => sum + c.duration, 0);
  collections.length = 0;
  return end - start - collecting;
}

describe('bindSql is linear in the size of the cell', () => {
  it.each(shapes)('%s', async (name, make, sane) => {
    const small = make(ONE_X);
    const large = make(8 * ONE_X);
    expect(sane(small)).toBe(true); // also warms up the JIT
    let smallMs = Infinity;
    let largeMs = Infinity;
    // Interleaved, so a busy moment on the machine slows both sizes alike; the minimum
    // is the run least disturbed.
    for (let r = 0; r < REPETITIONS; r += 1) {
      smallMs = Math.min(smallMs, await timeBind(small));
      largeMs = Math.min(largeMs, await timeBind(large));
    }
    const ratio = largeMs / Math.max(smallMs, 0.01);
    const measured = `${name}: 1x ${smallMs.toFixed(1)} ms, 8x ${largeMs.toFixed(1)} ms, ratio ${ratio.toFixed(1)}`;
    console.log(measured);
    expect(ratio, measured).toBeLessThan(RATIO_LIMIT);
  });
});
