import type { Queryable } from './engine/index.js';

// What officers set on a unit or a service (the owner) besides its own fields: the target IKM and
// the published flag here; target profiles in profiles.ts, populations served in populations.ts.

export type Owner = { unitId: number } | { serviceId: number };

/**
 * The owner's condition on a table with unit_id and service_id (exactly one of them set) and its
 * parameter: one fixed statement text per kind of owner, so prepared statements are reused and the
 * SQL needs no `IS ?` (which PostgreSQL lacks).
 */
export function ownerWhere(owner: Owner): { where: string; id: number; kind: 'unit' | 'service' } {
  return 'unitId' in owner
    ? { where: 'unit_id = ? AND service_id IS NULL', id: owner.unitId, kind: 'unit' }
    : { where: 'service_id = ? AND unit_id IS NULL', id: owner.serviceId, kind: 'service' };
}

export async function setTarget(q: Queryable, owner: Owner, target: number | null): Promise<void> {
  if ('unitId' in owner) await q.run('UPDATE units SET target_ikm = ? WHERE id = ?', [target, owner.unitId]);
  else await q.run('UPDATE services SET target_ikm = ? WHERE id = ?', [target, owner.serviceId]);
}

export async function setPublished(q: Queryable, owner: Owner, published: boolean): Promise<void> {
  if ('unitId' in owner) await q.run('UPDATE units SET published = ? WHERE id = ?', [published ? 1 : 0, owner.unitId]);
  else await q.run('UPDATE services SET published = ? WHERE id = ?', [published ? 1 : 0, owner.serviceId]);
}
