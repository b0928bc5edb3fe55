import type { Db } from '../db.js';
import { getServiceByCode, getUnit, getUnitByCode, listServices, nameIn } from '../data/org.js';
import { ownTargetProfiles, rootUnit, subtreeServiceIds, unitChain, type Owner } from '../data/scope.js';
import { inheritTarget } from '../indicators/targets.js';
import type { Dimension } from '../survey/profile.js';

export type ScopeKind = 'service' | 'unit' | 'agency';

/** A scope of results: which services it covers and what it inherits from the tree. */
export interface Scope {
  kind: ScopeKind;
  code: string;
  names: { name_id: string; name_en: string };
  owner: Owner;
  /** the unit whose subtree holds the scope (the service's unit for a service) */
  unitId: number;
  /** null for the agency: every service */
  serviceIds: number[] | null;
  published: boolean;
  target: number | null;
  /** owners from the scope up to the root, nearest first (for inherited settings) */
  chain: Owner[];
}

function fromUnit(db: Db, kind: 'unit' | 'agency', unitId: number): Scope | undefined {
  const unit = getUnit(db, unitId);
  if (!unit) return undefined;
  const chain = unitChain(db, unitId);
  return {
    kind,
    code: unit.code,
    names: unit,
    owner: { unitId },
    unitId,
    serviceIds: kind === 'agency' ? null : subtreeServiceIds(db, unitId),
    published: unit.published === 1,
    target: inheritTarget(chain.map((u) => u.target_ikm)),
    chain: chain.map((u) => ({ unitId: u.id })),
  };
}

/** The scope named in a URL, or undefined when there is no such service or unit. */
export function resolveScope(db: Db, kind: ScopeKind, code?: string): Scope | undefined {
  if (kind === 'agency') {
    const root = rootUnit(db);
    return root ? fromUnit(db, 'agency', root.id) : undefined;
  }
  if (kind === 'unit') {
    const unit = code ? getUnitByCode(db, code) : undefined;
    return unit ? fromUnit(db, 'unit', unit.id) : undefined;
  }
  const service = code ? getServiceByCode(db, code) : undefined;
  if (!service) return undefined;
  const chain = unitChain(db, service.unit_id);
  return {
    kind: 'service',
    code: service.code,
    names: service,
    owner: { serviceId: service.id },
    unitId: service.unit_id,
    serviceIds: [service.id],
    published: service.published === 1,
    target: inheritTarget([service.target_ikm, ...chain.map((u) => u.target_ikm)]),
    chain: [{ serviceId: service.id }, ...chain.map((u) => ({ unitId: u.id }))],
  };
}

/** The target profile of each dimension: the scope's own, else the nearest ancestor's. */
export function inheritedTargetProfiles(db: Db, scope: Scope): Partial<Record<Dimension, Record<string, number>>> {
  const out: Partial<Record<Dimension, Record<string, number>>> = {};
  for (const owner of [...scope.chain].reverse()) Object.assign(out, ownTargetProfiles(db, owner));
  return out;
}

/** Effective target of every service (own, else inherited up its unit chain). */
export function serviceTargets(db: Db): Map<number, number | null> {
  const memo = new Map<number, number | null>();
  const unitTarget = (unitId: number): number | null => {
    if (!memo.has(unitId)) memo.set(unitId, inheritTarget(unitChain(db, unitId).map((u) => u.target_ikm)));
    return memo.get(unitId) ?? null;
  };
  return new Map(listServices(db).map((s) => [s.id, s.target_ikm ?? unitTarget(s.unit_id)]));
}

export function scopeName(scope: Scope, lang: string): string {
  return nameIn(scope.names, lang);
}
