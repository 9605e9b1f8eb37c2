import { afterEach, expect, it, vi } from 'vitest';
import { createComputed, createRoot } from 'solid-js';
import type { KernelClient } from '../../src/kernel-client';
import type { NotebookStore } from '../../src/store/notebook-store';
import type { StoredNotebook } from '../../src/store/types';
import type { CellSpec, KernelEventBatch, KernelInfo } from '../../workers/protocol';

// The kernel client, replaced by one that records what is sent and answers only when told.
const sent: string[] = [];
const replies: (() => void)[] = [];
/** What the kernel's event port would deliver to the session. */
let deliver: (events: KernelEventBatch) => void = () => {};
vi.mock('../../src/kernel-client', () => ({
  createKernelClient: (listener: (events: KernelEventBatch) => void): KernelClient => {
    deliver = listener;
    const call = (what: string): Promise<void> => {
      sent.push(what);
      return new Promise((resolve) => replies.push(resolve));
    };
    return {
      api: () => Promise.reject(new Error('not in this test')),
      info: new Promise<KernelInfo>(() => {}),
      interruptible: true,
      setCells: async () => {},
      upsertCell: (cell: CellSpec) => call(`upsert ${cell.code}`),
      deleteCell: async () => {},
      runCells: (ids: readonly string[]) => call(`run ${ids.join()}`),
      runAll: async () => {},
      firstRowsPainted: (cellId: string) => void sent.push(`painted ${cellId}`),
      setDatabaseConfig: () => new Promise(() => {}),
      interrupt: async () => {},
      restart: async () => {},
      dispose: () => {},
    };
  },
}));

const { createNotebookSession } = await import('../../src/notebook/create-notebook-session');

const store = { save: () => {}, flush: async () => {}, dismissImportReport: async () => {} } as unknown as NotebookStore;
const notebook: StoredNotebook = {
  id: 'n',
  title: 'T',
  cells: [{ id: 'a', kind: 'python', code: 'x = 1' }],
  database: { kind: 'pglite', storage: 'memory', name: 'n' },
  trust: 'untrusted', // no database to wait for, nothing run on open
  createdAt: 0,
  updatedAt: 0,
};

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

it('sends a run right behind the edit it needs, without waiting for the edit\'s reply (a round trip to the worker)', async () => {
  const session = createRoot((d) => {
    dispose = d;
    return createNotebookSession(notebook, store);
  });
  session.editCode('a', 'x = 2');
  const run = session.run('a');
  await vi.waitFor(() => expect(sent).toEqual(['upsert x = 2', 'run a']));
  // The run still settles only once both answered.
  let settled = false;
  void run.then(() => (settled = true));
  replies.shift()!();
  await Promise.resolve();
  expect(settled).toBe(false);
  replies.splice(0).forEach((reply) => reply());
  await vi.waitFor(() => expect(settled).toBe(true));
});

it('sends a run before run() returns when no database prompt is open, and holds it while one is', async () => {
  // Shift+Enter moves the focus to the next cell right after asking for the run (a style
  // and layout of 4-6 ms in Chromium): the kernel should already have the run by then.
  const confirmed = createRoot((d) => {
    dispose = d;
    return createNotebookSession({ ...notebook, trust: 'database-confirmed' }, store);
  });
  sent.length = 0;
  confirmed.editCode('a', 'x = 3');
  void confirmed.run('a');
  expect(sent).toEqual(['upsert x = 3', 'run a']);
  dispose?.();

  // A remote database whose password is not known: the prompt opens with the notebook,
  // and a run waits for its answer (here: Not now, which releases it; the next run asks again).
  const remote = createRoot((d) => {
    dispose = d;
    return createNotebookSession({ ...notebook, id: 'r', trust: 'database-confirmed', database: { kind: 'remote', proxyUrl: 'ws://127.0.0.1:5480/?token=t', connectionString: 'postgresql://u@127.0.0.1:5432/d' } }, store);
  });
  await vi.waitFor(() => expect(remote.credentialsRequest()).toBeDefined());
  sent.length = 0;
  void remote.run('a');
  expect(sent).toEqual([]);
  remote.dismissCredentials();
  await vi.waitFor(() => expect(sent).toEqual(['run a']));
  expect(remote.credentialsRequest()).toBeUndefined();
  void remote.run('a');
  expect(remote.credentialsRequest()).toBeDefined();
  expect(sent).toEqual(['run a']);
});

