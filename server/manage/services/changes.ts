import type { AuditActor } from '../../data/audit.js';
import type { Database, Queryable } from '../../data/engine/index.js';
import { createService, updateService, type Service, type ServiceFields } from '../../data/services.js';
import { auditedCreate, auditedUpdate } from '../audited.js';
import { flagsOf, namesOf, rowFields, unitCodeOf } from '../org-fields.js';

// Changes to services, through the one audited-change helper (../audited.ts).

const snapshot = async (q: Queryable, f: ServiceFields) => ({
  ...namesOf(f),
  unit: await unitCodeOf(q, f.unitId),
  ...flagsOf(f),
  embed_origins: f.embedOrigins,
});

export function createServiceAudited(store: Database, actor: AuditActor, f: ServiceFields): Promise<number> {
  return auditedCreate(store, actor, { kind: 'service', code: f.code, insert: (tx) => createService(tx, f), after: (tx) => snapshot(tx, f) });
}

/** Returns whether anything changed. */
export function updateServiceAudited(store: Database, actor: AuditActor, service: Service, f: ServiceFields): Promise<boolean> {
  return auditedUpdate(store, actor, {
    entity: { kind: 'service', id: service.id, code: f.code },
    before: (tx) => snapshot(tx, { unitId: service.unit_id, ...rowFields(service), embedOrigins: service.embed_origins }),
    after: (tx) => snapshot(tx, f),
    write: (tx) => updateService(tx, service.id, f),
  });
}
