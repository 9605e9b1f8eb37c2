/**
 * The strip left of a cell: its execution state at a glance. A shape per state, so colour
 * is not the only signal, and the status in words beside it (the "Cell status" element,
 * which assistive technology reads; the shape is hidden from it).
 */
import { Show, type JSX } from 'solid-js';
import type { CellStatus } from '../../workers/protocol';
import type { CellRunState } from './cell-state';
import { CellStatusLabel } from './CellStatusLabel';
import { createLasting } from './lasting';

const SHAPES: Readonly<Record<CellStatus, string>> = {
  idle: '',
  queued: '◷',
  running: '◐',
  done: '✓',
  error: '✕',
  stale: '↻',
  blocked: '⊘',
};

/**
 * The running shape turns only once a run has lasted this long. A turning shape makes
 * Chromium draw every frame, and a run's result then waits for the next one (up to a
 * frame, about 17 ms); a shorter run changes the gutter once as it starts (lasting.ts).
 */
export const SPIN_AFTER_MS = 150;

export function CellGutter(props: { run: CellRunState | undefined }): JSX.Element {
  const spinning = createLasting(() => props.run?.status === 'running', SPIN_AFTER_MS);
  return (
    <div class={`cell-gutter gutter-${props.run?.status ?? 'idle'}${spinning() ? ' spinning' : ''}`}>
      <Show when={props.run}>
        {(run) => (
          <>
            <span class="gutter-shape" aria-hidden="true">
              {SHAPES[run().status]}
            </span>
            <CellStatusLabel run={run()} />
          </>
        )}
      </Show>
    </div>
  );
}
