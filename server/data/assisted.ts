import type { SurveySubmission } from '../vocabulary/submission.js';
import type { Way } from '../vocabulary/assisted.js';
import { recordAudit, type AuditActor } from './audit.js';
import type { Database, Queryable } from './engine/index.js';
import { storeSubmissionIn } from './unrated-visits.js';

// Officers' entries and paper imports (issue 10): channel 'assisted', the way beside it, the
// interview date as the response's local date (it counts in the totals of that day) and the officer
// who entered it (never shown to the public). An import is stored whole or not at all.

export interface AssistedRow {
  submission: SurveySubmission;
  way: Way;
  /** agency-local YYYY-MM-DD */
  date: string;
}

export interface AssistedMeta {
  serviceId: number;
  officerId: number;
  lang: string;
  enteredAt: Date;
}

function metaOf(row: AssistedRow, m: AssistedMeta) {
  return { serviceId: m.serviceId, channel: 'assisted' as const, lang: m.lang, submittedAt: m.enteredAt, localDate: row.date, way: row.way, enteredBy: m.officerId };
}

/** Stores one officer's entry (its own transaction); a repeated form key stores nothing. */
export function storeEntry(db: Database, row: AssistedRow, m: AssistedMeta): Promise<{ id: number; duplicate: boolean; unrated: boolean }> {
  return db.transaction((tx) => storeSubmissionIn(tx, row.submission, metaOf(row, m)));
}

/** How many entries this officer made for a service since an instant (responses and unrated visits). */
export async function countEntriesSince(q: Queryable, officerId: number, serviceId: number, since: Date): Promise<number> {
  const args = [officerId, serviceId, since.toISOString()];
  const where = 'entered_by = ? AND service_id = ? AND submitted_at >= ?';
  const a = await q.value<number>(`SELECT count(*) FROM responses WHERE ${where}`, args);
  const b = await q.value<number>(`SELECT count(*) FROM unrated_visits WHERE ${where}`, args);
  return Number(a ?? 0) + Number(b ?? 0);
}

// ---- imports: a checked file waits here for its confirmation ------------------------------------

export interface PendingUpload {
  id: string;
  userId: number;
  serviceId: number;
  fileName: string;
  rows: AssistedRow[];
}

/** Keeps a checked file's rows until `expiresAt` (Unix ms); expired files of anyone are removed first. */
export async function savePendingUpload(db: Database, u: PendingUpload, now: number, expiresAt: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run('DELETE FROM import_uploads WHERE expires_at <= ?', [now]);
    await tx.run('INSERT INTO import_uploads (id, user_id, service_id, file_name, rows_json, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      u.id,
      u.userId,
      u.serviceId,
      u.fileName,
      JSON.stringify(u.rows),
      now,
      expiresAt,
    ]);
  });
}

/** A waiting file of this officer and service, or undefined (unknown, someone else's, expired). */
export async function pendingUpload(q: Queryable, id: string, userId: number, serviceId: number, now: number): Promise<PendingUpload | undefined> {
  const r = await q.get<{ id: string; user_id: number; service_id: number; file_name: string; rows_json: string }>(
    'SELECT id, user_id, service_id, file_name, rows_json FROM import_uploads WHERE id = ? AND user_id = ? AND service_id = ? AND expires_at > ?',
    [id, userId, serviceId, now],
  );
  return r && { id: r.id, userId: Number(r.user_id), serviceId: Number(r.service_id), fileName: r.file_name, rows: JSON.parse(r.rows_json) as AssistedRow[] };
}

export interface ImportOutcome {
  stored: number;
  /** rows whose key (the file's hash and row number) was already stored: the same file imported before */
  repeated: number;
}

/**
 * Stores a waiting file whole, in one transaction with its audit row, and removes it (a second
 * confirmation finds nothing). Undefined when the file is gone (expired, or confirmed already).
 */
export async function confirmUpload(db: Database, actor: AuditActor, id: string, serviceCode: string, m: Omit<AssistedMeta, 'officerId'>, now: number): Promise<ImportOutcome | undefined> {
  return db.transaction(async (tx) => {
    const upload = await pendingUpload(tx, id, actor.userId, m.serviceId, now);
    if (!upload) return undefined;
    // claims the file first: of two confirmations racing (PostgreSQL), the second waits here, then finds nothing
    if ((await tx.run('DELETE FROM import_uploads WHERE id = ?', [id])).changes === 0) return undefined;
    const out: ImportOutcome = { stored: 0, repeated: 0 };
    for (const row of upload.rows) {
      const r = await storeSubmissionIn(tx, row.submission, metaOf(row, { ...m, officerId: actor.userId }));
      if (r.duplicate) out.repeated++;
      else out.stored++;
    }
    await recordAudit(tx, actor, 'import', { kind: 'service', id: m.serviceId, code: serviceCode }, { file: upload.fileName, rows: upload.rows.length, ...out });
    return out;
  });
}
