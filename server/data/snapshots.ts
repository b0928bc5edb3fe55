import type { Db } from '../db.js';
import { addInto, emptyTotals, type Totals } from '../indicators/types.js';
import { PUBLIC_DIMENSIONS, type MonthBlock, type PublicDimension } from '../results/disclosure.js';
import { DIMENSION_NAMES, PREFER_NOT } from '../survey/profile.js';
import { DIMENSION_COLUMN, METRICS, rowToTotals } from './totals-sql.js';

// Published periods are snapshots (migration 009): a completed month is frozen per service at its
// first public read; quarters, semesters and years are sums of frozen months. Only an explicit,
// audited republication (republishMonths) lets later data in.

const MONTH_COLS = ['service_id', 'month', 'channel', ...METRICS].join(', ');
const GROUP_COLS = ['service_id', 'month', 'dimension', 'grp', ...METRICS].join(', ');
const JOINT_COLS = [...DIMENSION_NAMES.map((d) => `COALESCE(${DIMENSION_COLUMN[d]}, '${PREFER_NOT}')`), 'channel'].join(', ');

/**
 * Freezes every (service, month) pair not frozen yet: copies its totals rows and its joint profile
 * counts in one transaction. Months must be complete (the caller checks). Safe to race: a pair
 * frozen by another caller first is left as it is.
 */
export function freezeMonths(db: Db, serviceIds: readonly number[], months: readonly string[], takenAt: string): number {
  if (!serviceIds.length || !months.length) return 0;
  const claim = db.prepare('INSERT INTO published_months (service_id, month, taken_at) VALUES (?, ?, ?) ON CONFLICT (service_id, month) DO NOTHING');
  const copyMonth = db.prepare(`INSERT INTO published_totals_month (${MONTH_COLS}) SELECT ${MONTH_COLS} FROM totals_month WHERE service_id = ? AND month = ?`);
  const copyGroups = db.prepare(`INSERT INTO published_totals_group_month (${GROUP_COLS}) SELECT ${GROUP_COLS} FROM totals_group_month WHERE service_id = ? AND month = ?`);
  const joint = db.prepare(
    `SELECT ${JOINT_COLS}, count(*) FROM responses INDEXED BY responses_service_date
      WHERE service_id = ? AND local_date BETWEEN ? AND ? GROUP BY ${PUBLIC_DIMENSIONS.map((_, i) => i + 1).join(', ')}`,
  ).raw(true);
  const setJoint = db.prepare('UPDATE published_months SET joint = ? WHERE service_id = ? AND month = ?');
  let frozen = 0;
  db.transaction(() => {
    const done = new Set(
      (db.prepare('SELECT service_id, month FROM published_months WHERE service_id IN (SELECT value FROM json_each(?)) AND month BETWEEN ? AND ?')
        .all(JSON.stringify(serviceIds), months[0], months[months.length - 1]) as Array<{ service_id: number; month: string }>)
        .map((r) => `${r.service_id}:${r.month}`),
    );
    for (const serviceId of serviceIds) {
      for (const month of months) {
        if (done.has(`${serviceId}:${month}`)) continue;
        if (claim.run(serviceId, month, takenAt).changes === 0) continue;
        copyMonth.run(serviceId, month);
        copyGroups.run(serviceId, month);
        const rows = joint.all(serviceId, `${month}-01`, `${month}-31`);
        if (rows.length) setJoint.run(JSON.stringify(rows), serviceId, month);
        frozen++;
      }
    }
  })();
  return frozen;
}

export interface FrozenMonth<T = Totals> extends MonthBlock<T> {
  serviceId: number;
  takenAt: string;
}

type Row = Record<string, number | null> & { service_id: number; month: string };

