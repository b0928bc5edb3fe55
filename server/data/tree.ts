import type { Service } from './services.js';
import type { Unit } from './units.js';

export interface UnitNode {
  unit: Unit;
  depth: number;
  children: UnitNode[];
  services: Service[];
}

/** Builds the unit tree (roots first, children by position) with each unit's own services attached. */
export function buildTree(units: Unit[], services: Service[]): UnitNode[] {
  const nodes = new Map<number, UnitNode>(units.map((u) => [u.id, { unit: u, depth: 0, children: [], services: [] }]));
  for (const s of services) nodes.get(s.unit_id)?.services.push(s);
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parent_id === null ? undefined : nodes.get(node.unit.parent_id);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const setDepth = (n: UnitNode, d: number): void => {
    n.depth = d;
    n.children.forEach((c) => setDepth(c, d + 1));
  };
  roots.forEach((r) => setDepth(r, 0));
  return roots;
}

/** Depth-first list of nodes, parents before children. */
export function flatten(roots: UnitNode[]): UnitNode[] {
  return roots.flatMap((r) => [r, ...flatten(r.children)]);
}
