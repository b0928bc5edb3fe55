import type { Db } from '../db.js';
import { audit, changes, type AuditActor } from '../data/audit.js';
import { createService, createUnit, getAgency, getUnit, type Service, type Unit } from '../data/org.js';
import { ownTargetProfiles, setPopulation, setTargetProfile, type Owner } from '../data/scope.js';
import type { Dimension } from '../survey/profile.js';
import { updateService, updateUnit, type ServiceFields, type UnitFields } from '../data/org-admin.js';

// Each change to units and services, with its audit row, in one transaction: both or neither.

const unitCode = (db: Db, id: number | null): string | null => (id === null ? null : (getUnit(db, id)?.code ?? null));

function unitSnapshot(db: Db, u: UnitFields) {
  return {
    code: u.code,
    name_id: u.nameId,
    name_en: u.nameEn,
    parent: unitCode(db, u.parentId),
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

export function createUnitAudited(db: Db, actor: AuditActor, f: UnitFields): number {
  return db.transaction(() => {
    const agency = getAgency(db);
    if (!agency) throw new Error('no agency');
    const id = createUnit(db, {
      agencyId: agency.id,
      parentId: f.parentId,
      code: f.code,
      nameId: f.nameId,
      nameEn: f.nameEn,
      published: f.published,
      targetIkm: f.targetIkm,
    });
    if (!f.active) updateUnit(db, id, f);
    audit(db, actor, 'create', { kind: 'unit', id, code: f.code }, { after: unitSnapshot(db, f) });
    return id;
  })();
}

/** Returns whether anything changed. */
export function updateUnitAudited(db: Db, actor: AuditActor, unit: Unit, f: UnitFields): boolean {
  return db.transaction(() => {
    const diff = changes(unitSnapshot(db, unitFields(unit)), unitSnapshot(db, f));
    if (!diff) return false;
    updateUnit(db, unit.id, f);
    audit(db, actor, 'update', { kind: 'unit', id: unit.id, code: f.code }, diff);
    return true;
  })();
}

function serviceSnapshot(db: Db, s: ServiceFields) {
  return {
    code: s.code,
    name_id: s.nameId,
    name_en: s.nameEn,
    unit: unitCode(db, s.unitId),
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

export function createServiceAudited(db: Db, actor: AuditActor, f: ServiceFields): number {
  return db.transaction(() => {
    const id = createService(db, f);
    audit(db, actor, 'create', { kind: 'service', id, code: f.code }, { after: serviceSnapshot(db, f) });
    return id;
  })();
}

export function updateServiceAudited(db: Db, actor: AuditActor, service: Service, f: ServiceFields): boolean {
  return db.transaction(() => {
    const diff = changes(serviceSnapshot(db, serviceFields(service)), serviceSnapshot(db, f));
    if (!diff) return false;
    updateService(db, service.id, f);
    audit(db, actor, 'update', { kind: 'service', id: service.id, code: f.code }, diff);
    return true;
  })();
}

/** Whom a profile or population belongs to, for the audit row. */
export interface OwnerRef {
  owner: Owner;
  kind: 'unit' | 'service';
  id: number;
  code: string;
}

export function setProfilesAudited(db: Db, actor: AuditActor, ref: OwnerRef, shares: Record<Dimension, Record<string, number>>): boolean {
  return db.transaction(() => {
    const before = ownTargetProfiles(db, ref.owner);
    const after: Partial<Record<Dimension, Record<string, number>>> = {};
    for (const [dim, s] of Object.entries(shares) as Array<[Dimension, Record<string, number>]>) if (Object.keys(s).length) after[dim] = s;
    const all = Object.fromEntries(Object.keys(shares).map((d) => [d, null]));
    const diff = changes({ ...all, ...before }, { ...all, ...after });
    if (!diff) return false;
    for (const [dim, s] of Object.entries(shares) as Array<[Dimension, Record<string, number>]>) setTargetProfile(db, ref.owner, dim, s);
    audit(db, actor, 'profile', { kind: ref.kind, id: ref.id, code: ref.code }, diff);
    return true;
  })();
}

export interface PopulationChange {
  from: string;
  to: string;
  before: number | null;
  population: number | null;
}

/** Sets (or with null, removes) the population of one period. */
export function setPopulationAudited(db: Db, actor: AuditActor, ref: OwnerRef, c: PopulationChange): void {
  db.transaction(() => {
    setPopulation(db, ref.owner, c.from, c.to, c.population);
    audit(
      db,
      actor,
      c.population === null ? 'population_delete' : 'population_set',
      { kind: ref.kind, id: ref.id, code: ref.code },
      {
        period: { from: c.from, to: c.to },
        before: { population: c.before },
        after: { population: c.population },
      },
    );
  })();
}
