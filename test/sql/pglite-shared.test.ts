import { Worker } from 'node:worker_threads';
import { afterEach, expect, it, vi } from 'vitest';
import { SHARED_BYTES, SHARED_LAYOUT, SharedSlot } from '../../workers/sql/pglite-shared';

// Each side of the shared buffer polls before it sleeps in Atomics.wait: a thread woken
// from Atomics.wait waits for the OS to run it again, which was most of what the PGlite
// worker added to a trivial SQL cell. Here the other side is a real second thread (plain
// JavaScript, writing the buffer as its layout says) that answers 5 ms after it is asked;
// polling for up to 2 s catches that without a single Atomics.wait.

const workers: Worker[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

/**
 * Starts `body` (JavaScript, with `ctrl`, `data` and `L` = SHARED_LAYOUT in scope) in a
 * thread; resolves once it runs, with its later messages in order (none is missed).
 */
async function otherSide(buffer: SharedArrayBuffer, body: string): Promise<() => Promise<unknown>> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const L = workerData.layout;
     const ctrl = new Int32Array(workerData.buffer, 0, L.HEADER_BYTES / 4);
     const data = new Uint8Array(workerData.buffer, L.HEADER_BYTES);
     const busy = (ms) => { const until = performance.now() + ms; while (performance.now() < until); };
     parentPort.postMessage('running');
     ${body}`,
    { eval: true, workerData: { buffer, layout: SHARED_LAYOUT } },
  );
  workers.push(worker);
  const queued: unknown[] = [];
  const takers: ((message: unknown) => void)[] = [];
  worker.on('message', (message: unknown) => {
    const taker = takers.shift();
    if (taker) taker(message);
    else queued.push(message);
  });
  const next = (): Promise<unknown> => (queued.length > 0 ? Promise.resolve(queued.shift()) : new Promise((resolve) => takers.push(resolve)));
  await next(); // 'running'
  return next;
}

it("the kernel's side polls for the reply before it sleeps", async () => {
  const buffer = new SharedArrayBuffer(SHARED_BYTES);
  const slot = new SharedSlot(buffer);
  // The PGlite worker's side: waits for the request, works 5 ms, answers [7, 8, 9].
  await otherSide(
    buffer,
    `while (Atomics.load(ctrl, L.STATE) !== L.REQUEST) Atomics.wait(ctrl, L.STATE, Atomics.load(ctrl, L.STATE), 50);
     busy(5);
     data.set([7, 8, 9]);
     ctrl[L.REPLY_LENGTH] = 3;
     Atomics.store(ctrl, L.STATE, L.DONE);
     Atomics.notify(ctrl, L.STATE);`,
  );
  const waits = vi.spyOn(Atomics, 'wait');
  slot.post(1, new Uint8Array([1, 2]), { syncToFs: false });
  const reply = slot.reply(10_000, 2_000);
  expect({ reply: reply instanceof Uint8Array ? [...reply] : reply, waits: waits.mock.calls.length }).toEqual({ reply: [7, 8, 9], waits: 0 });
});

it("the PGlite worker's side polls for the next request before it sleeps", async () => {
  const buffer = new SharedArrayBuffer(SHARED_BYTES);
  const slot = new SharedSlot(buffer);
  // The kernel's side: 5 ms after it runs, asks with request 42, bytes [5, 6].
  const next = await otherSide(
    buffer,
    `busy(5);
     data.set([5, 6]);
     ctrl[L.ID] = 42;
     ctrl[L.REQUEST_LENGTH] = 2;
     ctrl[L.THEN_LENGTH] = -1;
     ctrl[L.SYNC_TO_FS] = 1;
     Atomics.store(ctrl, L.STATE, L.REQUEST);
     Atomics.notify(ctrl, L.STATE);
     // What the kernel's post() reads to know it needs no wake-up message.
     parentPort.postMessage({ serving: Atomics.load(ctrl, L.SERVING) });`,
  );
  const waits = vi.spyOn(Atomics, 'wait');
  const taken = slot.take(10_000, 2_000);
  expect({ taken: taken && { id: taken.id, request: [...taken.request], options: taken.options }, waits: waits.mock.calls.length, seen: await next() }).toEqual({
    taken: { id: 42, request: [5, 6], options: { syncToFs: true } },
    waits: 0,
    seen: { serving: 1 },
  });
});

it('the kernel sends no wake-up message while the worker polls, and one once the worker has left', async () => {
  const buffer = new SharedArrayBuffer(SHARED_BYTES);
  const slot = new SharedSlot(buffer);
  // Left: take() found no request in its time, so the worker is back in its event loop.
  expect(slot.take(0, 0)).toBeUndefined();
  const whenAway = slot.post(1, new Uint8Array([1]), { syncToFs: false });
  slot.reply(0, 0); // nobody answers: the kernel gives up waiting, as after KERNEL_BLOCK_MS
  // Polling (as take() does, not in Atomics.wait): then answers the request.
  const next = await otherSide(
    buffer,
    `Atomics.store(ctrl, L.STATE, L.IDLE);
     Atomics.store(ctrl, L.SERVING, 1);
     parentPort.postMessage('polling');
     while (Atomics.load(ctrl, L.STATE) !== L.REQUEST);
     data.set([4]);
     ctrl[L.REPLY_LENGTH] = 1;
     Atomics.store(ctrl, L.STATE, L.DONE);
     Atomics.notify(ctrl, L.STATE);`,
  );
  await next(); // 'polling'
  const whilePolling = slot.post(2, new Uint8Array([2]), { syncToFs: false });
  const reply = slot.reply(10_000, 2_000);
  expect({ whenAway, whilePolling, reply: reply instanceof Uint8Array ? [...reply] : reply }).toEqual({ whenAway: false, whilePolling: true, reply: [4] });
});
