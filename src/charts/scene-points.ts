/**
 * How many data points a drawn chart shows: the items of its marks (role `mark`), found by
 * walking the scenegraph. A line or area is one SVG path but one item per point, which
 * is what the text summary means by points. Axes, legends and titles have other roles.
 */
export interface SceneNode {
  readonly marktype?: string;
  readonly role?: string;
  readonly items?: readonly SceneNode[];
}

export function countMarkItems(root: SceneNode): number {
  let count = 0;
  const visit = (node: SceneNode): void => {
    if (node.marktype !== undefined && node.marktype !== 'group') {
      if (node.role === 'mark') count += node.items?.length ?? 0;
      return;
    }
    for (const child of node.items ?? []) visit(child);
  };
  visit(root);
  return count;
}