/** The frozen blocks of some services and a run of consecutive months (months without data included, empty). */
export function readFrozen(db: Db, serviceIds: readonly number[], months: readonly string[], opts: { joint: boolean }): FrozenMonth[] {
  if (!serviceIds.length || !months.length) return [];
  const args = [JSON.stringify(serviceIds), months[0], months[months.length - 1]];
  const where = 'service_id IN (SELECT value FROM json_each(?)) AND month BETWEEN ? AND ?';
  const blocks = new Map<string, FrozenMonth>();
  const markers = db.prepare(`SELECT service_id, month, taken_at, ${opts.joint ? 'joint' : "'[]' AS joint"} FROM published_months WHERE ${where}`).all(...args) as Array<{
    service_id: number; month: string; taken_at: string; joint: string;
  }>;
  for (const m of markers) {
    const joint = (JSON.parse(m.joint) as Array<Array<string | number>>).map((r) => ({
      key: Object.fromEntries(PUBLIC_DIMENSIONS.map((d, i) => [d, String(r[i])])) as Record<PublicDimension, string>,
      n: Number(r[PUBLIC_DIMENSIONS.length]),
    }));
    const groups = Object.fromEntries(PUBLIC_DIMENSIONS.map((d) => [d, {}])) as Record<PublicDimension, Record<string, Totals>>;
    blocks.set(`${m.service_id}:${m.month}`, { serviceId: m.service_id, month: m.month, takenAt: m.taken_at, total: emptyTotals(), groups, joint });
  }
  for (const r of db.prepare(`SELECT service_id, month, channel, ${METRICS.join(', ')} FROM published_totals_month WHERE ${where}`).all(...args) as Array<Row & { channel: string }>) {
    const b = blocks.get(`${r.service_id}:${r.month}`);
    if (!b) continue;
    const t = rowToTotals(r);
    addInto(b.total, t);
    b.groups.channel[r.channel] = t;
  }
  for (const r of db.prepare(`SELECT service_id, month, dimension, grp, ${METRICS.join(', ')} FROM published_totals_group_month WHERE ${where}`).all(...args) as Array<Row & { dimension: PublicDimension; grp: string }>) {
    const b = blocks.get(`${r.service_id}:${r.month}`);
    if (b) b.groups[r.dimension][r.grp] = rowToTotals(r);
  }
  return [...blocks.values()];
}

/** Drops the snapshots of some months (every service): their next public read freezes them anew. */
export function republishMonths(db: Db, months: readonly string[]): number {
  if (!months.length) return 0;
  const args = [months[0], months[months.length - 1]];
  return db.transaction(() => {
    db.prepare('DELETE FROM published_totals_month WHERE month BETWEEN ? AND ?').run(...args);
    db.prepare('DELETE FROM published_totals_group_month WHERE month BETWEEN ? AND ?').run(...args);
    return db.prepare('DELETE FROM published_months WHERE month BETWEEN ? AND ?').run(...args).changes;
  })();
}

/** The frozen months, newest first: how many services each holds and when it was taken. */
export function listFrozenMonths(db: Db): Array<{ month: string; services: number; responses: number; first: string; last: string }> {
  return db.prepare(
    `SELECT m.month, count(*) AS services, COALESCE(SUM(t.n), 0) AS responses, MIN(m.taken_at) AS first, MAX(m.taken_at) AS last
       FROM published_months m
       LEFT JOIN (SELECT service_id, month, SUM(n) AS n FROM published_totals_month GROUP BY service_id, month) t
         ON t.service_id = m.service_id AND t.month = m.month
      GROUP BY m.month ORDER BY m.month DESC`,
  ).all() as Array<{ month: string; services: number; responses: number; first: string; last: string }>;
}

/** Responses stored since a month was frozen (late data that a republication would let in). */
export function lateResponses(db: Db, month: string): number {
  return db.prepare(
    `SELECT (SELECT COALESCE(SUM(n), 0) FROM totals_month WHERE month = ? AND service_id IN (SELECT service_id FROM published_months WHERE month = ?))
          - (SELECT COALESCE(SUM(n), 0) FROM published_totals_month WHERE month = ?)`,
  ).pluck().get(month, month, month) as number;
}
