import type { Dimension } from '../vocabulary/profile.js';
import type { Queryable } from './engine/index.js';
import { ownerWhere, type Owner } from './targets.js';

// Target profiles (kelompok sasaran): per owner and dimension, the expected share of each group.

/**
 * Replaces the target profile of one dimension (shares by group; an empty object clears it). Call
 * it with a transaction, so the delete and the inserts land together.
 */
export async function setTargetProfile(tx: Queryable, owner: Owner, dimension: Dimension, shares: Record<string, number>): Promise<void> {
  const o = ownerWhere(owner);
  await tx.run(`DELETE FROM target_profiles WHERE ${o.where} AND dimension = ?`, [o.id, dimension]);
  const insert =
    o.kind === 'unit'
      ? 'INSERT INTO target_profiles (unit_id, service_id, dimension, grp, share) VALUES (?, NULL, ?, ?, ?)'
      : 'INSERT INTO target_profiles (unit_id, service_id, dimension, grp, share) VALUES (NULL, ?, ?, ?, ?)';
  for (const [grp, share] of Object.entries(shares)) await tx.run(insert, [o.id, dimension, grp, share]);
}

/** The owner's own target profile of each dimension that has one. */
export async function ownTargetProfiles(q: Queryable, owner: Owner): Promise<Partial<Record<Dimension, Record<string, number>>>> {
  const o = ownerWhere(owner);
  const rows = await q.all<{ dimension: Dimension; grp: string; share: number }>(`SELECT dimension, grp, share FROM target_profiles WHERE ${o.where}`, [o.id]);
  const out: Partial<Record<Dimension, Record<string, number>>> = {};
  for (const r of rows) (out[r.dimension] ??= {})[r.grp] = r.share;
  return out;
}