it("applies a quick run's batches together when the run ends, and a lone batch within a frame", async () => {
  const session = createRoot((d) => {
    dispose = d;
    return createNotebookSession(notebook, store);
  });
  // The stale mark an edit causes, then the run: nothing reaches the page (nothing asks
  // for a frame) until the run has ended...
  deliver([{ type: 'status', cellId: 'a', status: 'stale' }]);
  deliver([{ type: 'kernel-state', state: 'busy' }, { type: 'status', cellId: 'a', status: 'running' }]);
  const during = { status: session.runs.a?.status, kernel: session.kernelState() };
  deliver([{ type: 'status', cellId: 'a', status: 'done', elapsedMs: 1 }, { type: 'kernel-state', state: 'ready' }]);
  const after = { status: session.runs.a?.status, kernel: session.kernelState() };
  // ...while a batch with no end of run behind it is shown within the hold.
  deliver([{ type: 'status', cellId: 'a', status: 'stale' }]);
  const held = session.runs.a?.status;
  await vi.waitFor(() => expect(session.runs.a?.status).toBe('stale'));
  expect({ during, after, held }).toEqual({ during: { status: 'idle', kernel: 'starting' }, after: { status: 'done', kernel: 'ready' }, held: 'done' });
});

it('writes nothing that depends on a status when a re-run ends as it began, only its new time', async () => {
  const session = createRoot((d) => {
    dispose = d;
    return createNotebookSession(notebook, store);
  });
  const run = (elapsedMs: number): KernelEventBatch => [
    { type: 'kernel-state', state: 'busy' },
    { type: 'status', cellId: 'a', status: 'queued' },
    { type: 'run-start', cellId: 'a' },
    { type: 'status', cellId: 'a', status: 'running' },
    { type: 'status', cellId: 'a', status: 'done', elapsedMs },
    { type: 'kernel-state', state: 'ready' },
  ];
  deliver(run(5));
  let statusReads = 0;
  let streamsReads = 0;
  createRoot(() => {
    createComputed(() => void (session.runs.a?.status, statusReads++));
    createComputed(() => void (session.runs.a?.streams, streamsReads++));
  });
  // The edit's stale mark, then the run, applied together when the run ends.
  deliver([{ type: 'status', cellId: 'a', status: 'stale' }]);
  deliver(run(7));
  expect({ statusReads, streamsReads, elapsed: session.runs.a?.elapsedMs, status: session.runs.a?.status }).toEqual({ statusReads: 1, streamsReads: 1, elapsed: 7, status: 'done' });
});

it('grows printed text in place across batches, so its view stays (and keeps its scroll position)', async () => {
  const session = createRoot((d) => {
    dispose = d;
    return createNotebookSession(notebook, store);
  });
  deliver([{ type: 'kernel-state', state: 'busy' }, { type: 'run-start', cellId: 'a' }, { type: 'stream', cellId: 'a', name: 'stdout', text: 'a' }]);
  await vi.waitFor(() => expect(session.runs.a?.streams.length).toBe(1));
  const shown = session.runs.a?.streams[0];
  deliver([{ type: 'stream', cellId: 'a', name: 'stdout', text: 'b' }, { type: 'stream', cellId: 'a', name: 'stderr', text: '!' }, { type: 'kernel-state', state: 'ready' }]);
  expect(session.runs.a?.streams).toEqual([{ name: 'stdout', text: 'ab' }, { name: 'stderr', text: '!' }]);
  expect(session.runs.a?.streams[0]).toBe(shown);
});

it("tells the kernel once a large result's first rows are painted, in a task after the frame", async () => {
  const session = createRoot((d) => {
    dispose = d;
    return createNotebookSession(notebook, store);
  });
  sent.length = 0;
  const table = { columns: [{ name: 'g', typeOid: 23, typeName: 'int4' }], rows: [[1]], rowCount: 1, command: '' };
  deliver([{ type: 'kernel-state', state: 'busy' }, { type: 'output', cellId: 'a', output: { type: 'table', table }, partial: true }]);
  // Applied at once (event-window.ts), reported only after a frame.
  const shown = session.runs.a?.output?.type;
  const sentAtOnce = [...sent];
  await vi.waitFor(() => expect(sent).toEqual(['painted a']));
  // A whole result (nothing held back by the kernel) is not reported.
  deliver([{ type: 'output', cellId: 'a', output: { type: 'table', table } }, { type: 'kernel-state', state: 'ready' }]);
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  expect({ shown, sentAtOnce, sent }).toEqual({ shown: 'table', sentAtOnce: [], sent: ['painted a'] });
});
