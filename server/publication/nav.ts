import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { listServices, type Service } from '../data/services.js';
import { buildTree, flatten } from '../data/tree.js';
import { listUnits, type Unit } from '../data/units.js';
import type { Scope } from '../results/scope.js';
import { chainIn } from '../results/scope.js';
import { resultsUrl } from '../urls.js';

// Where a reader can go from a public results page: up to the published unit and agency above the
// scope, and down to the published units and services below it (active ones only).

const isPublic = (x: { active: number; published: number }): boolean => x.active === 1 && x.published === 1;

export interface PublicLink {
  name: string;
  href: string;
}

export async function scopeNav(q: Queryable, scope: Scope, lang: string, period: string) {
  const units = await listUnits(q);
  const services = await listServices(q);
  const byId = new Map(units.map((u) => [u.id, u]));
  const root = units.find((u) => u.parent_id === null);
  const link = (kind: 'agency' | 'unit' | 'service', x: Unit | Service): PublicLink => ({
    name: nameIn(x, lang),
    href: resultsUrl(kind === 'agency' ? { kind } : { kind, code: x.code }, { period, lang }),
  });

  // up: the agency, then each published unit between it and the scope
  const chain = chainIn(byId, scope.unitId).reverse(); // root first
  const up: PublicLink[] = [];
  for (const u of chain) {
    if (scope.kind !== 'service' && u.id === scope.unitId) break;
    if (!isPublic(u)) continue;
    up.push(link(u.parent_id === null ? 'agency' : 'unit', u));
  }

  if (scope.kind === 'service') return { up, units: [], services: [] };
  // down: published units below (with their depth) and published services of the subtree
  const active = units.filter((u) => u.active === 1);
  const start = flatten(buildTree(active, services.filter(isPublic))).filter((n) => n.unit.id === scope.unitId);
  const nodes = start.length ? flatten(start) : [];
  const base = nodes[0]?.depth ?? 0;
  return {
    up,
    units: nodes
      .filter((n) => n.unit.id !== scope.unitId && n.unit.id !== root?.id && isPublic(n.unit))
      .map((n) => ({ ...link('unit', n.unit), depth: n.depth - base })),
    services: nodes.flatMap((n) => n.services.map((s) => ({ ...link('service', s), code: s.code, unit: nameIn(n.unit, lang) }))),
  };
}
