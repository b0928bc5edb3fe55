import type { AuditActor } from '../../data/audit.js';
import { getAgency } from '../../data/agency.js';
import type { Database, Queryable } from '../../data/engine/index.js';
import { createUnit, updateUnit, type Unit, type UnitFields } from '../../data/units.js';
import { auditedCreate, auditedUpdate } from '../audited.js';
import { flagsOf, namesOf, rowFields, unitCodeOf } from '../org-fields.js';

// Changes to units, through the one audited-change helper (../audited.ts).

const snapshot = async (q: Queryable, f: UnitFields) => ({ ...namesOf(f), parent: await unitCodeOf(q, f.parentId), ...flagsOf(f) });

export function createUnitAudited(store: Database, actor: AuditActor, f: UnitFields): Promise<number> {
  return auditedCreate(store, actor, {
    kind: 'unit',
    code: f.code,
    insert: async (tx) => {
      const agency = await getAgency(tx);
      if (!agency) throw new Error('no agency');
      return createUnit(tx, { agencyId: agency.id, ...f });
    },
    after: (tx) => snapshot(tx, f),
  });
}

/** Returns whether anything changed. */
export function updateUnitAudited(store: Database, actor: AuditActor, unit: Unit, f: UnitFields): Promise<boolean> {
  return auditedUpdate(store, actor, {
    entity: { kind: 'unit', id: unit.id, code: f.code },
    before: (tx) => snapshot(tx, { parentId: unit.parent_id, ...rowFields(unit) }),
    after: (tx) => snapshot(tx, f),
    write: (tx) => updateUnit(tx, unit.id, f),
  });
}
