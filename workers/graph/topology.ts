/** What Kahn's algorithm needs to know about the graph; supplied by view.ts. */
export interface TopologyInput {
  index(id: string): number;
  parents(id: string): readonly string[];
  children(id: string): readonly string[];
  /** Strongly connected component id of a cell (cells of one cycle share it). */
  componentOf(id: string): number;
  /** Members of a component, notebook order. */
  members(component: number): readonly string[];
}

/** `ids` plus everything reachable downstream of them. */
export function downstreamClosure(ids: Iterable<string>, children: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...ids];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    pending.push(...children(id));
  }
  return seen;
}

/** Every ancestor of `id` (not `id` itself unless it sits on a cycle). */
export function upstreamClosure(id: string, parents: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...parents(id)];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...parents(next));
  }
  return seen;
}

/**
 * Kahn's algorithm over the subgraph induced by `subset`, with each cycle collapsed
 * into one node. Collapsing is what lets cycle members appear at all: plain Kahn would
 * never free them. A collapsed cycle is released once its acyclic predecessors are
 * done and then emits its members in notebook order. Among ready nodes the one that
 * comes first in the notebook wins, so the order is deterministic and matches what a
 * reader of the notebook expects.
 */
export function topologicalOrder(subset: ReadonlySet<string>, graph: TopologyInput): string[] {
  const inDegree = new Map<number, number>();
  for (const id of subset) {
    const component = graph.componentOf(id);
    if (!inDegree.has(component)) inDegree.set(component, 0);
    for (const parent of graph.parents(id)) {
      if (subset.has(parent) && graph.componentOf(parent) !== component) {
        inDegree.set(component, (inDegree.get(component) ?? 0) + 1);
      }
    }
  }

  // A component sorts by its first member's notebook position.
  const key = (component: number): number => graph.index(graph.members(component)[0] ?? '');
  const ready: number[] = [];
  const release = (component: number): void => {
    const k = key(component);
    let at = ready.findIndex((other) => key(other) > k);
    if (at < 0) at = ready.length;
    ready.splice(at, 0, component);
  };
  for (const [component, degree] of inDegree) if (degree === 0) release(component);

  const out: string[] = [];
  for (let component = ready.shift(); component !== undefined; component = ready.shift()) {
    const members = graph.members(component).filter((id) => subset.has(id));
    out.push(...members);
    for (const id of members) {
      for (const child of graph.children(id)) {
        const target = graph.componentOf(child);
        if (!subset.has(child) || target === component) continue;
        const left = (inDegree.get(target) ?? 0) - 1;
        inDegree.set(target, left);
        if (left === 0) release(target);
      }
    }
  }
  return out;
}
