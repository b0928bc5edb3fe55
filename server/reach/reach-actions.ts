import type { AuditActor } from '../data/audit.js';
import { createCounterLink, revokeCounter, type CounterRow } from '../data/counters.js';
import type { Database } from '../data/engine/index.js';
import { createKiosk, revokeKiosk, type KioskRow } from '../data/kiosk-tokens.js';
import { hashKioskPin } from '../auth/kiosk-pin.js';
import type { Service } from '../data/services.js';
import { audited } from '../manage/audited.js';
import { updateServiceAudited } from '../manage/services/changes.js';

// Every change on the reach page, with its audit row in the same transaction. Audit rows name the
// service and the place, never a token or a PIN (only whether a PIN was set).

export function createCounterAudited(store: Database, actor: AuditActor, service: Service, c: { place: string; expiresAt: string | null }) {
  return audited(store, actor, async (tx) => {
    const made = await createCounterLink(tx, { serviceId: service.id, place: c.place, expiresAt: c.expiresAt, createdBy: actor.userId });
    const details = { after: { service: service.code, place: c.place, expires_at: c.expiresAt } };
    return { result: made, audit: [{ action: 'create', entity: { kind: 'counter', id: made.id, code: service.code }, details }] };
  });
}

/** Revokes a counter link; false when it was revoked already (nothing recorded then). */
export function revokeCounterAudited(store: Database, actor: AuditActor, service: Service, counter: CounterRow) {
  return audited(store, actor, async (tx) => {
    const done = await revokeCounter(tx, counter.id);
    const details = { before: { place: counter.place, revoked: false }, after: { place: counter.place, revoked: true } };
    return { result: done, audit: done ? [{ action: 'revoke', entity: { kind: 'counter', id: counter.id, code: service.code }, details }] : [] };
  });
}

export interface NewKioskInput {
  unitId: number;
  place: string;
  pin: string | null;
  /** the services offered, in order */
  services: Service[];
  expiresAt: string | null;
}

export async function createKioskAudited(store: Database, actor: AuditActor, k: NewKioskInput) {
  // hashing is slow: before the transaction (audited.ts)
  const pinHash = k.pin === null ? null : await hashKioskPin(k.pin);
  return audited(store, actor, async (tx) => {
    const made = await createKiosk(tx, {
      unitId: k.unitId,
      place: k.place,
      serviceIds: k.services.map((s) => s.id),
      pinHash,
      expiresAt: k.expiresAt,
      createdBy: actor.userId,
    });
    const details = { after: { place: k.place, services: k.services.map((s) => s.code), pin: pinHash !== null, expires_at: k.expiresAt } };
    return { result: made, audit: [{ action: 'create', entity: { kind: 'kiosk', id: made.id, code: k.services[0]?.code ?? null }, details }] };
  });
}

export function revokeKioskAudited(store: Database, actor: AuditActor, kiosk: KioskRow, serviceCode: string) {
  return audited(store, actor, async (tx) => {
    const done = await revokeKiosk(tx, kiosk.id);
    const details = { before: { place: kiosk.place, revoked: false }, after: { place: kiosk.place, revoked: true } };
    return { result: done, audit: done ? [{ action: 'revoke', entity: { kind: 'kiosk', id: kiosk.id, code: serviceCode }, details }] : [] };
  });
}

/** Sets the service's allowed origins (canonical, space-separated); true when they changed. */
export function saveOriginsAudited(store: Database, actor: AuditActor, s: Service, origins: string): Promise<boolean> {
  return updateServiceAudited(store, actor, s, {
    unitId: s.unit_id,
    code: s.code,
    nameId: s.name_id,
    nameEn: s.name_en,
    active: s.active === 1,
    published: s.published === 1,
    targetIkm: s.target_ikm,
    embedOrigins: origins,
  });
}
