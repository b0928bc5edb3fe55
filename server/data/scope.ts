import type { Db } from '../db.js';
import type { Dimension } from '../survey/profile.js';

// Scopes (a service, a unit's subtree, the agency) and what officers set on them:
// targets, target profiles, populations served and the published flag.

export type Owner = { unitId: number } | { serviceId: number };

const ownerCols = (o: Owner): [number | null, number | null] => ('unitId' in o ? [o.unitId, null] : [null, o.serviceId]);

/** The unit and every unit below it, at any depth. */
export function subtreeUnitIds(db: Db, unitId: number): number[] {
  return db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
       SELECT id FROM sub`,
    )
    .pluck()
    .all(unitId) as number[];
}

/** Services (active or not: their history counts) in a unit's subtree. */
export function subtreeServiceIds(db: Db, unitId: number): number[] {
  return db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
       SELECT s.id FROM services s JOIN sub ON s.unit_id = sub.id ORDER BY s.position, s.id`,
    )
    .pluck()
    .all(unitId) as number[];
}

/** A unit and its ancestors up to the root, nearest first. */
export function unitChain(db: Db, unitId: number): Array<{ id: number; target_ikm: number | null; parent_id: number | null }> {
  return db
    .prepare(
      `WITH RECURSIVE up(id, parent_id, target_ikm, depth) AS (
         SELECT id, parent_id, target_ikm, 0 FROM units WHERE id = ?
         UNION ALL SELECT u.id, u.parent_id, u.target_ikm, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id)
       SELECT id, parent_id, target_ikm FROM up ORDER BY depth`,
    )
    .all(unitId) as Array<{ id: number; target_ikm: number | null; parent_id: number | null }>;
}

export function rootUnit(db: Db): { id: number; code: string } | undefined {
  return db.prepare('SELECT id, code FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1').get() as { id: number; code: string } | undefined;
}

export function setTarget(db: Db, owner: Owner, target: number | null): void {
  if ('unitId' in owner) db.prepare('UPDATE units SET target_ikm = ? WHERE id = ?').run(target, owner.unitId);
  else db.prepare('UPDATE services SET target_ikm = ? WHERE id = ?').run(target, owner.serviceId);
}

export function setPublished(db: Db, owner: Owner, published: boolean): void {
  if ('unitId' in owner) db.prepare('UPDATE units SET published = ? WHERE id = ?').run(published ? 1 : 0, owner.unitId);
  else db.prepare('UPDATE services SET published = ? WHERE id = ?').run(published ? 1 : 0, owner.serviceId);
}

/** Replaces the target profile of one dimension (shares by group; an empty object clears it). */
export function setTargetProfile(db: Db, owner: Owner, dimension: Dimension, shares: Record<string, number>): void {
  const [unitId, serviceId] = ownerCols(owner);
  db.transaction(() => {
    db.prepare('DELETE FROM target_profiles WHERE unit_id IS ? AND service_id IS ? AND dimension = ?').run(unitId, serviceId, dimension);
    const insert = db.prepare('INSERT INTO target_profiles (unit_id, service_id, dimension, grp, share) VALUES (?, ?, ?, ?, ?)');
    for (const [grp, share] of Object.entries(shares)) insert.run(unitId, serviceId, dimension, grp, share);
  })();
}

/** The owner's own target profile of each dimension that has one. */
export function ownTargetProfiles(db: Db, owner: Owner): Partial<Record<Dimension, Record<string, number>>> {
  const [unitId, serviceId] = ownerCols(owner);
  const rows = db
    .prepare('SELECT dimension, grp, share FROM target_profiles WHERE unit_id IS ? AND service_id IS ?')
    .all(unitId, serviceId) as Array<{ dimension: Dimension; grp: string; share: number }>;
  const out: Partial<Record<Dimension, Record<string, number>>> = {};
  for (const r of rows) (out[r.dimension] ??= {})[r.grp] = r.share;
  return out;
}

/** Sets (or with null, removes) the users served in a period. */
export function setPopulation(db: Db, owner: Owner, from: string, to: string, population: number | null): void {
  const [unitId, serviceId] = ownerCols(owner);
  db.transaction(() => {
    db.prepare('DELETE FROM populations WHERE unit_id IS ? AND service_id IS ? AND period_from = ? AND period_to = ?').run(unitId, serviceId, from, to);
    if (population !== null) {
      db.prepare('INSERT INTO populations (unit_id, service_id, period_from, period_to, population) VALUES (?, ?, ?, ?, ?)').run(unitId, serviceId, from, to, population);
    }
  })();
}

/** Users served in exactly this period as entered for the owner, or undefined. */
export function ownPopulation(db: Db, owner: Owner, from: string, to: string): number | undefined {
  const [unitId, serviceId] = ownerCols(owner);
  return db
    .prepare('SELECT population FROM populations WHERE unit_id IS ? AND service_id IS ? AND period_from = ? AND period_to = ?')
    .pluck()
    .get(unitId, serviceId, from, to) as number | undefined;
}

/** The sum of the populations entered for these services in exactly this period; null when none was entered. */
export function servicesPopulation(db: Db, serviceIds: number[], from: string, to: string): number | null {
  return db
    .prepare(
      `SELECT SUM(population) FROM populations
        WHERE service_id IN (SELECT value FROM json_each(?)) AND period_from = ? AND period_to = ?`,
    )
    .pluck()
    .get(JSON.stringify(serviceIds), from, to) as number | null;
}
