import type { AuditActor } from '../data/audit.js';
import { getAgency } from '../data/agency.js';
import type { Database, Queryable } from '../data/engine/index.js';
import { setPopulation } from '../data/populations.js';
import { ownTargetProfiles, setTargetProfile } from '../data/profiles.js';
import { createService, updateService, type Service, type ServiceFields } from '../data/services.js';
import type { Owner } from '../data/targets.js';
import { createUnit, getUnit, updateUnit, type Unit, type UnitFields } from '../data/units.js';
import type { Dimension } from '../vocabulary/profile.js';
import { audited, auditedUpdate } from './audited.js';

// Changes to units and services (and what is set on them: target profiles, users served), each
// through the one audited-change helper (audited.ts). Units and services differ only in their
// snapshot (a unit names its parent, a service its unit and embed origins) and their writes.

const unitCode = async (q: Queryable, id: number | null): Promise<string | null> => (id === null ? null : ((await getUnit(q, id))?.code ?? null));

/** What differs between a unit and a service: how each is snapshotted, read back and written. */
interface OrgKind<Row, F extends { code: string }> {
  kind: 'unit' | 'service';
  snapshot: (q: Queryable, f: F) => Promise<Record<string, unknown>>;
  fieldsOf: (row: Row) => F;
  insert: (tx: Queryable, f: F) => Promise<number>;
  update: (tx: Queryable, id: number, f: F) => Promise<void>;
}

const common = (f: UnitFields | ServiceFields) => ({ code: f.code, name_id: f.nameId, name_en: f.nameEn });
const flags = (f: UnitFields | ServiceFields) => ({ active: f.active, published: f.published, target_ikm: f.targetIkm });
const rowFields = (r: Unit | Service) => ({
  code: r.code,
  nameId: r.name_id,
  nameEn: r.name_en,
  active: r.active === 1,
  published: r.published === 1,
  targetIkm: r.target_ikm,
});

const UNITS: OrgKind<Unit, UnitFields> = {
  kind: 'unit',
  snapshot: async (q, f) => ({ ...common(f), parent: await unitCode(q, f.parentId), ...flags(f) }),
  fieldsOf: (u) => ({ parentId: u.parent_id, ...rowFields(u) }),
  insert: async (tx, f) => {
    const agency = await getAgency(tx);
    if (!agency) throw new Error('no agency');
    return createUnit(tx, { agencyId: agency.id, ...f });
  },
  update: updateUnit,
};

const SERVICES: OrgKind<Service, ServiceFields> = {
  kind: 'service',
  snapshot: async (q, f) => ({ ...common(f), unit: await unitCode(q, f.unitId), ...flags(f), embed_origins: f.embedOrigins }),
  fieldsOf: (s) => ({ unitId: s.unit_id, ...rowFields(s), embedOrigins: s.embed_origins }),
  insert: createService,
  update: updateService,
};

function create<Row, F extends { code: string }>(k: OrgKind<Row, F>, store: Database, actor: AuditActor, f: F): Promise<number> {
  return audited(store, actor, async (tx) => {
    const id = await k.insert(tx, f);
    return { result: id, audit: [{ action: 'create', entity: { kind: k.kind, id, code: f.code }, details: { after: await k.snapshot(tx, f) } }] };
  });
}

function update<Row extends { id: number }, F extends { code: string }>(
  k: OrgKind<Row, F>,
  store: Database,
  actor: AuditActor,
  row: Row,
  f: F,
): Promise<boolean> {
  return auditedUpdate(store, actor, {
    entity: { kind: k.kind, id: row.id, code: f.code },
    before: (tx) => k.snapshot(tx, k.fieldsOf(row)),
    after: (tx) => k.snapshot(tx, f),
    write: (tx) => k.update(tx, row.id, f),
  });
}

export const createUnitAudited = (store: Database, actor: AuditActor, f: UnitFields): Promise<number> => create(UNITS, store, actor, f);
/** Returns whether anything changed. */
export const updateUnitAudited = (store: Database, actor: AuditActor, unit: Unit, f: UnitFields): Promise<boolean> => update(UNITS, store, actor, unit, f);
export const createServiceAudited = (store: Database, actor: AuditActor, f: ServiceFields): Promise<number> => create(SERVICES, store, actor, f);
/** Returns whether anything changed. */
export const updateServiceAudited = (store: Database, actor: AuditActor, service: Service, f: ServiceFields): Promise<boolean> =>
  update(SERVICES, store, actor, service, f);

/** Whom a profile or population belongs to, for the audit row. */
export interface OwnerRef {
  owner: Owner;
  kind: 'unit' | 'service';
  id: number;
  code: string;
}

const entityOf = (ref: OwnerRef) => ({ kind: ref.kind, id: ref.id, code: ref.code });

/** Replaces the target profiles of every dimension given; returns whether anything changed. */
export function setProfilesAudited(store: Database, actor: AuditActor, ref: OwnerRef, shares: Record<Dimension, Record<string, number>>): Promise<boolean> {
  const given = Object.entries(shares) as Array<[Dimension, Record<string, number>]>;
  const all = Object.fromEntries(given.map(([d]) => [d, null]));
  return auditedUpdate(store, actor, {
    action: 'profile',
    entity: entityOf(ref),
    before: async (tx) => ({ ...all, ...(await ownTargetProfiles(tx, ref.owner)) }),
    after: () => Promise.resolve({ ...all, ...Object.fromEntries(given.filter(([, s]) => Object.keys(s).length)) }),
    write: async (tx) => {
      for (const [dim, s] of given) await setTargetProfile(tx, ref.owner, dim, s);
    },
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
  await audited(store, actor, async (tx) => {
    await setPopulation(tx, ref.owner, c.from, c.to, c.population);
    const details = { period: { from: c.from, to: c.to }, before: { population: c.before }, after: { population: c.population } };
    return { result: undefined, audit: [{ action: c.population === null ? 'population_delete' : 'population_set', entity: entityOf(ref), details }] };
  });
}
