import { stronglyConnected } from './cycles';
import { collectDefinitions } from './definitions';
import { buildEdges } from './edges';
import { downstreamClosure, topologicalOrder, type TopologyInput } from './topology';
import type { CellNode, GraphError } from './types';

/**
 * Read-only snapshot of the dataflow graph for one version of the cell list. It never
 * changes after buildGraph: the scheduler swaps in a new view instead of mutating it,
 * so a view handed to the kernel stays internally consistent.
 */
export interface GraphView {
  /** Cell ids in notebook order. */
  readonly order: readonly string[];
  /** 0-based notebook position; -1 if unknown. */
  index(id: string): number;
  /** Cells defining `name`, notebook order. */
  definersOf(name: string): readonly string[];
  parents(id: string): readonly string[];
  children(id: string): readonly string[];
  /** Multiple-definition errors (in the cell's defines order), then its cycle error. Empty if none. */
  errorsOf(id: string): readonly GraphError[];
  /** ids plus all their descendants, topologically sorted (Kahn), ties broken by notebook order, each once. Cells in a cycle are included but placed in notebook order after their acyclic predecessors. */
  planFrom(ids: readonly string[]): string[];
  /** Excluding id, topological order. */
  descendants(id: string): string[];
}

const NONE: readonly never[] = Object.freeze([]);

/** Ids must be unique; a repeated id keeps its first position and the later copy is ignored. */
export function buildGraph(cells: readonly CellNode[]): GraphView {
  const firstById = new Map<string, CellNode>();
  for (const cell of cells) if (!firstById.has(cell.id)) firstById.set(cell.id, cell);
  const unique = [...firstById.values()];
  const order = Object.freeze(unique.map((cell) => cell.id));
  const position = new Map(order.map((id, i) => [id, i]));

  const definitions = collectDefinitions(unique);
  const edges = buildEdges(unique, definitions.definers);
  const parents = (id: string): readonly string[] => edges.parents.get(id) ?? NONE;
  const children = (id: string): readonly string[] => edges.children.get(id) ?? NONE;

  const components = stronglyConnected(order, children);
  const componentOf = new Map<string, number>();
  components.forEach((members, component) => {
    for (const id of members) componentOf.set(id, component);
  });

  const errors = new Map<string, readonly GraphError[]>(definitions.errors);
  for (const members of components) {
    if (members.length < 2) continue;
    const cycle: GraphError = Object.freeze({ kind: 'cycle', cycle: Object.freeze([...members]) });
    for (const id of members) errors.set(id, Object.freeze([...(errors.get(id) ?? NONE), cycle]));
  }

  const topology: TopologyInput = {
    index: (id) => position.get(id) ?? -1,
    parents,
    children,
    componentOf: (id) => componentOf.get(id) ?? -1,
    members: (component) => components[component] ?? NONE,
  };

  const planFrom = (ids: readonly string[]): string[] =>
    topologicalOrder(downstreamClosure(ids.filter((id) => position.has(id)), children), topology);

  return Object.freeze({
    order,
    index: topology.index,
    definersOf: (name: string) => definitions.definers.get(name) ?? NONE,
    parents,
    children,
    errorsOf: (id: string) => errors.get(id) ?? NONE,
    planFrom,
    descendants: (id: string) => planFrom([id]).filter((other) => other !== id),
  });
}
