import type { Db } from '../db.js';

// The first, synchronous tree reads, still used by code not yet on the async data layer. The async
// ones (and the targets, profiles and populations) live in units.ts, services.ts, targets.ts,
// profiles.ts and populations.ts.

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
