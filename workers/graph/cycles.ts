/**
 * Strongly connected components (Tarjan). A component with more than one cell is a
 * cycle; singletons are not, because edges.ts never creates self-edges.
 *
 * Iterative rather than recursive so a long chain of cells cannot overflow the stack
 * of the worker.
 */
export function stronglyConnected(
  order: readonly string[],
  children: (id: string) => readonly string[],
): string[][] {
  const position = new Map(order.map((id, i) => [id, i]));
  const visitIndex = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const low = (id: string): number => lowLink.get(id) ?? Number.POSITIVE_INFINITY;
  const visit = (id: string): void => {
    visitIndex.set(id, counter);
    lowLink.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
  };

  for (const root of order) {
    if (visitIndex.has(root)) continue;
    visit(root);
    // Each frame remembers which child to look at next, replacing the recursion.
    const frames: { id: string; next: number }[] = [{ id: root, next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) break;
      const kids = children(frame.id);
      const kid = kids[frame.next];
      if (kid !== undefined) {
        frame.next += 1;
        if (!visitIndex.has(kid)) {
          visit(kid);
          frames.push({ id: kid, next: 0 });
        } else if (onStack.has(kid)) {
          lowLink.set(frame.id, Math.min(low(frame.id), visitIndex.get(kid) ?? 0));
        }
        continue;
      }

      frames.pop();
      const caller = frames[frames.length - 1];
      if (caller !== undefined) lowLink.set(caller.id, Math.min(low(caller.id), low(frame.id)));
      if (low(frame.id) !== visitIndex.get(frame.id)) continue;

      // frame.id is the root of a component: everything above it on the stack belongs to it.
      const members: string[] = [];
      for (;;) {
        const member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        members.push(member);
        if (member === frame.id) break;
      }
      members.sort((a, b) => (position.get(a) ?? -1) - (position.get(b) ?? -1));
      components.push(members);
    }
  }
  return components;
}
