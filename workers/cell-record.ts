import type { CellSpec } from './protocol';
import type { CellNode } from './graph/types';
import type { PythonSyntaxError } from './python/analysis';
import type { BindResult } from './sql/binder';

/** What the kernel keeps per cell: its spec and what is derived from the source alone. */
export interface CellRecord {
  readonly spec: CellSpec;
  readonly node: CellNode;
  /** SQL cells: the bound statements, a function of the source alone. */
  readonly bound?: BindResult;
  /** Python cells that do not compile are never run (a pathologically deep one would crash Pyodide). */
  readonly syntaxError?: PythonSyntaxError;
}

/** An unchanged cell keeps its record (and its result): nothing it depends on was edited. */
export function sameCell(a: CellSpec, b: CellSpec): boolean {
  return a.kind === b.kind && a.code === b.code && (a.resultName ?? '') === (b.resultName ?? '');
}
