import { recordAudit } from './audit.js';
import type { Database, Queryable } from './engine/index.js';

// Retention of free text (docs/operations.md, "Retention"): an agency setting "erase comments older
// than N months". Erasing sets the comment of responses (and of visits that ended without service)
// to NULL; every figure stays, the totals are untouched. It must leave no copy of the text in the
// database files: on SQLite the erasing transaction runs with PRAGMA secure_delete (the old text
// is overwritten with zeros, not left in free space), and the WAL is then checkpointed and
// truncated (it held the pages with the text); on PostgreSQL the table is vacuumed afterwards, so
// the dead row versions holding the text are marked free and reused. Backups keep the text until
// they are rotated.

const SETTING_KEY = 'comment_retention_months';
export const RETENTION_MIN_MONTHS = 1;
export const RETENTION_MAX_MONTHS = 120;
/** Tables with a free-text comment column. */
const TABLES = ['responses', 'unrated_visits'] as const;
/** pg_try_advisory_xact_lock key: one process erases at a time, the others skip ('mutu' 'rtn'). */
const PG_LOCK_KEY = 0x6d75_7274;

/** The setting: months to keep comments, or null (keep forever). */
export async function getCommentRetention(q: Queryable): Promise<number | null> {
  const raw = await q.value<string>('SELECT value FROM settings WHERE key = ?', [SETTING_KEY]);
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= RETENTION_MIN_MONTHS && n <= RETENTION_MAX_MONTHS ? n : null;
}

/** Saves the setting (null: keep forever); call it in the transaction that audits the change. */
export async function saveCommentRetention(q: Queryable, months: number | null): Promise<void> {
  if (months === null) await q.run('DELETE FROM settings WHERE key = ?', [SETTING_KEY]);
  else await q.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [SETTING_KEY, String(months)]);
}

/**
 * The first local date whose comments are kept: `today` N whole months back, the day clamped to
 * the end of a shorter month (2026-05-31 minus 3 months is 2026-02-28). Older comments are erased.
 */
export function retentionCutoff(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const [year, month] = [Math.floor(index / 12), (index % 12) + 1];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface Erasure {
  /** comments set to NULL, all tables */
  erased: number;
  /** comments dated before this local date were erased */
  cutoff: string;
  months: number;
  /** false: another process was erasing (PostgreSQL), nothing done here */
  ran: boolean;
  /** SQLite: whether the WAL was checkpointed and truncated afterwards (false: a reader held it; the next run does it) */
  walTruncated?: boolean;
}

/**
 * Erases the comments dated before the cutoff, in one transaction with its audit row (by the
 * system, only when something was erased), then makes the text unrecoverable from the files.
 * Safe to run from several processes at once on PostgreSQL: one erases, the others skip.
 */
export async function eraseOldComments(db: Database, { months, today }: { months: number; today: string }): Promise<Erasure> {
  const cutoff = retentionCutoff(today, months);
  const sqlite = db.engine === 'sqlite';
  const secureBefore = sqlite ? await db.value<number>('PRAGMA secure_delete') : undefined;
  if (sqlite) await db.run('PRAGMA secure_delete = ON');
  let result: Erasure;
  try {
    result = await db.transaction(async (tx) => {
      if (!sqlite && !(await tx.value<boolean>('SELECT pg_try_advisory_xact_lock(?)', [PG_LOCK_KEY]))) return { erased: 0, cutoff, months, ran: false };
      let erased = 0;
      for (const table of TABLES) {
        erased += (await tx.run(`UPDATE ${table} SET comment = NULL WHERE comment IS NOT NULL AND local_date < ?`, [cutoff])).changes;
      }
      if (erased > 0) {
        const details = { erased_comments: erased, cutoff_date: cutoff, retention_months: months };
        await recordAudit(tx, null, 'comments_erase', { kind: 'agency' }, details);
      }
      return { erased, cutoff, months, ran: true };
    });
  } finally {
    if (sqlite) await db.run(`PRAGMA secure_delete = ${secureBefore === 1 ? 'ON' : secureBefore === 2 ? 'FAST' : 'OFF'}`);
  }
  if (result.erased === 0) return result;
  if (sqlite) {
    const cp = await db.get<{ busy: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    return { ...result, walTruncated: cp?.busy === 0 };
  }
  for (const table of TABLES) await db.run(`VACUUM ${table}`);
  return result;
}
