import type { Db } from '../db.js';
import type { Owner } from './scope.js';

// SQL the management pages need beyond server/data/org.ts and scope.ts (changes to units and
// services, populations listed per owner, one API token). Plain (db, args) functions.

export interface UnitFields {
  parentId: number | null;
  code: string;
  nameId: string;
  nameEn: string;
  active: boolean;
  published: boolean;
  targetIkm: number | null;
}

export function updateUnit(db: Db, id: number, u: UnitFields): void {
  db.prepare(
    `UPDATE units SET parent_id = ?, code = ?, name_id = ?, name_en = ?, active = ?, published = ?, target_ikm = ? WHERE id = ?`,
  ).run(u.parentId, u.code, u.nameId, u.nameEn, u.active ? 1 : 0, u.published ? 1 : 0, u.targetIkm, id);
}

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

export function updateService(db: Db, id: number, s: ServiceFields): void {
  db.prepare(
    `UPDATE services SET unit_id = ?, code = ?, name_id = ?, name_en = ?, active = ?, published = ?, target_ikm = ?, embed_origins = ?
      WHERE id = ?`,
  ).run(s.unitId, s.code, s.nameId, s.nameEn, s.active ? 1 : 0, s.published ? 1 : 0, s.targetIkm, s.embedOrigins, id);
}

export function unitCodeTaken(db: Db, code: string, exceptId: number | null = null): boolean {
  return db.prepare('SELECT 1 FROM units WHERE code = ? AND id IS NOT ?').get(code, exceptId) !== undefined;
}

export function serviceCodeTaken(db: Db, code: string, exceptId: number | null = null): boolean {
  return db.prepare('SELECT 1 FROM services WHERE code = ? AND id IS NOT ?').get(code, exceptId) !== undefined;
}

/** Active units and services directly below a unit. */
export function activeChildren(db: Db, unitId: number): number {
  return db
    .prepare('SELECT (SELECT COUNT(*) FROM units WHERE parent_id = ? AND active = 1) + (SELECT COUNT(*) FROM services WHERE unit_id = ? AND active = 1)')
    .pluck()
    .get(unitId, unitId) as number;
}

export interface PopulationRow {
  period_from: string;
  period_to: string;
  population: number;
}

/** The populations entered for one unit or service, latest period first. */
export function listPopulations(db: Db, owner: Owner): PopulationRow[] {
  const [unitId, serviceId] = 'unitId' in owner ? [owner.unitId, null] : [null, owner.serviceId];
  return db
    .prepare(
      `SELECT period_from, period_to, population FROM populations WHERE unit_id IS ? AND service_id IS ?
        ORDER BY period_from DESC, period_to DESC`,
    )
    .all(unitId, serviceId) as PopulationRow[];
}

export interface TokenRow {
  id: number;
  unit_id: number;
  name: string;
  revoked_at: string | null;
}

export function getApiToken(db: Db, id: number): TokenRow | undefined {
  return db.prepare('SELECT id, unit_id, name, revoked_at FROM api_tokens WHERE id = ?').get(id) as TokenRow | undefined;
}
