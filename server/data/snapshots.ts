import { addInto, emptyTotals, type Totals } from '../indicators/types.js';
import { PUBLIC_DIMENSIONS, type MonthBlock, type PublicDimension } from '../vocabulary/publication.js';
import { PREFER_NOT } from '../vocabulary/profile.js';
import { dialect, inList, type Database, type Queryable } from './engine/index.js';
import { COUNTED, DIMENSION_COLUMN, METRICS, rowToTotals } from './totals-sql.js';

// Published periods are snapshots (migration 009): a completed month is frozen per service at its
// first public read; quarters, semesters and years are sums of frozen months. Only an explicit,
// audited republication (republishMonths) lets later data in.

const MONTH_COLS = ['service_id', 'month', 'channel', ...METRICS].join(', ');
const GROUP_COLS = ['service_id', 'month', 'dimension', 'grp', ...METRICS].join(', ');
// the public dimensions only, in their order (channel last): officer-only dimensions (end state) are never frozen jointly
const JOINT_COLS = PUBLIC_DIMENSIONS.map((d, i) => (d === 'channel' ? `channel AS d${i}` : `COALESCE(${DIMENSION_COLUMN[d]}, '${PREFER_NOT}') AS d${i}`)).join(', ');
const JOINT_GROUP_BY = PUBLIC_DIMENSIONS.map((_, i) => i + 1).join(', ');
const WHERE_SERVICES_MONTHS = (q: Queryable) => `${inList(q.engine, 'service_id')} AND month BETWEEN ? AND ?`;

/** The month's joint profile counts, one row per combination: [gender, age, education, occupation, disability, channel, n]. */
async function jointOf(q: Queryable, serviceId: number, month: string): Promise<Array<Array<string | number>>> {
  // SQLite would pick the date index for this range and read every service's rows: name the right one
  const responses = dialect(q.engine, { sqlite: 'responses INDEXED BY responses_service_date', postgres: 'responses' });
  const rows = await q.all<Record<string, string | number>>(
    `SELECT ${JOINT_COLS}, count(*) AS n FROM ${responses} WHERE service_id = ? AND local_date BETWEEN ? AND ? AND ${COUNTED} GROUP BY ${JOINT_GROUP_BY}`,
    [serviceId, `${month}-01`, `${month}-31`],
  );
  return rows.map((r) => [...PUBLIC_DIMENSIONS.map((_, i) => r[`d${i}`] as string), Number(r.n)]);
}

/**
 * Freezes every (service, month) pair not frozen yet: copies its totals rows and its joint profile
 * counts in one transaction. Months must be complete (the caller checks). Safe to race, also across
 * processes: a pair another caller claimed first is left as it is.
 */
export async function freezeMonths(db: Database, serviceIds: readonly number[], months: readonly string[], takenAt: string): Promise<number> {
  if (!serviceIds.length || !months.length) return 0;
  const range = [JSON.stringify(serviceIds), months[0] as string, months[months.length - 1] as string];
  const frozenRows = await db.all<{ service_id: number; month: string }>(`SELECT service_id, month FROM published_months WHERE ${WHERE_SERVICES_MONTHS(db)}`, range);
  const done = new Set(frozenRows.map((r) => `${r.service_id}:${r.month}`));
  const missing = serviceIds.flatMap((s) => months.filter((m) => !done.has(`${s}:${m}`)).map((m) => [s, m] as const));
  if (!missing.length) return 0;
  return db.transaction(async (tx) => {
    let frozen = 0;
    for (const [serviceId, month] of missing) {
      const claimed = await tx.run('INSERT INTO published_months (service_id, month, taken_at) VALUES (?, ?, ?) ON CONFLICT (service_id, month) DO NOTHING', [
        serviceId,
        month,
        takenAt,
      ]);
      if (claimed.changes === 0) continue;
      await tx.run(`INSERT INTO published_totals_month (${MONTH_COLS}) SELECT ${MONTH_COLS} FROM totals_month WHERE service_id = ? AND month = ?`, [serviceId, month]);
      await tx.run(`INSERT INTO published_totals_group_month (${GROUP_COLS}) SELECT ${GROUP_COLS} FROM totals_group_month WHERE service_id = ? AND month = ?`, [
        serviceId,
        month,
      ]);
      const joint = await jointOf(tx, serviceId, month);
      if (joint.length) await tx.run('UPDATE published_months SET joint = ? WHERE service_id = ? AND month = ?', [JSON.stringify(joint), serviceId, month]);
      frozen++;
    }
    return frozen;
  });
}

