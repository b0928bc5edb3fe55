import type { Db } from '../db.js';

export interface Agency {
  id: number;
  code: string;
  name_id: string;
  name_en: string;
  time_zone: string;
  min_group_size: number;
}

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
}

/** The name of a row in a language: name_<lang>, falling back to Indonesian. */
export function nameIn(row: { name_id: string; name_en: string }, lang: string): string {
  return lang === 'en' ? row.name_en : row.name_id;
}

export function getAgency(db: Db): Agency | undefined {
  return db.prepare('SELECT id, code, name_id, name_en, time_zone, min_group_size FROM agencies ORDER BY id LIMIT 1').get() as
    | Agency
    | undefined;
}

export function createAgency(db: Db, a: Omit<Agency, 'id' | 'min_group_size'> & { min_group_size?: number }): number {
  return Number(
    db
      .prepare('INSERT INTO agencies (code, name_id, name_en, time_zone, min_group_size) VALUES (?, ?, ?, ?, ?)')
      .run(a.code, a.name_id, a.name_en, a.time_zone, a.min_group_size ?? 5).lastInsertRowid,
  );
}

export interface NewUnit {
  agencyId: number;
  parentId: number | null;
  code: string;
  nameId: string;
  nameEn: string;
  published?: boolean;
  targetIkm?: number | null;
  position?: number;
}

export function createUnit(db: Db, u: NewUnit): number {
  return Number(
    db
      .prepare(
        `INSERT INTO units (agency_id, parent_id, code, name_id, name_en, published, target_ikm, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(u.agencyId, u.parentId, u.code, u.nameId, u.nameEn, u.published ? 1 : 0, u.targetIkm ?? null, u.position ?? 0)
      .lastInsertRowid,
  );
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

export function createService(db: Db, s: NewService): number {
  return Number(
    db
      .prepare(
        `INSERT INTO services (unit_id, code, name_id, name_en, active, published, target_ikm, embed_origins, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.unitId,
        s.code,
        s.nameId,
        s.nameEn,
        s.active === false ? 0 : 1,
        s.published ? 1 : 0,
        s.targetIkm ?? null,
        s.embedOrigins ?? '',
        s.position ?? 0,
      ).lastInsertRowid,
  );
}

const SERVICE_COLUMNS = 'id, unit_id, code, name_id, name_en, active, published, target_ikm, embed_origins, position';
const UNIT_COLUMNS = 'id, parent_id, code, name_id, name_en, active, published, target_ikm, position';

export function getServiceByCode(db: Db, code: string): Service | undefined {
  return db.prepare(`SELECT ${SERVICE_COLUMNS} FROM services WHERE code = ?`).get(code) as Service | undefined;
}

export function getUnit(db: Db, id: number): Unit | undefined {
  return db.prepare(`SELECT ${UNIT_COLUMNS} FROM units WHERE id = ?`).get(id) as Unit | undefined;
}

export function getUnitByCode(db: Db, code: string): Unit | undefined {
  return db.prepare(`SELECT ${UNIT_COLUMNS} FROM units WHERE code = ?`).get(code) as Unit | undefined;
}

export function listUnits(db: Db): Unit[] {
  return db.prepare(`SELECT ${UNIT_COLUMNS} FROM units ORDER BY position, id`).all() as Unit[];
}

export function listServices(db: Db): Service[] {
  return db.prepare(`SELECT ${SERVICE_COLUMNS} FROM services ORDER BY position, id`).all() as Service[];
}

export function listActiveServices(db: Db): Service[] {
  return db.prepare(`SELECT ${SERVICE_COLUMNS} FROM services WHERE active = 1 ORDER BY position, id`).all() as Service[];
}
