import { createSignal, onCleanup, createEffect, type JSX } from 'solid-js';
import type { CellRunState } from './cell-state';

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The cell's status in words, with a live timer while it runs. */
export function CellStatusLabel(props: { run: CellRunState }): JSX.Element {
  const [now, setNow] = createSignal(performance.now());
  createEffect(() => {
    if (props.run.status !== 'running') return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    onCleanup(() => clearInterval(timer));
  });
  const text = (): string => {
    const run = props.run;
    switch (run.status) {
      case 'running':
        return `running ${seconds(Math.max(0, now() - (run.startedAt ?? now())))}`;
      case 'done':
        return run.elapsedMs !== undefined ? `done in ${seconds(run.elapsedMs)}` : 'done';
      case 'error':
        return run.elapsedMs !== undefined ? `error after ${seconds(run.elapsedMs)}` : 'error';
      case 'blocked':
        return 'blocked by an upstream error';
      default:
        return run.status;
    }
  };
  return (
    <span class={`cell-status status-${props.run.status}`} role="status" aria-label="Cell status">
      {text()}
    </span>
  );
}
