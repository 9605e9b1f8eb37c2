import { expect, it } from 'vitest';
import { StartupOver } from '../../workers/startup-over';
import { manualTimers } from '../support/manual-timers';
import { Kernel } from '../../workers/kernel';
import { py, testEnvironment } from './harness';

type Step = 'python ready' | 'run starts' | 'run ends' | 'wait passes';

it.each([
  ['a first run ends: over, the wait cleared', ['python ready', 'run starts', 'run ends'], 1, 0],
  ['no run by the end of the wait: over then', ['python ready', 'wait passes'], 1, 0],
  ['the wait passes during a run: over only when that run ends', ['python ready', 'run starts', 'wait passes'], 0, 0],
  ['... and then it ends', ['python ready', 'run starts', 'wait passes', 'run ends'], 1, 0],
  ['over once: later runs change nothing', ['python ready', 'run starts', 'run ends', 'run starts', 'run ends', 'wait passes'], 1, 0],
  ['Python ready twice: one wait', ['python ready', 'python ready'], 0, 1],
  ['nothing yet: not over, no wait', [], 0, 0],
] as const)('%s', (_name, steps: readonly Step[], calls, timersLeft) => {
  const timers = manualTimers();
  let running = false;
  let over = 0;
  const startup = new StartupOver(() => over++, () => running, timers, 5_000);
  for (const step of steps) {
    if (step === 'python ready') startup.pythonReady();
    else if (step === 'run starts') running = true;
    else if (step === 'run ends') {
      running = false;
      startup.runEnded();
    } else timers.fire();
  }
  expect({ over, timers: timers.pending.length }).toEqual({ over: calls, timers: timersLeft });
});

it("a real kernel says its start-up is over once the notebook's first run has ended, not when Python is ready", async () => {
  const seen: string[] = [];
  const kernel = new Kernel(testEnvironment({ startupOver: () => seen.push('start-up over') }));
  await kernel.init({}, (event) => {
    if (event.type === 'status' && event.cellId === 'b' && event.status === 'done') seen.push('last cell done');
  });
  seen.push('Python ready');
  await kernel.setCells([py('a', 'a = 1'), py('b', 'b = a + 1')]);
  await kernel.runAll();
  expect(seen).toEqual(['Python ready', 'last cell done', 'start-up over']);
}, 120_000);
