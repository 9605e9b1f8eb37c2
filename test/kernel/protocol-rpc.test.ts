import * as Comlink from 'comlink';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Kernel } from '../../workers/kernel';
import { testEnvironment } from './harness';
import type { DatabaseInfo, KernelApi, KernelEvent, KernelEventBatch, KernelInfo } from '../../workers/protocol';

// The kernel as the UI reaches it: through Comlink over a MessageChannel, so every
// argument, result and event crosses a structured-clone boundary like a worker's.
const channel = new MessageChannel();
const eventChannel = new MessageChannel();
/** Each message on the event port, as it arrived. */
const batches: KernelEventBatch[] = [];
const events: KernelEvent[] = [];
let remote: Comlink.Remote<KernelApi>;
let info: KernelInfo;

beforeAll(async () => {
  const kernel = new Kernel(testEnvironment());
  Comlink.expose(kernel, channel.port1);
  remote = Comlink.wrap<KernelApi>(channel.port2);
  // Events on a port of their own, as kernel-client.ts receives them.
  eventChannel.port1.onmessage = ({ data }: MessageEvent<KernelEventBatch>) => {
    batches.push(data);
    events.push(...data);
  };
  info = await remote.init({}, Comlink.transfer(eventChannel.port2, [eventChannel.port2]));
}, 120_000);

afterAll(async () => {
  await remote.shutdown();
  remote[Comlink.releaseProxy]();
  channel.port1.close();
  channel.port2.close();
  eventChannel.port1.close();
});

/** Events travel on the listener's own channel, so they may land after the call that caused them resolves. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 10_000) throw new Error('timed out waiting for kernel events');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('carries init, setCells, runAll and their events (status, output, bigint table) across the channel', async () => {
  const database: DatabaseInfo = await remote.setDatabaseConfig({ kind: 'pglite', storage: 'memory', name: 'rpc' });
  await remote.setCells([
    { id: 'n', kind: 'python', code: 'n = 2**53\nn + 1' },
    { id: 'q', kind: 'sql', code: 'SELECT {n} + 1 AS big, 1.50::numeric AS exact, NULL::text AS nothing', resultName: 'q_result' },
  ]);
  await remote.runAll();
  await until(() => events.some((e) => e.type === 'status' && e.cellId === 'q' && (e.status === 'done' || e.status === 'error')));

  const seen = events.flatMap((e): (string | { cellId: string; output: unknown })[] => {
    if (e.type === 'status') return [`${e.cellId}: ${e.status}`];
    if (e.type === 'kernel-state') return [`kernel: ${e.state}`];
    if (e.type === 'output') return [{ cellId: e.cellId, output: e.output }];
    return [];
  });
  expect({ info, database, seen }).toEqual({
    info: { pythonVersion: expect.stringMatching(/^3\.\d+\.\d+$/), pyodideVersion: expect.any(String), pyodideReadyMs: expect.any(Number), interruptible: false },
    database: { description: 'PGlite (memory) · rpc', serverVersion: expect.stringMatching(/^\d+/), readyMs: expect.any(Number) },
    seen: [
      'kernel: starting',
      'kernel: ready',
      'n: queued',
      'q: queued',
      'kernel: busy',
      'n: running',
      { cellId: 'n', output: { type: 'text', text: '9007199254740993' } },
      'n: done',
      'q: running',
      {
        cellId: 'q',
        output: {
          type: 'table',
          table: {
            columns: [
              { name: 'big', typeOid: 20, typeName: 'int8' },
              { name: 'exact', typeOid: 1700, typeName: 'numeric' },
              { name: 'nothing', typeOid: 25, typeName: 'text' },
            ],
            rows: [[9007199254740993n, '1.50', null]],
            rowCount: 1,
            command: 'SELECT 1',
          },
        },
      },
      'q: done',
      'kernel: ready',
    ],
  });
});

it('sends a first run\'s events in a batch per cell, each cell\'s running state before its code runs', async () => {
  await remote.setCells([
    { id: 'a', kind: 'python', code: 'a = 1' },
    { id: 'b', kind: 'python', code: 'b = a + 1' },
    { id: 'c', kind: 'python', code: 'print("c")\nc = b + 1\nc' },
  ]);
  await remote.runCells(['a']);
  const queued = (b: KernelEventBatch): boolean => b.some((e) => e.type === 'status' && e.cellId === 'a' && e.status === 'queued');
  await until(() => batches.some(queued) && batches.at(-1)!.some((e) => e.type === 'kernel-state' && e.state === 'ready'));
  const mark = batches.findIndex(queued);
  const run = batches.slice(mark).map((batch) =>
    batch.map((e) => (e.type === 'kernel-state' ? `kernel: ${e.state}` : `${e.cellId}: ${e.type === 'status' ? e.status : e.type}`)),
  );
  expect(run.slice(0, 3)).toEqual([
    ['a: queued', 'b: queued', 'c: queued', 'kernel: busy', 'a: running', 'a: run-start'],
    ['a: done', 'b: running', 'b: run-start'],
    ['b: done', 'c: running', 'c: run-start'],
  ]);
  // What c prints goes out while it runs if it comes 30 ms or more after c started (the
  // stream's batching interval; a busy host, a collection): its end is then two batches.
  expect(run.slice(3).flat()).toEqual(['c: stream', 'c: output', 'c: done', 'kernel: ready']);
  expect(run.length).toBeLessThanOrEqual(5);
});

it("sends a quick SQL cell's events in one batch: a query does not flush before it starts", async () => {
  await remote.setCells([
    { id: 'i', kind: 'python', code: 'i = 41' },
    { id: 'q', kind: 'sql', code: 'SELECT {i} + 1 AS y' },
  ]);
  await remote.runCells(['i']);
  await until(() => batches.at(-1)!.some((e) => e.type === 'kernel-state' && e.state === 'ready'));
  const mark = batches.length;
  await remote.runCells(['q']);
  await until(() => batches.length > mark && batches.at(-1)!.some((e) => e.type === 'kernel-state' && e.state === 'ready'));
  const run = batches.slice(mark).map((batch) => batch.map((e) => (e.type === 'kernel-state' ? `kernel: ${e.state}` : `${e.cellId}: ${e.type === 'status' ? e.status : e.type}`)));
  expect(run).toEqual([['q: queued', 'kernel: busy', 'q: running', 'q: run-start', 'q: log', 'q: output', 'q: done', 'kernel: ready']]);
});

/** The batches of one run: from the one that queues `first` to the kernel's next ready state. */
async function runBatches(run: () => Promise<void>, first: string): Promise<string[][]> {
  const mark = batches.length;
  await run();
  const queued = (b: KernelEventBatch): boolean => b.some((e) => e.type === 'status' && e.cellId === first && e.status === 'queued');
  await until(() => batches.slice(mark).some(queued) && batches.at(-1)!.some((e) => e.type === 'kernel-state' && e.state === 'ready'));
  const start = mark + batches.slice(mark).findIndex(queued);
  return batches.slice(start).map((batch) => batch.map((e) => (e.type === 'kernel-state' ? `kernel: ${e.state}` : `${e.cellId}: ${e.type === 'status' ? e.status : e.type}`)));
}

