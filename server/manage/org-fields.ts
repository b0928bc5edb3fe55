import type { Queryable } from '../data/engine/index.js';
import type { Service, ServiceFields } from '../data/services.js';
import { getUnit, type Unit, type UnitFields } from '../data/units.js';

// What units and services share in their audit snapshots and forms: code, names, flags, target.
// Snapshots name units by code, not id, so an audit row reads on its own.

export const unitCodeOf = async (q: Queryable, id: number | null): Promise<string | null> => (id === null ? null : ((await getUnit(q, id))?.code ?? null));

/** The fields both snapshots start with and end with. */
export const namesOf = (f: UnitFields | ServiceFields) => ({ code: f.code, name_id: f.nameId, name_en: f.nameEn });
export const flagsOf = (f: UnitFields | ServiceFields) => ({ active: f.active, published: f.published, target_ikm: f.targetIkm });

/** A stored unit or service as the fields its form writes. */
export const rowFields = (r: Unit | Service) => ({
  code: r.code,
  nameId: r.name_id,
  nameEn: r.name_en,
  active: r.active === 1,
  published: r.published === 1,
  targetIkm: r.target_ikm,
});
