import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Kernel } from '../../workers/kernel';
import type { CellStatus, KernelEvent } from '../../workers/protocol';
import { testEnvironment } from './harness';

// The UI interrupts from another thread by writing SIGINT into a SharedArrayBuffer
// while Python keeps the kernel's thread busy. Here a second thread plays the UI.
let kernel: Kernel;
const events: KernelEvent[] = [];
const interruptBuffer = new SharedArrayBuffer(4);
let ui: Worker;

function sendSigintAfter(ms: number): Promise<void> {
  return new Promise((resolve) => {
    ui.once('message', () => resolve());
    ui.postMessage(ms);
  });
}

beforeAll(async () => {
  ui = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     parentPort.on('message', (ms) => {
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
       Atomics.store(new Int32Array(workerData), 0, 2);
       parentPort.postMessage('sent');
     });`,
    { eval: true, workerData: interruptBuffer },
  );
  kernel = new Kernel(testEnvironment());
  await kernel.init({ interruptBuffer }, (event) => events.push(event));
});

afterAll(() => ui.terminate());

const statusOf = (id: string): CellStatus | undefined =>
  events.filter((e): e is Extract<KernelEvent, { type: 'status' }> => e.type === 'status' && e.cellId === id).at(-1)?.status;

it('stops `while True: pass`, blocks what was queued behind it and keeps the namespace', async () => {
  await kernel.setCells([
    { id: 'a', kind: 'python', code: 'kept = "still here"' },
    { id: 'loop', kind: 'python', code: 'n = 0\nwhile True:\n    n += 1' },
    { id: 'after', kind: 'python', code: 'n * 2' },
    { id: 'check', kind: 'python', code: 'kept' },
  ]);
  await kernel.runCells(['a']);
  const sigint = sendSigintAfter(300);
  await kernel.runCells(['loop']);
  await sigint;
  const interrupted = events.find((e) => e.type === 'error' && e.cellId === 'loop');
  await kernel.runCells(['check']);
  const check = events.filter((e) => e.type === 'output' && e.cellId === 'check').at(-1);
  expect({
    loop: statusOf('loop'),
    error: interrupted?.type === 'error' ? interrupted.error.kind : undefined,
    after: statusOf('after'),
    check,
  }).toEqual({
    loop: 'error',
    error: 'interrupted',
    after: 'blocked',
    check: { type: 'output', cellId: 'check', output: { type: 'text', text: "'still here'" } },
  });
});

it('interrupts time.sleep at once, and time.sleep blocks for as long as asked', async () => {
  await kernel.setCells([
    { id: 'imports', kind: 'python', code: 'import time' },
    { id: 'nap', kind: 'python', code: 'start = time.monotonic()\ntime.sleep(0.25)\nslept = time.monotonic() - start' },
  ]);
  await kernel.runCells(['imports']); // runs nap too, which depends on it
  // Added one at a time: a cell added later does not run with its upstream cells above.
  await kernel.upsertCell({ id: 'long', kind: 'python', code: 'time.sleep(3600)' }, 2);
  const sigint = sendSigintAfter(300);
  await kernel.runCells(['long']); // an hour, unless the interrupt wakes it
  await sigint;
  await kernel.upsertCell({ id: 'bad', kind: 'python', code: 'time.sleep(-1)' }, 3);
  await kernel.upsertCell({ id: 'check', kind: 'python', code: 'slept >= 0.25' }, 4);
  await kernel.runCells(['bad', 'check']);
  const errorOf = (id: string) => {
    const event = events.filter((e) => e.type === 'error' && e.cellId === id).at(-1);
    return event?.type === 'error' ? event.error : undefined;
  };
  const bad = errorOf('bad');
  expect({
    check: events.filter((e) => e.type === 'output' && e.cellId === 'check').at(-1),
    long: errorOf('long')?.kind,
    bad: bad?.kind === 'python' ? bad.traceback.trim().split('\n').at(-1) : bad,
  }).toEqual({
    check: { type: 'output', cellId: 'check', output: { type: 'text', text: 'True' } },
    long: 'interrupted',
    bad: 'ValueError: sleep length must be non-negative',
  });
});

it('an interrupt pressed while nothing runs does not hit the next edit', async () => {
  await kernel.setCells([{ id: 'idle', kind: 'python', code: 'before = 1' }]);
  await kernel.runCells(['idle']);
  // The page raises the flag, then calls interrupt(), as the Interrupt button does.
  Atomics.store(new Int32Array(interruptBuffer), 0, 2);
  await kernel.interrupt();
  await kernel.upsertCell({ id: 'next', kind: 'python', code: 'for i in range(100_000): pass\nbefore + 1' }, 1);
  await kernel.runCells(['next']);
  expect(events.filter((e) => (e.type === 'output' || e.type === 'error') && e.cellId === 'next')).toEqual([
    { type: 'output', cellId: 'next', output: { type: 'text', text: '2' } },
  ]);
});

// Pyodide polls its buffer by reading and then zeroing it: a SIGINT stored in between was
// lost, and the loop ran on (1 in 10–60 here). This thread plays a user who presses
// Interrupt once, and once more only if nothing happened for 3 s: it counts those.
it('every interrupt of a tight loop lands: 60 in a row, each 0–19 ms into the run', async () => {
  const shared = new Int32Array(new SharedArrayBuffer(8)); // [0]: run finished (ack), [1]: presses that were lost
  const presser = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const flag = new Int32Array(workerData.flag);
     const shared = new Int32Array(workerData.shared);
     parentPort.on('message', (ms) => {
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
       Atomics.store(flag, 0, 2);
       while (Atomics.wait(shared, 0, 0, 3000) === 'timed-out') {
         Atomics.add(shared, 1, 1);
         Atomics.store(flag, 0, 2);
       }
       Atomics.store(shared, 0, 0);
       parentPort.postMessage('done');
     });`,
    { eval: true, workerData: { flag: interruptBuffer, shared: shared.buffer } },
  );
  await kernel.setCells([{ id: 'spin', kind: 'python', code: 'while True:\n    pass' }]);
  const outcomes = new Map<string, number>();
  for (let i = 0; i < 60; i++) {
    const mark = events.length;
    const released = new Promise((resolve) => presser.once('message', resolve));
    presser.postMessage(i % 20);
    await kernel.runCells(['spin']);
    Atomics.store(shared, 0, 1);
    Atomics.notify(shared, 0);
    await released;
    await kernel.interrupt(); // as the page does once the worker answers
    const end = events.slice(mark).find((e) => (e.type === 'error' || e.type === 'output') && e.cellId === 'spin');
    const kind = end?.type === 'error' ? end.error.kind : String(end?.type);
    outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  }
  await presser.terminate();
  expect({ outcomes: Object.fromEntries(outcomes), lost: Atomics.load(shared, 1) }).toEqual({ outcomes: { interrupted: 60 }, lost: 0 });
}, 300_000);
