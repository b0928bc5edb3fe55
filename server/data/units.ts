import type { Queryable } from './engine/index.js';

// Units: the agency's tree of any depth (the root has no parent).

export interface Unit {
  id: number;
  parent_id: number | null;
  code: string;
  name_id: string;
  name_en: string;
  active: number;
  published: number;
  target_ikm: number | null;
  position: number;
}

const UNIT_COLUMNS = 'id, parent_id, code, name_id, name_en, active, published, target_ikm, position';

export function getUnit(q: Queryable, id: number): Promise<Unit | undefined> {
  return q.get<Unit>(`SELECT ${UNIT_COLUMNS} FROM units WHERE id = ?`, [id]);
}

export function getUnitByCode(q: Queryable, code: string): Promise<Unit | undefined> {
  return q.get<Unit>(`SELECT ${UNIT_COLUMNS} FROM units WHERE code = ?`, [code]);
}

export function listUnits(q: Queryable): Promise<Unit[]> {
  return q.all<Unit>(`SELECT ${UNIT_COLUMNS} FROM units ORDER BY position, id`);
}

/** The unit and every unit below it, at any depth. */
export async function subtreeUnitIds(q: Queryable, unitId: number): Promise<number[]> {
  const rows = await q.all<{ id: number }>(
    `WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
     SELECT id FROM sub`,
    [unitId],
  );
  return rows.map((r) => r.id);
}

export interface NewUnit {
  agencyId: number;
  parentId: number | null;
  code: string;
  nameId: string;
  nameEn: string;
  active?: boolean;
  published?: boolean;
  targetIkm?: number | null;
  position?: number;
}

/** Inserts a unit; returns its id. */
export async function createUnit(q: Queryable, u: NewUnit): Promise<number> {
  const id = await q.value<number>(
    `INSERT INTO units (agency_id, parent_id, code, name_id, name_en, active, published, target_ikm, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [u.agencyId, u.parentId, u.code, u.nameId, u.nameEn, u.active === false ? 0 : 1, u.published ? 1 : 0, u.targetIkm ?? null, u.position ?? 0],
  );
  return Number(id);
}

/** A unit's fields as the management form sets them. */
export interface UnitFields {
  parentId: number | null;
  code: string;
  nameId: string;
  nameEn: string;
  active: boolean;
  published: boolean;
  targetIkm: number | null;
}

export async function updateUnit(q: Queryable, id: number, u: UnitFields): Promise<void> {
  await q.run('UPDATE units SET parent_id = ?, code = ?, name_id = ?, name_en = ?, active = ?, published = ?, target_ikm = ? WHERE id = ?', [
    u.parentId,
    u.code,
    u.nameId,
    u.nameEn,
    u.active ? 1 : 0,
    u.published ? 1 : 0,
    u.targetIkm,
    id,
  ]);
}

/** Whether another unit (not exceptId) has this code. */
export async function unitCodeTaken(q: Queryable, code: string, exceptId: number | null = null): Promise<boolean> {
  const row =
    exceptId === null
      ? await q.value('SELECT 1 FROM units WHERE code = ?', [code])
      : await q.value('SELECT 1 FROM units WHERE code = ? AND id <> ?', [code, exceptId]);
  return row !== undefined;
}

/** Active units and services directly below a unit. */
export async function activeChildren(q: Queryable, unitId: number): Promise<number> {
  const n = await q.value<number>(
    'SELECT (SELECT COUNT(*) FROM units WHERE parent_id = ? AND active = 1) + (SELECT COUNT(*) FROM services WHERE unit_id = ? AND active = 1)',
    [unitId, unitId],
  );
  return Number(n ?? 0);
}

/** A unit and its ancestors up to the root, nearest first (with the targets they set: the nearest one counts). */
export function unitChain(q: Queryable, unitId: number): Promise<Array<{ id: number; target_ikm: number | null; parent_id: number | null }>> {
  return q.all(
    `WITH RECURSIVE up(id, parent_id, target_ikm, depth) AS (
       SELECT id, parent_id, target_ikm, 0 FROM units WHERE id = ?
       UNION ALL SELECT u.id, u.parent_id, u.target_ikm, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id)
     SELECT id, parent_id, target_ikm FROM up ORDER BY depth`,
    [unitId],
  );
}

/** The agency's top unit. */
export function rootUnit(q: Queryable): Promise<{ id: number; code: string } | undefined> {
  return q.get('SELECT id, code FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1');
}
