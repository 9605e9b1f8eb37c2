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

export interface StoredNotebook {
  readonly id: string;
  readonly title: string;
  readonly cells: readonly StoredCell[];
  /** Where SQL runs; PGlite by default (storage 'auto', name = notebook id). */
  readonly database: DatabaseConfig;
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
