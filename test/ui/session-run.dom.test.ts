import { afterEach, expect, it, vi } from 'vitest';
import { createRoot } from 'solid-js';
import type { KernelClient } from '../../src/kernel-client';
import type { NotebookStore } from '../../src/store/notebook-store';
import type { StoredNotebook } from '../../src/store/types';
import type { CellSpec, KernelInfo } from '../../workers/protocol';

// The kernel client, replaced by one that records what is sent and answers only when told.
const sent: string[] = [];
const replies: (() => void)[] = [];
vi.mock('../../src/kernel-client', () => ({
  createKernelClient: (): KernelClient => {
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
