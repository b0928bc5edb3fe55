import { randomBytes } from 'node:crypto';
import { ELEMENT_CODES } from '../indicators/types.js';
import type { Queryable } from './engine/index.js';
import type { Service } from './services.js';

// Counters (db/migrations/012-reach-tokens.sql): the places where a service is given. A counter
// link (kind 'link') has its own random token, printed on posters as /k/:token; a kiosk keeps one
// counter per service it offers (kind 'kiosk', see kiosk-tokens.ts). Tokens are not secrets (they
// are printed on paper) but unguessable: 128 random bits, never an editable number.

/** A link or kiosk in use, revoked by an officer, or past its expiry. */
export type TokenState = 'active' | 'revoked' | 'expired';

/** A new random token: 16 bytes (128 bits), 22 base64url characters. */
export function newReachToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Whether the text has the shape of a token (so a malformed one answers 404 without a query). */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{22,64}$/.test(token);
}

/** The state of a row with expires_at and revoked_at (UTC ISO instants) at `now`. */
export function tokenState(row: { expires_at: string | null; revoked_at: string | null }, now: Date = new Date()): TokenState {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at && row.expires_at <= now.toISOString()) return 'expired';
  return 'active';
}

export interface CounterRow {
  id: number;
  service_id: number;
  place: string;
  kind: 'link' | 'kiosk';
  token: string | null;
  created_at: string;
  created_by: number | null;
  expires_at: string | null;
  revoked_at: string | null;
}

const COUNTER_COLUMNS = 'c.id, c.service_id, c.place, c.kind, c.token, c.created_at, c.created_by, c.expires_at, c.revoked_at';

export interface NewCounterLink {
  serviceId: number;
  place: string;
  /** UTC instant (ISO 8601) after which the link answers 410; null: never */
  expiresAt?: string | null;
  createdBy?: number | null;
}

/** Creates a counter link with a fresh token. */
export async function createCounterLink(q: Queryable, c: NewCounterLink): Promise<{ id: number; token: string }> {
  const token = newReachToken();
  const id = await q.value<number>("INSERT INTO counters (service_id, place, kind, token, created_by, expires_at) VALUES (?, ?, 'link', ?, ?, ?) RETURNING id", [
    c.serviceId,
    c.place.trim(),
    token,
    c.createdBy ?? null,
    c.expiresAt ?? null,
  ]);
  return { id: Number(id), token };
}

export function getCounter(q: Queryable, id: number): Promise<CounterRow | undefined> {
  return q.get<CounterRow>(`SELECT ${COUNTER_COLUMNS} FROM counters c WHERE c.id = ?`, [id]);
}

/** Revokes a counter in use; false when it was revoked already (or does not exist). */
export async function revokeCounter(q: Queryable, id: number, now: Date = new Date()): Promise<boolean> {
  return (await q.run('UPDATE counters SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now.toISOString(), id])).changes > 0;
}

export interface CounterListRow extends CounterRow {
  /** every response that came through the counter (stored, whatever its date) */
  responses: number;
}

/** A service's counters of one kind with the responses each brought: in use first, newest first. */
export async function listCounters(q: Queryable, serviceId: number, kind: 'link' | 'kiosk' = 'link'): Promise<CounterListRow[]> {
  const rows = await q.all<CounterListRow>(
    `SELECT ${COUNTER_COLUMNS}, (SELECT count(*) FROM responses r WHERE r.counter_id = c.id AND r.excluded = 0) AS responses
       FROM counters c WHERE c.service_id = ? AND c.kind = ?
      ORDER BY CASE WHEN c.revoked_at IS NULL THEN 0 ELSE 1 END, c.created_at DESC, c.id DESC`,
    [serviceId, kind],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), service_id: Number(r.service_id), responses: Number(r.responses) }));
}

export interface CounterLookup {
  counter: CounterRow;
  service: Service;
  state: TokenState;
}

/** The counter link with this token, its service and state; undefined for an unknown token. */
export async function counterByToken(q: Queryable, token: string, now: Date = new Date()): Promise<CounterLookup | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const row = await q.get<CounterRow>(`SELECT ${COUNTER_COLUMNS} FROM counters c WHERE c.token = ? AND c.kind = 'link'`, [token]);
  if (!row) return undefined;
  const service = await q.get<Service>('SELECT id, unit_id, code, name_id, name_en, active, published, target_ikm, embed_origins, position FROM services WHERE id = ?', [row.service_id]);
  if (!service) return undefined;
  const counter = { ...row, id: Number(row.id), service_id: Number(row.service_id) };
  return { counter, service, state: tokenState(counter, now) };
}

export interface CounterTotalsRow {
  counter_id: number;
  /** responses (each answers at least one element) */
  n: number;
  /** per element: how many answered it and the sum of the answers */
  elements: Record<string, { n: number; sum: number }>;
}

/**
 * Per counter of a service, the responses with a local date in from..to (excluded ones left out):
 * their number and each element's count and sum, read from the responses through their counter index
 * (counters are an ad-hoc dimension without running totals; a service's counters are few).
 */
export async function counterTotals(q: Queryable, serviceId: number, from: string, to: string): Promise<CounterTotalsRow[]> {
  const cols = ELEMENT_CODES.map((c) => `e_${c.toLowerCase()}`);
  const rows = await q.all<Record<string, number | null>>(
    `SELECT r.counter_id, count(*) AS n, ${cols.map((c) => `count(r.${c}) AS ${c}_n, sum(r.${c}) AS ${c}_sum`).join(', ')}
       FROM responses r JOIN counters c ON c.id = r.counter_id
      WHERE c.service_id = ? AND r.service_id = ? AND r.local_date BETWEEN ? AND ? AND r.excluded = 0
      GROUP BY r.counter_id`,
    [serviceId, serviceId, from, to],
  );
  return rows.map((r) => ({
    counter_id: Number(r.counter_id),
    n: Number(r.n),
    elements: Object.fromEntries(ELEMENT_CODES.map((code, i) => [code, { n: Number(r[`${cols[i]}_n`] ?? 0), sum: Number(r[`${cols[i]}_sum`] ?? 0) }])),
  }));
}

/** Every counter of a service (links and kiosks' counters, in use or not), oldest first. */
export function serviceCounters(q: Queryable, serviceId: number): Promise<CounterRow[]> {
  return q.all<CounterRow>(`SELECT ${COUNTER_COLUMNS} FROM counters c WHERE c.service_id = ? ORDER BY c.created_at, c.id`, [serviceId]);
}

/** A service's responses with a local date in from..to (excluded ones left out). */
export async function serviceResponseTotal(q: Queryable, serviceId: number, from: string, to: string): Promise<number> {
  return Number((await q.value('SELECT count(*) FROM responses WHERE service_id = ? AND local_date BETWEEN ? AND ? AND excluded = 0', [serviceId, from, to])) ?? 0);
}
