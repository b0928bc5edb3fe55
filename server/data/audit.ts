import { bumpCacheVersion } from './cache-version.js';
import type { Queryable } from './engine/index.js';

// The audit log (db/migrations/004-audit.sql): one append-only row per management change.
// Call recordAudit() inside the same transaction as the change it records.

/** Who made a change: the signed-in officer (res.locals.officer fits), or null for the system. */
export interface AuditActor {
  userId: number;
  email: string;
}

/** What was changed. kind: 'unit' | 'service' | 'user' | 'token' (free text: other features may add kinds). */
export interface AuditEntity {
  kind: string;
  id?: number | null;
  code?: string | null;
}

export const AUDIT_KINDS = ['unit', 'service', 'user', 'token', 'agency', 'publication', 'counter', 'kiosk', 'followup_action', 'report_draft', 'response'] as const;

/** Appends one row; details is stored as JSON (usually { before, after }). Call it with the transaction of the change it records; returns the row id. */
export async function recordAudit(tx: Queryable, actor: AuditActor | null, action: string, entity: AuditEntity, details: object = {}): Promise<number> {
  const id = await tx.value<number>(
    `INSERT INTO audit_log (user_id, user_email, action, entity_kind, entity_id, entity_code, details)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [actor?.userId ?? null, actor?.email ?? null, action, entity.kind, entity.id ?? null, entity.code ?? null, JSON.stringify(details)],
  );
  // every audited change may change a cached page or public result: they rebuild under the new version
  await bumpCacheVersion(tx);
  return Number(id);
}

/** The id of the newest audit row (0 when none): it moves with every management change and republication. */
export async function lastAuditId(q: Queryable): Promise<number> {
  return (await q.value<number>('SELECT COALESCE(MAX(id), 0) FROM audit_log')) ?? 0;
}

export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  user_email: string | null;
  action: string;
  entity_kind: string;
  entity_id: number | null;
  entity_code: string | null;
  details: string;
}

export interface AuditQuery {
  kind?: string | null;
  limit: number;
  offset: number;
}

const AUDIT_COLUMNS = 'id, at, user_id, user_email, action, entity_kind, entity_id, entity_code, details';

/** Rows newest first, optionally of one entity kind. */
export function listAudit(q: Queryable, a: AuditQuery): Promise<AuditRow[]> {
  return a.kind
    ? q.all<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE entity_kind = ? ORDER BY id DESC LIMIT ? OFFSET ?`, [a.kind, a.limit, a.offset])
    : q.all<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?`, [a.limit, a.offset]);
}

export async function countAudit(q: Queryable, kind: string | null = null): Promise<number> {
  const n = kind ? await q.value<number>('SELECT COUNT(*) FROM audit_log WHERE entity_kind = ?', [kind]) : await q.value<number>('SELECT COUNT(*) FROM audit_log');
  return Number(n ?? 0);
}

/** The before/after of the fields that differ between two snapshots (null when nothing changed). */
export function changes<T extends object>(before: T, after: T): { before: Partial<T>; after: Partial<T> } | null {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return Object.keys(a).length ? { before: b, after: a } : null;
}
