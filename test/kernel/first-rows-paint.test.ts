import { expect, it } from 'vitest';
import { FirstRowsPaint } from '../../workers/first-rows-paint';
import { manualTimers } from '../support/manual-timers';

/** Which of the waits have settled once pending reactions ran. */
async function settled(waits: readonly Promise<void>[]): Promise<boolean[]> {
  const done = waits.map(() => false);
  waits.forEach((wait, i) => void wait.then(() => (done[i] = true)));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

it.each([
  ['the page reports the cell painted: that wait ends, its timer cleared', (p: FirstRowsPaint) => p.painted('a'), [true, false], 1],
  ['a report for a cell nothing waits for changes nothing', (p: FirstRowsPaint) => p.painted('c'), [false, false], 2],
  ['an interrupt ends every wait', (p: FirstRowsPaint) => p.releaseAll(), [true, true], 0],
  ['the limit ends every wait', (_p: FirstRowsPaint, fire: () => void) => fire(), [true, true], 0],
] as const)('%s', async (_name, act, expected, timersLeft) => {
  const timers = manualTimers();
  const paint = new FirstRowsPaint(timers, 250);
  const waits = [paint.wait('a'), paint.wait('b')];
  act(paint, () => timers.fire());
  expect(await settled(waits)).toEqual(expected);
  expect(timers.pending.length).toBe(timersLeft);
});

it('a newer wait for the same cell ends the older one', async () => {
  const timers = manualTimers();
  const paint = new FirstRowsPaint(timers, 250);
  const older = paint.wait('a');
  const newer = paint.wait('a');
  expect(await settled([older, newer])).toEqual([true, false]);
  paint.painted('a');
  expect(await settled([newer])).toEqual([true]);
  expect(timers.pending.length).toBe(0);
});
