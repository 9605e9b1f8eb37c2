/**
 * The trust rule for notebooks that arrived as a file (`.py` or `.ipynb` import).
 *
 * Python in the kernel worker can read this origin's IndexedDB, where database passwords
 * are remembered. So nothing in such a notebook runs, and it reaches no database, unless
 * the user asked for it:
 * - Opening it runs nothing. A notebook the user created, or trusted (Trust and run),
 *   runs on open as before.
 * - The user's explicit runs are allowed: running a cell they can see (Shift+Enter,
 *   Ctrl/Cmd+Enter, its ▶ button), Run all, Trust and run. The cells the reactive graph
 *   re-runs because they depend on an explicitly run cell are part of that run. Editing
 *   a cell only marks cells stale; it never runs anything, in any notebook.
 * - Its database settings reach the kernel only once confirmed: Run all and Trust and run
 *   confirm them, and so does the user setting them. Until then the kernel has no
 *   database at all (a SQL cell run says so), so a file cannot point it at a server.
 * - Run all runs it this once: the next open runs nothing again. Trust and run is kept.
 */
import type { NotebookTrust } from '../store/types';

/** Whether opening the notebook runs its cells. */
export function runsOnOpen(trust: NotebookTrust): boolean {
  return trust === 'trusted';
}

/** Whether the notebook's database settings are given to the kernel. */
export function appliesDatabase(trust: NotebookTrust): boolean {
  return trust !== 'untrusted';
}

/** The trust level once the user confirmed the database settings (Run all, or set them). */
export function withDatabaseConfirmed(trust: NotebookTrust): NotebookTrust {
  return trust === 'untrusted' ? 'database-confirmed' : trust;
}
