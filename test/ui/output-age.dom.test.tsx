import { fireEvent, render } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { expect, it, vi } from 'vitest';
import { CellOutput, EARLIER_SHOWN_AFTER_MS } from '../../src/notebook/CellOutput';
import { emptyRunState, type CellRunState } from '../../src/notebook/cell-state';

const old: CellRunState = { ...emptyRunState(), status: 'done', output: { type: 'text', text: "'Hello, Ada'" } };

function mount(run: CellRunState) {
  const jumps: string[] = [];
  const screen = render(() => (
    <CellOutput run={run} label="Output of cell 2" upstreamLabel={(id) => (id === 'a' ? 'Cell 1' : undefined)} onJump={(id) => jumps.push(id)} />
  ));
  const region = screen.getByRole('region', { name: 'Output of cell 2' });
  return { screen, jumps, region, note: () => screen.queryByRole('note')?.textContent ?? null };
}

it('a blocked cell says which cell failed, links to it, and dims its old output', () => {
  const { screen, jumps, region, note } = mount({ ...old, status: 'blocked', reason: { kind: 'upstream-error', upstream: 'a' } });
  fireEvent.click(screen.getByRole('button', { name: 'Cell 1' }));
  expect({ note: note(), dimmed: region.classList.contains('earlier'), jumps, output: region.textContent?.includes("'Hello, Ada'") }).toEqual({
    note: 'Blocked: Cell 1 failed. This output is from an earlier run.',
    dimmed: true,
    jumps: ['a'],
    output: true,
  });
});

it('a stale output says it is from an earlier run; a current one says nothing', () => {
  const stale = mount({ ...old, status: 'stale' });
  const staleSeen = { note: stale.note(), dimmed: stale.region.classList.contains('earlier') };
  stale.screen.unmount();
  const current = mount(old);
  expect({ stale: staleSeen, current: { note: current.note(), dimmed: current.region.classList.contains('earlier') } }).toEqual({
    stale: { note: 'From an earlier run', dimmed: true },
    current: { note: null, dimmed: false },
  });
});

it('an output that turns stale is dimmed and noted only once that has lasted, and a quick re-run never flashes it', () => {
  vi.useFakeTimers();
  try {
    const [run, setRun] = createSignal<CellRunState>(old);
    const screen = render(() => <CellOutput run={run()} label="Output of cell 2" />);
    const region = screen.getByRole('region', { name: 'Output of cell 2' });
    const seen = (): { note: string | null; dimmed: boolean } => ({ note: screen.queryByRole('note')?.textContent ?? null, dimmed: region.classList.contains('earlier') });
    // A quick re-run: stale, then done again before the delay is up.
    setRun({ ...old, status: 'stale' });
    vi.advanceTimersByTime(EARLIER_SHOWN_AFTER_MS - 1);
    const quick = seen();
    setRun(old);
    vi.advanceTimersByTime(EARLIER_SHOWN_AFTER_MS);
    const afterQuick = seen();
    // Stale for longer: shown once the delay is up, and gone at once when the run is done.
    setRun({ ...old, status: 'stale' });
    const atOnce = seen();
    vi.advanceTimersByTime(EARLIER_SHOWN_AFTER_MS);
    const lasted = seen();
    setRun(old);
    expect({ quick, afterQuick, atOnce, lasted, done: seen() }).toEqual({
      quick: { note: null, dimmed: false },
      afterQuick: { note: null, dimmed: false },
      atOnce: { note: null, dimmed: false },
      lasted: { note: 'From an earlier run', dimmed: true },
      done: { note: null, dimmed: false },
    });
  } finally {
    vi.useRealTimers();
  }
});
