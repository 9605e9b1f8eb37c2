/**
 * What Ripple keeps of a notebook between sessions. Types only; the store
 * (notebook-store.ts) validates everything it reads back against these shapes.
 */
import type { CellKind, DatabaseConfig } from '../../workers/protocol';
import type { ImportReport } from '../files/import-report';
import type { DisplayViews, OutputView } from '../charts/settings';

export interface StoredCell {
  readonly id: string;
  readonly kind: CellKind;
  readonly code: string;
  readonly resultName?: string;
  /** Table or chart (and the chart's settings) for the cell's table output; absent: table. */
  readonly view?: OutputView;
  /** Python cells: views of the tables it shows with `display()`, by their place; absent: tables. */
  readonly displayViews?: DisplayViews;
  /** The user collapsed the cell's output (O in command mode); absent: expanded, as in records from before. */
  readonly outputCollapsed?: boolean;
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

/**
 * How the password of a remote database is kept (see database-secrets.ts).
 * - `remembered`: stored with the notebook ("Remember password" ticked, the default).
 * - `none`: the connection string has none (a server that asks for no password).
 * - `ask`: not stored; asked for when the notebook connects, and then kept in memory for
 *   the page's life. `why`: the user unticked Remember password, or the notebook came
 *   from a file that has no password (the prompt's Remember password starts ticked then).
 */
export type StoredPassword =
  | { readonly kind: 'remembered'; readonly value: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'ask'; readonly why: 'not-remembered' | 'from-file' };

/**
 * The secrets of a remote database, kept apart from `database`, which never holds any:
 * the UI shows, copies and exports `database`, and only the session joins the two, when
 * it hands the config to the kernel. Present exactly when the database is remote.
 */
export interface DatabaseSecrets {
  /** The token of the pasted proxy URL; absent when not known yet (a notebook from a file). */
  readonly proxyToken?: string;
  readonly password: StoredPassword;
}

export interface StoredNotebook {
  readonly id: string;
  readonly title: string;
  readonly cells: readonly StoredCell[];
  /**
   * Where SQL runs; PGlite by default (storage 'auto', name = notebook id). A remote one is
   * stored without its password and proxy token (`connectionString`
   * `postgresql://user@host:port/db`, `proxyUrl` `ws://host:port/`, or '' when unknown):
   * they are in `secrets`.
   */
  readonly database: DatabaseConfig;
  readonly secrets?: DatabaseSecrets;
  readonly trust: NotebookTrust;
  /**
   * What the import of a `.ipynb` file changed on the way in (see import-report.ts); kept
   * until the user dismisses it (NotebookStore.dismissImportReport). Absent otherwise: a
   * notebook made here, a `.py` file (Ripple's own format) or a copy.
   */
  readonly importReport?: ImportReport;
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
