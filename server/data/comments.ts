import type { Db } from '../db.js';

export interface CommentRow {
  id: number;
  local_date: string;
  service_code: string;
  service_id: number;
  comment: string;
}

/**
 * Comments of a scope and period, newest first, optionally searched (case-insensitive substring).
 * Never joined with profile answers: a comment plus a profile could identify someone.
 */
export function listComments(
  db: Db,
  args: { serviceIds: number[] | null; from: string; to: string; search?: string; limit: number; offset: number },
): { rows: CommentRow[]; total: number } {
  const where = [
    'r.comment IS NOT NULL',
    'r.local_date BETWEEN ? AND ?',
    args.serviceIds ? 'r.service_id IN (SELECT value FROM json_each(?))' : '1',
    args.search ? "r.comment LIKE ? ESCAPE '\\'" : '1',
  ].join(' AND ');
  const params: unknown[] = [args.from, args.to];
  if (args.serviceIds) params.push(JSON.stringify(args.serviceIds));
  if (args.search) params.push(`%${args.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const total = db.prepare(`SELECT count(*) FROM responses r WHERE ${where}`).pluck().get(...params) as number;
  const rows = db
    .prepare(
      `SELECT r.id, r.local_date, s.code AS service_code, r.service_id, r.comment FROM responses r JOIN services s ON s.id = r.service_id
        WHERE ${where} ORDER BY r.submitted_at DESC, r.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, args.limit, args.offset) as CommentRow[];
  return { rows, total };
}
