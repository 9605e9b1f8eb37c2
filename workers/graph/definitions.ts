import type { CellNode, GraphError } from './types';

/** Who defines each name, and the multiple-definition errors that follow from it. */
export interface Definitions {
  /** name -> ids of the cells defining it, notebook order. */
  readonly definers: ReadonlyMap<string, readonly string[]>;
  /** id -> its multiple-definition errors, in the order the cell lists the names. */
  readonly errors: ReadonlyMap<string, readonly GraphError[]>;
}

/**
 * `cells` must be in notebook order with unique ids. A name bound twice by the same
 * cell is one definition: only distinct cells conflict.
 */
export function collectDefinitions(cells: readonly CellNode[]): Definitions {
  const definers = new Map<string, string[]>();
  for (const cell of cells) {
    for (const name of new Set(cell.defines)) {
      const list = definers.get(name);
      if (list) list.push(cell.id);
      else definers.set(name, [cell.id]);
    }
  }

  const position = new Map(cells.map((cell, i) => [cell.id, i]));
  const errors = new Map<string, GraphError[]>();
  for (const cell of cells) {
    const own: GraphError[] = [];
    for (const name of new Set(cell.defines)) {
      const ids = definers.get(name) ?? [];
      if (ids.length < 2) continue;
      // Each definer reports the others, so the message can say "also defined in cell 3".
      const otherCells = ids
        .filter((id) => id !== cell.id)
        .map((id) => Object.freeze({ id, index: position.get(id) ?? -1 }));
      own.push(Object.freeze({ kind: 'multiple-definitions', name, otherCells: Object.freeze(otherCells) }));
    }
    if (own.length > 0) errors.set(cell.id, own);
  }

  for (const list of definers.values()) Object.freeze(list);
  return { definers, errors };
}
