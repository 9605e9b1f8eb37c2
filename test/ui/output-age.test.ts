import { expect, it } from 'vitest';
import { emptyRunState, type CellRunState } from '../../src/notebook/cell-state';
import { outputAge } from '../../src/notebook/output-age';

const shown: Partial<CellRunState> = { output: { type: 'text', text: '2' } };
const run = (patch: Partial<CellRunState>): CellRunState => ({ ...emptyRunState(), ...patch });

it.each([
  ['a current output', run({ ...shown, status: 'done' }), undefined],
  ['nothing shown: nothing to label', run({ status: 'blocked', reason: { kind: 'upstream-error', upstream: 'a' } }), undefined],
  ['blocked by a failed cell: named', run({ ...shown, status: 'blocked', reason: { kind: 'upstream-error', upstream: 'a' } }), { kind: 'blocked', upstream: 'a' }],
  ['blocked for another reason', run({ ...shown, status: 'blocked' }), { kind: 'blocked', upstream: undefined }],
  ['stale (e.g. after a restart)', run({ ...shown, status: 'stale' }), { kind: 'earlier' }],
  ['queued to re-run', run({ ...shown, status: 'queued' }), { kind: 'earlier' }],
  ['re-running, nothing new yet', run({ ...shown, status: 'running', superseded: true, outputSuperseded: true }), { kind: 'earlier' }],
  ['re-running, its first lines have arrived', run({ ...shown, status: 'running', superseded: false, outputSuperseded: true, streams: [{ name: 'stdout', text: 'new' }] }), undefined],
  ['an old error is also from an earlier run', run({ error: { kind: 'kernel', message: 'x' }, status: 'stale' }), { kind: 'earlier' }],
  ['a failed cell shows its own, current error', run({ error: { kind: 'kernel', message: 'x' }, status: 'error' }), undefined],
] as const)('%s', (_name, state, expected) => {
  expect(outputAge(state)).toEqual(expected);
});
