import type { Queryable } from './engine/index.js';

// Services: what citizens rate, each in one unit.

export interface Service {
  id: number;
  unit_id: number;
  code: string;
  name_id: string;
  name_en: string;
  active: number;
  published: number;
  target_ikm: number | null;
  embed_origins: string;
  position: number;
  /** 1: the survey asks how the visit ended (migration 013) */
  ask_end_state: number;
}

const SERVICE_COLUMNS = 'id, unit_id, code, name_id, name_en, active, published, target_ikm, embed_origins, position, ask_end_state';

export function getServiceByCode(q: Queryable, code: string): Promise<Service | undefined> {
  return q.get<Service>(`SELECT ${SERVICE_COLUMNS} FROM services WHERE code = ?`, [code]);
}

export function listServices(q: Queryable): Promise<Service[]> {
  return q.all<Service>(`SELECT ${SERVICE_COLUMNS} FROM services ORDER BY position, id`);
}

export interface NewService {
  unitId: number;
  code: string;
  nameId: string;
  nameEn: string;
  active?: boolean;
  published?: boolean;
  targetIkm?: number | null;
  embedOrigins?: string;
  position?: number;
}

/** Inserts a service; returns its id. */
export async function createService(q: Queryable, s: NewService): Promise<number> {
  const id = await q.value<number>(
    `INSERT INTO services (unit_id, code, name_id, name_en, active, published, target_ikm, embed_origins, position)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [s.unitId, s.code, s.nameId, s.nameEn, s.active === false ? 0 : 1, s.published ? 1 : 0, s.targetIkm ?? null, s.embedOrigins ?? '', s.position ?? 0],
  );
  return Number(id);
}

/** A service's fields as the management form sets them. */
export interface ServiceFields {
  unitId: number;
  code: string;
  nameId: string;
  nameEn: string;
  active: boolean;
  published: boolean;
  targetIkm: number | null;
  embedOrigins: string;
}

export async function updateService(q: Queryable, id: number, s: ServiceFields): Promise<void> {
  await q.run(
    'UPDATE services SET unit_id = ?, code = ?, name_id = ?, name_en = ?, active = ?, published = ?, target_ikm = ?, embed_origins = ? WHERE id = ?',
    [s.unitId, s.code, s.nameId, s.nameEn, s.active ? 1 : 0, s.published ? 1 : 0, s.targetIkm, s.embedOrigins, id],
  );
}

/** Whether another service (not exceptId) has this code. */
export async function serviceCodeTaken(q: Queryable, code: string, exceptId: number | null = null): Promise<boolean> {
  const row =
    exceptId === null
      ? await q.value('SELECT 1 FROM services WHERE code = ?', [code])
      : await q.value('SELECT 1 FROM services WHERE code = ? AND id <> ?', [code, exceptId]);
  return row !== undefined;
}

/** Services (active or not: their history counts) in a unit's subtree. */
export async function subtreeServiceIds(q: Queryable, unitId: number): Promise<number[]> {
  const rows = await q.all<{ id: number }>(
    `WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
     SELECT s.id FROM services s JOIN sub ON s.unit_id = sub.id ORDER BY s.position, s.id`,
    [unitId],
  );
  return rows.map((r) => r.id);
}