export interface FrozenMonth<T = Totals> extends MonthBlock<T> {
  serviceId: number;
  takenAt: string;
}

type Row = Record<string, number | null> & { service_id: number; month: string };

/** The frozen blocks of some services and a run of consecutive months (months without data included, empty). */
export async function readFrozen(q: Queryable, serviceIds: readonly number[], months: readonly string[], opts: { joint: boolean }): Promise<FrozenMonth[]> {
  if (!serviceIds.length || !months.length) return [];
  const args = [JSON.stringify(serviceIds), months[0] as string, months[months.length - 1] as string];
  const where = WHERE_SERVICES_MONTHS(q);
  const blocks = new Map<string, FrozenMonth>();
  const markers = await q.all<{ service_id: number; month: string; taken_at: string; joint: string }>(
    `SELECT service_id, month, taken_at, ${opts.joint ? 'joint' : "'[]' AS joint"} FROM published_months WHERE ${where}`,
    args,
  );
  for (const m of markers) {
    const joint = (JSON.parse(m.joint) as Array<Array<string | number>>).map((r) => ({
      key: Object.fromEntries(PUBLIC_DIMENSIONS.map((d, i) => [d, String(r[i])])) as Record<PublicDimension, string>,
      n: Number(r[PUBLIC_DIMENSIONS.length]),
    }));
    const groups = Object.fromEntries(PUBLIC_DIMENSIONS.map((d) => [d, {}])) as Record<PublicDimension, Record<string, Totals>>;
    blocks.set(`${m.service_id}:${m.month}`, { serviceId: m.service_id, month: m.month, takenAt: m.taken_at, total: emptyTotals(), groups, joint });
  }
  const monthRows = await q.all<Row & { channel: string }>(`SELECT service_id, month, channel, ${METRICS.join(', ')} FROM published_totals_month WHERE ${where}`, args);
  for (const r of monthRows) {
    const b = blocks.get(`${r.service_id}:${r.month}`);
    if (!b) continue;
    const t = rowToTotals(r);
    addInto(b.total, t);
    b.groups.channel[r.channel] = t;
  }
  const groupRows = await q.all<Row & { dimension: PublicDimension; grp: string }>(
    `SELECT service_id, month, dimension, grp, ${METRICS.join(', ')} FROM published_totals_group_month WHERE ${where}`,
    args,
  );
  for (const r of groupRows) {
    const b = blocks.get(`${r.service_id}:${r.month}`);
    // officer-only dimensions (end state) are frozen with the rest but never read publicly
    if (b?.groups[r.dimension]) b.groups[r.dimension][r.grp] = rowToTotals(r);
  }
  return [...blocks.values()];
}

/** Drops the snapshots of some months (every service): their next public read freezes them anew. Call inside the audited transaction. */
export async function republishMonths(tx: Queryable, months: readonly string[]): Promise<number> {
  if (!months.length) return 0;
  const args = [months[0] as string, months[months.length - 1] as string];
  await tx.run('DELETE FROM published_totals_month WHERE month BETWEEN ? AND ?', args);
  await tx.run('DELETE FROM published_totals_group_month WHERE month BETWEEN ? AND ?', args);
  return (await tx.run('DELETE FROM published_months WHERE month BETWEEN ? AND ?', args)).changes;
}

/** The frozen months, newest first: how many services each holds and when it was taken. */
export function listFrozenMonths(q: Queryable): Promise<Array<{ month: string; services: number; responses: number; first: string; last: string }>> {
  return q.all(
    `SELECT m.month, count(*) AS services, COALESCE(SUM(t.n), 0) AS responses, MIN(m.taken_at) AS first, MAX(m.taken_at) AS last
       FROM published_months m
       LEFT JOIN (SELECT service_id, month, SUM(n) AS n FROM published_totals_month GROUP BY service_id, month) t
         ON t.service_id = m.service_id AND t.month = m.month
      GROUP BY m.month ORDER BY m.month DESC`,
  );
}

/** Responses stored since a month was frozen (late data that a republication would let in). */
export async function lateResponses(q: Queryable, month: string): Promise<number> {
  const late = await q.value<number>(
    `SELECT (SELECT COALESCE(SUM(n), 0) FROM totals_month WHERE month = ? AND service_id IN (SELECT service_id FROM published_months WHERE month = ?))
          - (SELECT COALESCE(SUM(n), 0) FROM published_totals_month WHERE month = ?)`,
    [month, month, month],
  );
  return late ?? 0;
}
