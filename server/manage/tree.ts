import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { buildTree, flatten } from '../data/tree.js';
import { listUnits, type Unit } from '../data/units.js';
import { inheritedTarget, type InheritedTarget } from './inherited.js';
import type { ManageScope } from './scope.js';

// View models of the officer's part of the organisation: the tree on /manage and the unit choices
// in forms (only units the officer holds, indented by depth).

export interface TreeService {
  code: string;
  name: string;
  active: boolean;
  published: boolean;
  /** its own target, or null when it follows the unit above */
  target: number | null;
  /** what it follows when its own target is empty */
  inherited: InheritedTarget;
}

export interface TreeUnit extends Omit<TreeService, 'code'> {
  code: string;
  depth: number;
  root: boolean;
  services: TreeService[];
}

export async function manageTree(q: Queryable, scope: ManageScope, lang: string): Promise<TreeUnit[]> {
  const all = await listUnits(q);
  const byId = new Map(all.map((u) => [u.id, u]));
  const units = all.filter((u) => scope.unitIds.has(u.id));
  const services = (await listServices(q)).filter((s) => scope.unitIds.has(s.unit_id));
  const flag = (x: { active: number; published: number; target_ikm: number | null }) => ({
    active: x.active === 1,
    published: x.published === 1,
    target: x.target_ikm,
  });
  return flatten(buildTree(units, services)).map((n) => ({
    code: n.unit.code,
    name: nameIn(n.unit, lang),
    depth: n.depth,
    root: n.unit.parent_id === null,
    ...flag(n.unit),
    inherited: inheritedTarget(byId, n.unit.parent_id, lang),
    services: n.services.map((s) => ({ code: s.code, name: nameIn(s, lang), ...flag(s), inherited: inheritedTarget(byId, s.unit_id, lang) })),
  }));
}

export interface UnitOption {
  value: string;
  label: string;
}

/** Of these units, those the officer holds, depth first, optionally leaving some out (a unit's own subtree when moving it). */
export function unitChoices(all: Unit[], scope: ManageScope, lang: string, inactive: string, exclude: ReadonlySet<number> = new Set()): UnitOption[] {
  const units = all.filter((u) => scope.unitIds.has(u.id));
  return flatten(buildTree(units, []))
    .filter((n) => !exclude.has(n.unit.id))
    .map((n) => ({ value: n.unit.code, label: `${'— '.repeat(n.depth)}${nameIn(n.unit, lang)}${n.unit.active ? '' : ` (${inactive})`}` }));
}
