import type { CellKind, PgliteDatabaseConfig } from '../../workers/protocol';
import type { DisplayViews, OutputView } from '../charts/settings';

/**
 * A notebook as the file formats see it: what `exportPy` writes and what
 * `importPy` / `importIpynb` return. No ids, outputs or run state.
 */
export interface NotebookFileCell {
  readonly kind: CellKind;
  readonly code: string;
  /** SQL cells only: the Python variable that receives the result. */
  readonly resultName?: string;
  /** Table or chart view of the cell's table output (`.py`: a `view=` marker option). */
  readonly view?: OutputView;
  /** Python cells: views of the tables it shows with `display()` (`.py`: a `displays=` option). */
  readonly displayViews?: DisplayViews;
  /** Python and SQL cells: the output is collapsed (`.ipynb`: Jupyter's `metadata.jupyter.outputs_hidden`; not in `.py`). */
  readonly outputCollapsed?: boolean;
}

/**
 * `remote`: a PostgreSQL connection string such as
 * `postgresql://user:secret@host:5432/db?sslmode=require`; written without its password.
 */
export type NotebookFileDatabase = PgliteDatabaseConfig | { readonly kind: 'remote'; readonly url: string };

export interface NotebookFile {
  readonly title: string;
  readonly cells: readonly NotebookFileCell[];
  readonly database: NotebookFileDatabase;
}
