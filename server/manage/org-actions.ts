import { changes, recordAudit, type AuditActor } from '../data/audit.js';
import { getAgency } from '../data/agency.js';
import type { Database, Queryable } from '../data/engine/index.js';
import { setPopulation } from '../data/populations.js';
import { ownTargetProfiles, setTargetProfile } from '../data/profiles.js';
import { createService, updateService, type Service, type ServiceFields } from '../data/services.js';
import type { Owner } from '../data/targets.js';
import { createUnit, getUnit, updateUnit, type Unit, type UnitFields } from '../data/units.js';
import type { Dimension } from '../survey/profile.js';

// Each change to units and services, with its audit row, in one transaction: both or neither.
// Inside a transaction only its handle (tx) is used, and nothing but database calls is awaited.

const unitCode = async (q: Queryable, id: number | null): Promise<string | null> => (id === null ? null : ((await getUnit(q, id))?.code ?? null));

async function unitSnapshot(q: Queryable, u: UnitFields) {
  return {
    code: u.code,
    name_id: u.nameId,
    name_en: u.nameEn,
    parent: await unitCode(q, u.parentId),
    active: u.active,
    published: u.published,
    target_ikm: u.targetIkm,
  };
}

const unitFields = (u: Unit): UnitFields => ({
  parentId: u.parent_id,
  code: u.code,
  nameId: u.name_id,
  nameEn: u.name_en,
  active: u.active === 1,
  published: u.published === 1,
  targetIkm: u.target_ikm,
});

export function createUnitAudited(store: Database, actor: AuditActor, f: UnitFields): Promise<number> {
  return store.transaction(async (tx) => {
    const agency = await getAgency(tx);
    if (!agency) throw new Error('no agency');
    const id = await createUnit(tx, {
      agencyId: agency.id,
      parentId: f.parentId,
      code: f.code,
      nameId: f.nameId,
      nameEn: f.nameEn,
      active: f.active,
      published: f.published,
      targetIkm: f.targetIkm,
    });
    await recordAudit(tx, actor, 'create', { kind: 'unit', id, code: f.code }, { after: await unitSnapshot(tx, f) });
    return id;
  });
}

/** Returns whether anything changed. */
export function updateUnitAudited(store: Database, actor: AuditActor, unit: Unit, f: UnitFields): Promise<boolean> {
  return store.transaction(async (tx) => {
    const diff = changes(await unitSnapshot(tx, unitFields(unit)), await unitSnapshot(tx, f));
    if (!diff) return false;
    await updateUnit(tx, unit.id, f);
    await recordAudit(tx, actor, 'update', { kind: 'unit', id: unit.id, code: f.code }, diff);
    return true;
  });
}

async function serviceSnapshot(q: Queryable, s: ServiceFields) {
  return {
    code: s.code,
    name_id: s.nameId,
    name_en: s.nameEn,
    unit: await unitCode(q, s.unitId),
    active: s.active,
    published: s.published,
    target_ikm: s.targetIkm,
    embed_origins: s.embedOrigins,
  };
}

const serviceFields = (s: Service): ServiceFields => ({
  unitId: s.unit_id,
  code: s.code,
  nameId: s.name_id,
  nameEn: s.name_en,
  active: s.active === 1,
  published: s.published === 1,
  targetIkm: s.target_ikm,
  embedOrigins: s.embed_origins,
});

export function createServiceAudited(store: Database, actor: AuditActor, f: ServiceFields): Promise<number> {
  return store.transaction(async (tx) => {
    const id = await createService(tx, f);
    await recordAudit(tx, actor, 'create', { kind: 'service', id, code: f.code }, { after: await serviceSnapshot(tx, f) });
    return id;
  });
}

/** Returns whether anything changed. */
export function updateServiceAudited(store: Database, actor: AuditActor, service: Service, f: ServiceFields): Promise<boolean> {
  return store.transaction(async (tx) => {
    const diff = changes(await serviceSnapshot(tx, serviceFields(service)), await serviceSnapshot(tx, f));
    if (!diff) return false;
    await updateService(tx, service.id, f);
    await recordAudit(tx, actor, 'update', { kind: 'service', id: service.id, code: f.code }, diff);
    return true;
  });
}

/** Whom a profile or population belongs to, for the audit row. */
export interface OwnerRef {
  owner: Owner;
  kind: 'unit' | 'service';
  id: number;
  code: string;
}

/** Replaces the target profiles of every dimension given; returns whether anything changed. */
export function setProfilesAudited(store: Database, actor: AuditActor, ref: OwnerRef, shares: Record<Dimension, Record<string, number>>): Promise<boolean> {
  return store.transaction(async (tx) => {
    const before = await ownTargetProfiles(tx, ref.owner);
    const after: Partial<Record<Dimension, Record<string, number>>> = {};
    for (const [dim, s] of Object.entries(shares) as Array<[Dimension, Record<string, number>]>) if (Object.keys(s).length) after[dim] = s;
    const all = Object.fromEntries(Object.keys(shares).map((d) => [d, null]));
    const diff = changes({ ...all, ...before }, { ...all, ...after });
    if (!diff) return false;
    for (const [dim, s] of Object.entries(shares) as Array<[Dimension, Record<string, number>]>) await setTargetProfile(tx, ref.owner, dim, s);
    await recordAudit(tx, actor, 'profile', { kind: ref.kind, id: ref.id, code: ref.code }, diff);
    return true;
  });
}

export interface PopulationChange {
  from: string;
  to: string;
  before: number | null;
  population: number | null;
}

/** Sets (or with null, removes) the population of one period. */
export async function setPopulationAudited(store: Database, actor: AuditActor, ref: OwnerRef, c: PopulationChange): Promise<void> {
  await store.transaction(async (tx) => {
    await setPopulation(tx, ref.owner, c.from, c.to, c.population);
    await recordAudit(
      tx,
      actor,
      c.population === null ? 'population_delete' : 'population_set',
      { kind: ref.kind, id: ref.id, code: ref.code },
      {
        period: { from: c.from, to: c.to },
        before: { population: c.before },
        after: { population: c.population },
      },
    );
  });
}
