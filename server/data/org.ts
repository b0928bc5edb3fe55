import type { Db } from '../db.js';
import type { Agency } from './agency.js';
import type { NewService, Service } from './services.js';
import type { NewUnit, Unit } from './units.js';

// The first, synchronous org reads and writes, still used by areas not yet on the async data layer
// (survey, results, dashboard, auth, api, home, demo, cli, tests). The async ones live in agency.ts,
// units.ts and services.ts; the row types are theirs.
export type { Agency, Service, Unit };

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

export function createUnit(db: Db, u: NewUnit): number {
  return Number(
    db
      .prepare(
        `INSERT INTO units (agency_id, parent_id, code, name_id, name_en, active, published, target_ikm, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(u.agencyId, u.parentId, u.code, u.nameId, u.nameEn, u.active === false ? 0 : 1, u.published ? 1 : 0, u.targetIkm ?? null, u.position ?? 0)
      .lastInsertRowid,
  );
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

export function getUnitByCode(db: Db, code: string): Unit | undefined {
  return db.prepare(`SELECT ${UNIT_COLUMNS} FROM units WHERE code = ?`).get(code) as Unit | undefined;
}
