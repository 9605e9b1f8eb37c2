import { expect, it } from 'vitest';
import { Kernel } from '../../workers/kernel';
import type { KernelEvent } from '../../workers/protocol';
import { testEnvironment } from './harness';

// A person adds cells and presses Run all while the kernel is still starting: every cell
// added before the press runs.
it('Run all pressed while Python starts runs the cells added before it', async () => {
  const events: KernelEvent[] = [];
  const kernel = new Kernel(testEnvironment({ openDatabase: () => Promise.reject(new Error('no database in this test')) }));
  const init = kernel.init({}, (event) => events.push(event));
  void kernel.upsertCell({ id: 'a', kind: 'python', code: 'a = 1' }, 0);
  void kernel.upsertCell({ id: 'b', kind: 'python', code: 'a + 1' }, 1);
  await kernel.runAll();
  await init;
  const outputs = events.flatMap((e) => (e.type === 'output' ? [[e.cellId, e.output]] : []));
  expect(outputs).toEqual([['b', { type: 'text', text: '2' }]]);
});
