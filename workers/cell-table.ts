/**
 * The kernel's cells: their records (spec and what derives from the source alone) in
 * notebook order. It knows nothing of Python or the graph's state: the kernel applies
 * what each change returns (names to forget, graph updates). Python analysis is passed
 * in, so this is tested without Pyodide.
 */
import { sameCell, type CellRecord } from './cell-record';
import type { CellNode } from './graph/types';
import { markdownReferences } from './markdown/references';
import type { CellSpec } from './protocol';
import type { PythonAnalysis } from './python/analysis';
import { bindSql } from './sql/binder';
import { onlyNumbersChanged } from './python/number-edit';

export type Analyze = (code: string) => PythonAnalysis;

/**
 * What a cell's source says, without running it. `before`: the cell's record until now;
 * a Python cell that compiled and whose edit changed only numbers keeps its analysis.
 */
export function recordFor(spec: CellSpec, analyze: Analyze, before?: CellRecord): CellRecord {
  if (spec.kind === 'sql') {
    const bound = bindSql(spec.code);
    const defines = spec.resultName ? [spec.resultName] : [];
    return { spec, bound, node: { id: spec.id, defines, references: bound.references.filter((n) => !defines.includes(n)) } };
  }
  if (spec.kind === 'markdown') {
    // Prose only reads names: a graph node like a SQL cell that defines nothing.
    return { spec, node: { id: spec.id, defines: [], references: markdownReferences(spec.code) } };
  }
  if (before?.spec.kind === 'python' && !before.syntaxError && onlyNumbersChanged(before.spec.code, spec.code)) {
    return { spec, node: { ...before.node, id: spec.id } };
  }
  const analysis = analyze(spec.code);
  const node = { id: spec.id, defines: analysis.defines, references: analysis.references };
  return analysis.syntaxError ? { spec, node, syntaxError: analysis.syntaxError } : { spec, node };
}

export interface TableChange {
  /** Cells whose source changed (not new ones): their results no longer hold. */
  readonly edited: readonly string[];
  /** Cells no longer in the notebook. */
  readonly removed: readonly string[];
  /**
   * Names that edited or removed cells defined and no cell defines now: they must leave
   * the Python namespace, or a cell still using them would read a value nothing makes.
   */
  readonly orphaned: readonly string[];
}

export class CellTable {
  private readonly records = new Map<string, CellRecord>();
  private ids: string[] = [];

  constructor(private readonly analyze: Analyze) {}

  get order(): readonly string[] {
    return this.ids;
  }

  get(id: string): CellRecord | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Graph nodes in notebook order. */
  nodes(): CellNode[] {
    return this.ids.map((id) => this.records.get(id)!.node);
  }

  /** The whole notebook, in order. An unchanged cell keeps its record (and its result). */
  setAll(specs: readonly CellSpec[]): TableChange {
    const edited: string[] = [];
    const dropped: CellRecord[] = [];
    for (const spec of specs) {
      const before = this.records.get(spec.id);
      if (before && sameCell(before.spec, spec)) continue;
      this.records.set(spec.id, recordFor(spec, this.analyze, before));
      if (before) {
        edited.push(spec.id);
        dropped.push(before);
      }
    }
    const keep = new Set(specs.map((c) => c.id));
    const removed = this.ids.filter((id) => !keep.has(id));
    for (const id of removed) {
      dropped.push(this.records.get(id)!);
      this.records.delete(id);
    }
    this.ids = specs.map((c) => c.id);
    return { edited, removed, orphaned: this.orphanedBy(dropped) };
  }

  /** One cell added or changed, at `index` (clamped). */
  upsert(spec: CellSpec, index: number): TableChange {
    const before = this.records.get(spec.id);
    const changed = !before || !sameCell(before.spec, spec);
    if (changed) this.records.set(spec.id, recordFor(spec, this.analyze, before));
    const ids = this.ids.filter((id) => id !== spec.id);
    ids.splice(Math.max(0, Math.min(index, ids.length)), 0, spec.id);
    this.ids = ids;
    const edited = before && changed;
    return { edited: edited ? [spec.id] : [], removed: [], orphaned: edited ? this.orphanedBy([before]) : [] };
  }

  delete(id: string): TableChange {
    const before = this.records.get(id);
    if (!before) return { edited: [], removed: [], orphaned: [] };
    this.records.delete(id);
    this.ids = this.ids.filter((other) => other !== id);
    return { edited: [], removed: [id], orphaned: this.orphanedBy([before]) };
  }

  /** "Cell 3": what users see, by position. */
  labelOf(id: string): string {
    return `Cell ${this.ids.indexOf(id) + 1}`;
  }

  /** A cell's file name (`<cell-ID>`, as Python runs it) to its label, for tracebacks; undefined for other files. */
  labelOfFile(fileName: string): string | undefined {
    const id = /^<cell-(.+)>$/.exec(fileName)?.[1];
    return id !== undefined && this.ids.includes(id) ? this.labelOf(id) : undefined;
  }

  private orphanedBy(dropped: readonly CellRecord[]): string[] {
    const defined = new Set([...this.records.values()].flatMap((r) => r.node.defines));
    return [...new Set(dropped.flatMap((r) => r.node.defines))].filter((name) => !defined.has(name));
  }
}
