import { dialect, inList, type Queryable } from './engine/index.js';
import type { Param } from './engine/types.js';
import { COUNTED } from './totals-sql.js';

export interface CommentRow {
  id: number;
  local_date: string;
  service_code: string;
  service_id: number;
  comment: string;
}

export interface CommentQuery {
  /** null: every service */
  serviceIds: number[] | null;
  from: string;
  to: string;
  search?: string;
  limit: number;
  offset: number;
}

/**
 * Comments of a scope and period, newest first, optionally searched (case-insensitive substring:
 * SQLite's LIKE folds ASCII case, PostgreSQL's needs ILIKE).
 * Never joined with profile answers: a comment plus a profile could identify someone.
 */
export async function listComments(q: Queryable, args: CommentQuery): Promise<{ rows: CommentRow[]; total: number }> {
  // an excluded (quarantined) response's comment leaves with its figures
  const conds = ['r.comment IS NOT NULL', 'r.local_date BETWEEN ? AND ?', `r.${COUNTED}`];
  const params: Param[] = [args.from, args.to];
  if (args.serviceIds) {
    conds.push(inList(q.engine, 'r.service_id'));
    params.push(JSON.stringify(args.serviceIds));
  }
  if (args.search) {
    conds.push(`r.comment ${dialect(q.engine, { sqlite: 'LIKE', postgres: 'ILIKE' })} ? ESCAPE '\\'`);
    params.push(`%${args.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const where = conds.join(' AND ');
  const total = await q.value<number>(`SELECT count(*) FROM responses r WHERE ${where}`, params);
  const rows = await q.all<CommentRow>(
    `SELECT r.id, r.local_date, s.code AS service_code, r.service_id, r.comment FROM responses r JOIN services s ON s.id = r.service_id
      WHERE ${where} ORDER BY r.submitted_at DESC, r.id DESC LIMIT ? OFFSET ?`,
    [...params, args.limit, args.offset],
  );
  return { rows, total: total ?? 0 };
}
