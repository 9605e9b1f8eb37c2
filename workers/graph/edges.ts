import type { CellNode } from './types';

/** Adjacency of the dataflow graph: A -> B when B references a name A defines. */
export interface Edges {
  /** id -> cells it reads from, notebook order. */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  /** id -> cells reading from it, notebook order. */
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/**
 * `cells` must be in notebook order with unique ids. A reference to a name nobody
 * defines creates no edge (it is a runtime NameError, not a graph problem). A cell
 * referencing a name it defines itself (`x = x + 1`, or a name it defines together
 * with other cells) gets no self-edge: that is not a cycle.
 */
export function buildEdges(
  cells: readonly CellNode[],
  definers: ReadonlyMap<string, readonly string[]>,
): Edges {
  const position = new Map(cells.map((cell, i) => [cell.id, i]));
  const byPosition = (a: string, b: string): number => (position.get(a) ?? -1) - (position.get(b) ?? -1);

  const parents = new Map<string, readonly string[]>();
  const children = new Map<string, string[]>(cells.map((cell) => [cell.id, []]));
  for (const cell of cells) {
    const own = new Set<string>();
    for (const name of cell.references) {
      for (const definer of definers.get(name) ?? []) {
        if (definer !== cell.id) own.add(definer);
      }
    }
    const sorted = [...own].sort(byPosition);
    parents.set(cell.id, Object.freeze(sorted));
    // Visiting children in notebook order keeps every children list sorted for free.
    for (const parent of sorted) children.get(parent)?.push(cell.id);
  }

  for (const list of children.values()) Object.freeze(list);
  return { parents, children };
}
