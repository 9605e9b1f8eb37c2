import type { Scheduler } from '../../workers/graph/scheduler';
import type { CellNode, CellStatus } from '../../workers/graph/types';

/** Shorthand cell: c('a', ['x'], ['y']) defines x and reads y. */
export function c(id: string, defines: readonly string[] = [], references: readonly string[] = []): CellNode {
  return { id, defines, references };
}

/** Status of every cell in the notebook, for one-shot comparisons. */
export function statuses(s: Scheduler): Record<string, CellStatus> {
  return Object.fromEntries(s.view().order.map((id) => [id, s.status(id)]));
}

/**
 * Plays the kernel: runs everything runnable, failing the ids in `failing`, and
 * returns what ran as "id@version". `wouldWait` as Scheduler.next takes it. Bounded so a scheduler bug cannot hang the suite.
 */
export function drain(s: Scheduler, failing: readonly string[] = [], wouldWait?: (id: string) => boolean): string[] {
  const ran: string[] = [];
  for (let step = 0; step < 1000; step += 1) {
    const job = s.next(wouldWait);
    if (job === undefined) break;
    ran.push(`${job.id}@${job.version}`);
    s.complete(job.id, job.version, failing.includes(job.id) ? 'error' : 'ok');
  }
  return ran;
}
