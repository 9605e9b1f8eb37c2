/**
 * The strip left of a cell: its execution state at a glance. A shape per state, so colour
 * is not the only signal, and the status in words beside it (the "Cell status" element,
 * which assistive technology reads; the shape is hidden from it).
 */
import { Show, type JSX } from 'solid-js';
import type { CellStatus } from '../../workers/protocol';
import type { CellRunState } from './cell-state';
import { CellStatusLabel } from './CellStatusLabel';

const SHAPES: Readonly<Record<CellStatus, string>> = {
  idle: '',
  queued: '◷',
  running: '◐',
  done: '✓',
  error: '✕',
  stale: '↻',
  blocked: '⊘',
};

export function CellGutter(props: { run: CellRunState | undefined }): JSX.Element {
  return (
    <div class={`cell-gutter gutter-${props.run?.status ?? 'idle'}`}>
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
