/**
 * What Ripple keeps of a notebook between sessions. Types only; the store
 * (notebook-store.ts) validates everything it reads back against these shapes.
 */
import type { CellKind, DatabaseConfig } from '../../workers/protocol';

export interface StoredCell {
  readonly id: string;
  readonly kind: CellKind;
  readonly code: string;
  readonly resultName?: string;
}

/**
 * How far the user has vouched for a notebook. Python in the kernel worker can read this
 * origin's IndexedDB, where database passwords are remembered, so a notebook that arrived
 * as a file runs nothing, and reaches no database, by itself (the rule is in
 * src/notebook/trust.ts).
 * - `trusted`: created here, or trusted by the user (Trust and run): it runs on open.
 * - `database-confirmed`: from a file; the user confirmed its database settings (Run all,
 *   or set them), not its code: it still runs nothing on open.
 * - `untrusted`: from a file, nothing confirmed.
 */
export type NotebookTrust = 'trusted' | 'database-confirmed' | 'untrusted';

export interface StoredNotebook {
  readonly id: string;
  readonly title: string;
  readonly cells: readonly StoredCell[];
  /** Where SQL runs; PGlite by default (storage 'auto', name = notebook id). */
  readonly database: DatabaseConfig;
  readonly trust: NotebookTrust;
  /** ms since epoch */
  readonly createdAt: number;
  /** ms since epoch; set by the store on save/rename */
  readonly updatedAt: number;
}

export interface NotebookSummary {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: number;
  readonly cellCount: number;
}
