import type { CellRunState } from './cell-state';

/**
 * Whether what a cell shows is from an earlier run, and why: the reader must never take
 * an old output for a current one. `undefined`: the output (if any) is current.
 * - blocked: an upstream cell failed, so this cell did not run; `upstream` is its id.
 * - earlier: the cell is stale, queued, or re-running and nothing new has arrived yet.
 */
export type OutputAge = { readonly kind: 'earlier' } | { readonly kind: 'blocked'; readonly upstream: string | undefined } | undefined;

export function outputAge(run: CellRunState): OutputAge {
  const shows = run.output !== undefined || run.error !== undefined || run.streams.length > 0;
  if (!shows) return undefined;
  switch (run.status) {
    case 'blocked':
      return { kind: 'blocked', upstream: run.reason?.kind === 'upstream-error' ? run.reason.upstream : undefined };
    case 'stale':
    case 'queued':
      return { kind: 'earlier' };
    case 'running':
      // Until the re-run's first output: after that, what shows is (partly) new.
      return run.superseded === true ? { kind: 'earlier' } : undefined;
    default:
      return undefined;
  }
}
