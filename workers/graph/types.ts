/**
 * Shared vocabulary of the reactive graph. Everything in workers/graph is pure
 * (no I/O, no timers, no Pyodide) so the kernel can be tested without a browser.
 */

/** One notebook cell as seen by static analysis: the names it binds and the names it reads. */
export interface CellNode {
  readonly id: string;
  readonly defines: readonly string[];
  readonly references: readonly string[];
}

/** A problem with the notebook's structure; a cell carrying one can never run. */
export type GraphError =
  | {
      readonly kind: 'multiple-definitions';
      readonly name: string;
      /** The OTHER definers of `name`, notebook order; index is their 0-based notebook position. */
      readonly otherCells: readonly { id: string; index: number }[];
    }
  | {
      readonly kind: 'cycle';
      /** Every cell of the strongly connected component, notebook order. */
      readonly cycle: readonly string[];
    };

export type CellStatus = 'idle' | 'queued' | 'running' | 'done' | 'error' | 'stale' | 'blocked';

/** Why a cell is 'error' (its own graph error) or 'blocked' (an upstream cell failed). */
export type StatusReason = GraphError | { readonly kind: 'upstream-error'; readonly upstream: string };

export interface StatusChange {
  readonly id: string;
  readonly status: CellStatus;
  readonly reason?: StatusReason;
}
