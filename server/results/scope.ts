import type { Queryable } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { ownTargetProfiles } from '../data/profiles.js';
import { getServiceByCode, listServices, subtreeServiceIds } from '../data/services.js';
import type { Owner } from '../data/targets.js';
import { getUnit, getUnitByCode, listUnits, rootUnit, unitChain, type Unit } from '../data/units.js';
import { inheritTarget } from '../indicators/targets.js';
import type { Dimension } from '../vocabulary/profile.js';

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

async function fromUnit(q: Queryable, kind: 'unit' | 'agency', unitId: number): Promise<Scope | undefined> {
  const unit = await getUnit(q, unitId);
  if (!unit) return undefined;
  const chain = await unitChain(q, unitId);
  return {
    kind,
    code: unit.code,
    names: unit,
    owner: { unitId },
    unitId,
    serviceIds: kind === 'agency' ? null : await subtreeServiceIds(q, unitId),
    published: unit.published === 1,
    target: inheritTarget(chain.map((u) => u.target_ikm)),
    chain: chain.map((u) => ({ unitId: u.id })),
  };
}

/** How every unit and service code is made (server/manage/form.ts): anything else names nothing, and is never sent to the database (PostgreSQL refuses a NUL in text). */
const CODE_SHAPE = /^[a-z0-9-]{1,40}$/;

/** The scope named in a URL, or undefined when there is no such service or unit. */
export async function resolveScope(q: Queryable, kind: ScopeKind, code?: string): Promise<Scope | undefined> {
  if (kind !== 'agency' && (code === undefined || !CODE_SHAPE.test(code))) return undefined;
  if (kind === 'agency') {
    const root = await rootUnit(q);
    return root ? fromUnit(q, 'agency', root.id) : undefined;
  }
  if (kind === 'unit') {
    const unit = code ? await getUnitByCode(q, code) : undefined;
    return unit ? fromUnit(q, 'unit', unit.id) : undefined;
  }
  const service = code ? await getServiceByCode(q, code) : undefined;
  if (!service) return undefined;
  const chain = await unitChain(q, service.unit_id);
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
export async function inheritedTargetProfiles(q: Queryable, scope: Scope): Promise<Partial<Record<Dimension, Record<string, number>>>> {
  const out: Partial<Record<Dimension, Record<string, number>>> = {};
  for (const owner of [...scope.chain].reverse()) Object.assign(out, await ownTargetProfiles(q, owner));
  return out;
}

/**
 * A unit and its ancestors up to the root, nearest first, from an already read list of units (as
 * data/units.ts unitChain reads it, without a query per unit).
 */
export function chainIn(units: ReadonlyMap<number, Unit>, unitId: number): Unit[] {
  const chain: Unit[] = [];
  for (let u = units.get(unitId); u && chain.length <= units.size; u = u.parent_id === null ? undefined : units.get(u.parent_id)) chain.push(u);
  return chain;
}

/**
 * Effective targets (indicators.md: own, else inherited up the tree; none invented): every unit's and
 * every service's, from one read of each list. The one place that walks the tree for targets.
 */
export function effectiveTargets(units: readonly Unit[], services: ReadonlyArray<{ id: number; unit_id: number; target_ikm: number | null }>) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const unit = new Map<number, number | null>();
  const unitTarget = (unitId: number): number | null => {
    if (!unit.has(unitId)) unit.set(unitId, inheritTarget(chainIn(byId, unitId).map((u) => u.target_ikm)));
    return unit.get(unitId) ?? null;
  };
  for (const u of units) unitTarget(u.id);
  const service = new Map(services.map((s) => [s.id, inheritTarget([s.target_ikm, unitTarget(s.unit_id)])]));
  return { unit, service };
}

/** Effective target of every service (own, else inherited up its unit chain): two queries, whatever the tree. */
export async function serviceTargets(q: Queryable): Promise<Map<number, number | null>> {
  return effectiveTargets(await listUnits(q), await listServices(q)).service;
}

export function scopeName(scope: Scope, lang: string): string {
  return nameIn(scope.names, lang);
}
