import { inList, type Queryable } from './engine/index.js';
import { isTokenShaped, newReachToken, tokenState, type TokenState } from './counters.js';

// Kiosks (db/migrations/012-reach-tokens.sql): a token binds a tablet to one service or to several
// services of one unit's place. Each service the kiosk offers gets its own counter (kind 'kiosk', no
// token of its own), so reach and IKM per counter cover kiosks too. The optional PIN (which an
// officer types to leave kiosk mode) is stored as argon2id, like passwords.

export interface KioskRow {
  id: number;
  unit_id: number;
  place: string;
  token: string;
  pin_hash: string | null;
  created_at: string;
  created_by: number | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface KioskService {
  serviceId: number;
  code: string;
  nameId: string;
  nameEn: string;
  /** whether the service is active (an inactive one is closed on the kiosk as on /s/) */
  active: boolean;
  counterId: number;
  position: number;
}

export interface NewKiosk {
  unitId: number;
  place: string;
  /** the services offered, in the order shown; all of unitId (checked by the caller) */
  serviceIds: readonly number[];
  /** from hashKioskPin, made before the transaction (hashing is slow); null: no PIN */
  pinHash?: string | null;
  expiresAt?: string | null;
  createdBy?: number | null;
}

const KIOSK_COLUMNS = 'k.id, k.unit_id, k.place, k.token, k.pin_hash, k.created_at, k.created_by, k.expires_at, k.revoked_at';

/** Creates a kiosk and one counter of kind 'kiosk' per service; call inside a transaction. */
export async function createKiosk(q: Queryable, k: NewKiosk): Promise<{ id: number; token: string }> {
  if (k.serviceIds.length === 0) throw new RangeError('a kiosk offers at least one service');
  const token = newReachToken();
  const place = k.place.trim();
  const id = Number(
    await q.value<number>('INSERT INTO kiosks (unit_id, place, token, pin_hash, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id', [
      k.unitId,
      place,
      token,
      k.pinHash ?? null,
      k.createdBy ?? null,
      k.expiresAt ?? null,
    ]),
  );
  for (const [position, serviceId] of k.serviceIds.entries()) {
    const counterId = await q.value<number>(
      "INSERT INTO counters (service_id, place, kind, token, created_by, expires_at) VALUES (?, ?, 'kiosk', NULL, ?, ?) RETURNING id",
      [serviceId, place, k.createdBy ?? null, k.expiresAt ?? null],
    );
    await q.run('INSERT INTO kiosk_services (kiosk_id, service_id, counter_id, position) VALUES (?, ?, ?, ?)', [id, serviceId, Number(counterId), position]);
  }
  return { id, token };
}

export function getKiosk(q: Queryable, id: number): Promise<KioskRow | undefined> {
  return q.get<KioskRow>(`SELECT ${KIOSK_COLUMNS} FROM kiosks k WHERE k.id = ?`, [id]);
}

/** Revokes a kiosk and its counters; false when it was revoked already (or does not exist). */
export async function revokeKiosk(q: Queryable, id: number, now: Date = new Date()): Promise<boolean> {
  const at = now.toISOString();
  const changed = (await q.run('UPDATE kiosks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])).changes > 0;
  if (changed) {
    await q.run('UPDATE counters SET revoked_at = ? WHERE revoked_at IS NULL AND id IN (SELECT counter_id FROM kiosk_services WHERE kiosk_id = ?)', [at, id]);
  }
  return changed;
}

/** The services of these kiosks, in each kiosk's order. */
async function servicesOf(q: Queryable, kioskIds: readonly number[]): Promise<Map<number, KioskService[]>> {
  const rows = await q.all<{ kiosk_id: number; service_id: number; code: string; name_id: string; name_en: string; active: number; counter_id: number; position: number }>(
    `SELECT ks.kiosk_id, ks.service_id, s.code, s.name_id, s.name_en, s.active, ks.counter_id, ks.position
       FROM kiosk_services ks JOIN services s ON s.id = ks.service_id
      WHERE ${inList(q.engine, 'ks.kiosk_id')} ORDER BY ks.kiosk_id, ks.position, ks.service_id`,
    [JSON.stringify(kioskIds)],
  );
  const byKiosk = new Map<number, KioskService[]>();
  for (const r of rows) {
    const list = byKiosk.get(Number(r.kiosk_id)) ?? [];
    list.push({
      serviceId: Number(r.service_id),
      code: r.code,
      nameId: r.name_id,
      nameEn: r.name_en,
      active: Number(r.active) === 1,
      counterId: Number(r.counter_id),
      position: Number(r.position),
    });
    byKiosk.set(Number(r.kiosk_id), list);
  }
  return byKiosk;
}

export interface KioskLookup {
  kiosk: KioskRow;
  services: KioskService[];
  state: TokenState;
}

/** The kiosk with this token, its services (with their counter ids) and state; undefined when unknown. */
export async function kioskByToken(q: Queryable, token: string, now: Date = new Date()): Promise<KioskLookup | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const row = await q.get<KioskRow>(`SELECT ${KIOSK_COLUMNS} FROM kiosks k WHERE k.token = ?`, [token]);
  if (!row) return undefined;
  const kiosk = { ...row, id: Number(row.id), unit_id: Number(row.unit_id) };
  const services = (await servicesOf(q, [kiosk.id])).get(kiosk.id) ?? [];
  return { kiosk, services, state: tokenState(kiosk, now) };
}

export interface KioskListRow extends KioskLookup {
  /** responses through the kiosk's counters, all services */
  responses: number;
  /** responses through the kiosk's counter of the service asked about */
  responsesHere: number;
}

/** Kiosks offering this service (in use first, newest first), with their services and responses. */
export async function listKiosksOfService(q: Queryable, serviceId: number, now: Date = new Date()): Promise<KioskListRow[]> {
  const rows = await q.all<KioskRow & { responses: number; responses_here: number }>(
    `SELECT ${KIOSK_COLUMNS},
            (SELECT count(*) FROM responses r JOIN kiosk_services a ON a.counter_id = r.counter_id WHERE a.kiosk_id = k.id AND r.excluded = 0) AS responses,
            (SELECT count(*) FROM responses r WHERE r.counter_id = ks.counter_id AND r.excluded = 0) AS responses_here
       FROM kiosks k JOIN kiosk_services ks ON ks.kiosk_id = k.id
      WHERE ks.service_id = ?
      ORDER BY CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END, k.created_at DESC, k.id DESC`,
    [serviceId],
  );
  const services = await servicesOf(
    q,
    rows.map((r) => Number(r.id)),
  );
  return rows.map(({ responses, responses_here, ...row }) => {
    const kiosk = { ...row, id: Number(row.id), unit_id: Number(row.unit_id) };
    return { kiosk, services: services.get(kiosk.id) ?? [], state: tokenState(kiosk, now), responses: Number(responses), responsesHere: Number(responses_here) };
  });
}
