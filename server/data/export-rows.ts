import { ELEMENT_CODES } from '../indicators/types.js';
import { PREFER_NOT, type Channel, type Dimension } from '../vocabulary/profile.js';
import { dialect, inList, type Queryable } from './engine/index.js';
import type { Param } from './engine/types.js';
import { COUNTED, DIMENSION_COLUMN } from './totals-sql.js';

const ANSWER_COLUMNS = ELEMENT_CODES.map((c) => `e_${c.toLowerCase()}`);

// Paged reads for exports (server/exports/): responses and comments of a scope and period, a page
// at a time, so that a file of any size is written without holding its rows in memory. Service by
// service (in the order given), then in (local_date, id) order: keyset pagination on the
// (service_id, local_date) index, each page starting after the last row of the one before, so a page
// costs the same at the end of a large file as at its start (no OFFSET, no sort of what is left).

export interface ExportFilter {
  /** the services, read one after another in this order */
  serviceIds: readonly number[];
  from: string;
  to: string;
  channel: Channel | null;
  /** a profile group ('na' also matches a question left empty, as in the running totals) */
  group: { dimension: Dimension; value: string } | null;
}

/**
 * One response as exports show it: the date without time, the profile columns (the age band, never
 * the age) and the answers; no counter, officer or form key.
 */
export interface ExportResponse {
  id: number;
  local_date: string;
  service_id: number;
  channel: Channel;
  lang: string;
  /** profile columns (DIMENSION_COLUMN) and answers (e_persyaratan ...): a code, a number or null */
  [column: string]: string | number | null;
}

export interface ExportComment {
  id: number;
  local_date: string;
  service_id: number;
  comment: string;
}

const RESPONSE_COLUMNS = ['id', 'local_date', 'service_id', 'channel', 'lang', ...new Set(Object.values(DIMENSION_COLUMN)), ...ANSWER_COLUMNS].join(', ');

/** The conditions and parameters of a filter (dimension columns come from a fixed map, never from input). */
function where(f: Omit<ExportFilter, 'serviceIds'>, extra: { conds: string[]; params: Param[] } = { conds: [], params: [] }) {
  // quarantined responses an officer excluded are in no figure, so in no file either
  const conds = ['local_date BETWEEN ? AND ?', COUNTED];
  const params: Param[] = [f.from, f.to];
  if (f.channel) {
    conds.push('channel = ?');
    params.push(f.channel);
  }
  if (f.group) {
    conds.push(`COALESCE(${DIMENSION_COLUMN[f.group.dimension]}, '${PREFER_NOT}') = ?`);
    params.push(f.group.value);
  }
  return { conds: [...conds, ...extra.conds], params: [...params, ...extra.params] };
}

/** Rows after the cursor in (local_date, id) order: a row value, which both engines compare as a tuple and SQLite serves from the index. */
const AFTER = '(local_date, id) > (?, ?)';

async function* pages<T extends { id: number; local_date: string }>(
  q: Queryable,
  select: string,
  serviceIds: readonly number[],
  w: { conds: string[]; params: Param[] },
  pageSize: number,
): AsyncGenerator<T[]> {
  for (const serviceId of serviceIds) {
    let cursor: Param[] = [];
    for (;;) {
      const conds = ['service_id = ?', ...w.conds, ...(cursor.length ? [AFTER] : [])];
      const rows = await q.all<T>(`${select} WHERE ${conds.join(' AND ')} ORDER BY local_date, id LIMIT ?`, [serviceId, ...w.params, ...cursor, pageSize]);
      if (rows.length) yield rows;
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1] as T;
      cursor = [last.local_date, Number(last.id)];
    }
  }
}

/** The responses of a scope, period and filter, `pageSize` rows a page, oldest first. */
export function responsePages(q: Queryable, f: ExportFilter, pageSize = 500): AsyncGenerator<ExportResponse[]> {
  return pages<ExportResponse>(q, `SELECT ${RESPONSE_COLUMNS} FROM responses`, f.serviceIds, where(f), pageSize);
}

/** How many responses the filter holds (for the k rule and the audit entry). */
export async function countExportResponses(q: Queryable, f: ExportFilter): Promise<number> {
  const w = where(f);
  const sql = `SELECT count(*) FROM responses WHERE ${inList(q.engine, 'service_id')} AND ${w.conds.join(' AND ')}`;
  return Number((await q.value<number>(sql, [JSON.stringify(f.serviceIds), ...w.params])) ?? 0);
}

/**
 * The comments of a scope and period, oldest first, optionally searched as on the dashboard
 * (server/data/comments.ts: a case-insensitive substring). Never joined with profile answers, and
 * not narrowed by a profile group: a comment beside a profile could identify someone.
 */
export function commentPages(
  q: Queryable,
  f: Pick<ExportFilter, 'serviceIds' | 'from' | 'to'> & { search?: string },
  pageSize = 2000,
): AsyncGenerator<ExportComment[]> {
  const extra = { conds: ['comment IS NOT NULL'], params: [] as Param[] };
  if (f.search) {
    extra.conds.push(`comment ${dialect(q.engine, { sqlite: 'LIKE', postgres: 'ILIKE' })} ? ESCAPE '\\'`);
    extra.params.push(`%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const w = where({ ...f, channel: null, group: null }, extra);
  return pages<ExportComment>(q, 'SELECT id, local_date, service_id, comment FROM responses', f.serviceIds, w, pageSize);
}
