import type { CellRecord } from './cell-record';
import { realTimers, type Timers } from './timers';

/** A Python cell to compile ahead of its run. */
export interface PrecompileCell {
  readonly id: string;
  readonly code: string;
}

/** What there is to compile ahead for a cell: a Python cell that compiles (its analysis says so). */
export function compilable(record: CellRecord | undefined): PrecompileCell | undefined {
  return record?.spec.kind === 'python' && !record.syntaxError ? record.spec : undefined;
}

/**
 * Compiles Python cells ahead of their runs, one per task, while the kernel is idle: a
 * notebook opens while its database starts, and its opening run waits for the database,
 * so the kernel's thread has nothing to do meanwhile. After a start from the snapshot a
 * session's first compile of a cell for running is slow: the engine compiles, as they
 * first run, the parts of CPython and Pyodide it uses beyond the analysis's own compile
 * (CodeRunner's pass over the tree, the tree handed back to the compiler). Measured in
 * the opening run of the sample notebook (warm reloads, slow host): its first Python cell
 * 91 -> 57 ms. One cell per task, so a request that arrives meanwhile (the run itself)
 * waits for one compile at most; once the kernel is busy the rest is left to the run.
 * `start` begins a new pass and ends the one before it.
 */
export class IdlePrecompiler {
  private pass = 0;

  constructor(
    private readonly compile: (cell: PrecompileCell) => void,
    private readonly busy: () => boolean,
    private readonly timers: Timers = realTimers,
  ) {}

  /** `current(id)`: the cell as it is when its turn comes (undefined: gone, or nothing to compile). */
  start(ids: readonly string[], current: (id: string) => PrecompileCell | undefined): void {
    const pass = ++this.pass;
    let next = 0;
    const step = (): void => {
      if (pass !== this.pass || this.busy() || next >= ids.length) return;
      const cell = current(ids[next++]!);
      if (cell) {
        try {
          this.compile(cell);
        } catch {
          // Compiling ahead is only a head start: the run compiles the cell and reports.
        }
      }
      if (next < ids.length) this.timers.set(step, 0);
    };
    this.timers.set(step, 0);
  }
}