it('sends a run of cells that were quick last time as one batch, not one per cell', async () => {
  const chain = ['q1 = 1', ...Array.from({ length: 7 }, (_, i) => `q${i + 2} = q${i + 1} + 1`)];
  await remote.setCells(chain.map((code, i) => ({ id: `q${i + 1}`, kind: 'python', code })));
  const first = await runBatches(() => remote.runCells(['q1']), 'q1');
  expect(first).toHaveLength(chain.length + 1); // never ran: each cell's running state first
  const second = await runBatches(() => remote.runCells(['q1']), 'q1');
  // One batch; a cell that took over QUICK_MS the first time (a collection, a busy
  // host) would add one, so two such are allowed for.
  expect(second.length).toBeLessThanOrEqual(3);
  expect(second.flat().filter((e) => e.endsWith(': done'))).toHaveLength(chain.length);
});

it.each([
  ['busy', 'import time\nt = time.perf_counter()\nwhile time.perf_counter() - t < n / 1000: pass\nw = n'],
  ['sleeping', 'import time\ntime.sleep(n / 1000)\nw = n'],
])('a cell that was quick and turns slow (%s) is still seen running while it runs', async (_, code) => {
  await remote.setCells([
    { id: 'n', kind: 'python', code: 'n = 0' },
    { id: 'w', kind: 'python', code },
  ]);
  // Until w is held as quick: its running state goes out with its end. (Its first run
  // compiles and imports; a busy host may make any run slow.)
  const heldTogether = (run: string[][]): boolean => run.some((batch) => batch.includes('w: running') && batch.includes('w: done'));
  let runs = 0;
  while (!heldTogether(await runBatches(() => remote.runCells(['n']), 'n'))) expect(++runs).toBeLessThan(10);
  await remote.upsertCell({ id: 'n', kind: 'python', code: 'n = 300' }, 0);
  const run = await runBatches(() => remote.runCells(['n']), 'n');
  const running = run.findIndex((batch) => batch.includes('w: running'));
  const done = run.findIndex((batch) => batch.includes('w: done'));
  expect(running).toBeGreaterThanOrEqual(0);
  expect(done).toBeGreaterThan(running); // sent while it ran, not with its end
});
