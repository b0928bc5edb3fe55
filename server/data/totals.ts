import type { Db } from '../db.js';
import { splitByMonths } from '../indicators/months.js';
import { addInto, emptyTotals, type Totals } from '../indicators/types.js';
import { DIMENSION_NAMES, PREFER_NOT, type Channel, type Dimension } from '../survey/profile.js';
import { DIMENSION_COLUMN, METRICS, RAW_COUNTS, RAW_METRICS, SUM_COUNTS, SUM_METRICS, responseMetrics, rowToTotals, upsertSql } from './totals-sql.js';

// Running totals: written with each response, read by scope and period (indicators.md "Cost").

export interface TotalsKey {
  serviceId: number;
  localDate: string;
  channel: Channel;
  /** dimension -> group code, NULL (not stated) already mapped to 'na' */
  groups: Record<Dimension, string>;
}

/** Adds one response to every totals table. Call inside the transaction that stores the response. */
const UPSERT_DAY = upsertSql('totals_day', ['service_id', 'day', 'channel']);
const UPSERT_MONTH = upsertSql('totals_month', ['service_id', 'month', 'channel']);
const UPSERT_GROUP = upsertSql('totals_group_month', ['service_id', 'month', 'dimension', 'grp']);

export function addToTotals(db: Db, key: TotalsKey, answers: ReadonlyArray<number | null>): void {
  const m = responseMetrics(answers);
  const month = key.localDate.slice(0, 7);
  db.prepare(UPSERT_DAY).run(key.serviceId, key.localDate, key.channel, ...m);
  db.prepare(UPSERT_MONTH).run(key.serviceId, month, key.channel, ...m);
  const group = db.prepare(UPSERT_GROUP);
  for (const dim of DIMENSION_NAMES) group.run(key.serviceId, month, dim, key.groups[dim], ...m);
}

/** Recomputes every totals table from the responses (after a bulk load, or to repair). */
export function rebuildTotals(db: Db): void {
  const withMonth = `SELECT *, substr(local_date, 1, 7) AS month FROM responses`;
  db.transaction(() => {
    db.exec('DELETE FROM totals_day; DELETE FROM totals_month; DELETE FROM totals_group_month;');
    db.exec(`INSERT INTO totals_day (service_id, day, channel, ${METRICS.join(', ')})
      SELECT service_id, local_date, channel, ${RAW_METRICS} FROM responses GROUP BY service_id, local_date, channel`);
    db.exec(`INSERT INTO totals_month (service_id, month, channel, ${METRICS.join(', ')})
      SELECT service_id, substr(day, 1, 7), channel, ${SUM_METRICS} FROM totals_day GROUP BY service_id, substr(day, 1, 7), channel`);
    for (const dim of DIMENSION_NAMES) {
      const col = DIMENSION_COLUMN[dim];
      db.prepare(
        `INSERT INTO totals_group_month (service_id, month, dimension, grp, ${METRICS.join(', ')})
         SELECT service_id, month, ?, COALESCE(${col}, '${PREFER_NOT}'), ${RAW_METRICS} FROM (${withMonth})
         GROUP BY service_id, month, COALESCE(${col}, '${PREFER_NOT}')`,
      ).run(dim);
    }
  })();
}

/** Which responses: services (null = all), inclusive local dates, optional channel and one profile group. */
export interface TotalsQuery {
  serviceIds: number[] | null;
  from: string;
  to: string;
  channel?: Channel | null;
  group?: { dimension: Dimension; value: string } | null;
}

type Row = Record<string, number | null> & { service_id: number };

/** First and last of a non-empty list of months. */
function monthSpan(months: string[]): [string, string] | null {
  return months.length ? [months[0] as string, months[months.length - 1] as string] : null;
}

const scopeSql = (q: TotalsQuery): string => (q.serviceIds ? 'service_id IN (SELECT value FROM json_each(?))' : '1');
const scopeArgs = (q: TotalsQuery): unknown[] => (q.serviceIds ? [JSON.stringify(q.serviceIds)] : []);
/**
 * Responses of a scope: with a list of services, through (service_id, local_date); SQLite cannot
 * tell how short a json_each list is and would otherwise pick the date index and read every
 * service's rows in the range. The agency's reads use the date index.
 */
const responsesOf = (q: TotalsQuery): string => (q.serviceIds ? 'responses INDEXED BY responses_service_date' : 'responses');

/** The SQL condition selecting one profile group in responses ('na' also takes NULL). */
function groupCondition(group: NonNullable<TotalsQuery['group']>): { sql: string; args: unknown[] } {
  const col = DIMENSION_COLUMN[group.dimension];
  return group.value === PREFER_NOT ? { sql: `(${col} IS NULL OR ${col} = ?)`, args: [PREFER_NOT] } : { sql: `${col} = ?`, args: [group.value] };
}

/** Raw scan of responses by service, through the (service_id, local_date) index. */
function rawByService(db: Db, q: TotalsQuery, from: string, to: string): Row[] {
  const where = [scopeSql(q), 'local_date BETWEEN ? AND ?'];
  const args: unknown[] = [...scopeArgs(q), from, to];
  if (q.channel) {
    where.push('channel = ?');
    args.push(q.channel);
  }
  if (q.group) {
    const g = groupCondition(q.group);
    where.push(g.sql);
    args.push(...g.args);
  }
  return db.prepare(`SELECT service_id, ${RAW_METRICS} FROM ${responsesOf(q)} WHERE ${where.join(' AND ')} GROUP BY service_id`).all(...args) as Row[];
}

function collect(into: Map<number, Totals>, rows: Row[]): void {
  for (const row of rows) {
    const t = rowToTotals(row);
    const prev = into.get(row.service_id);
    if (prev) addInto(prev, t);
    else into.set(row.service_id, t);
  }
}

/**
 * Totals per service for a query. Whole months come from monthly totals, the cut edges from daily
 * totals (or, with a profile-group filter, from responses through the index); channel plus group
 * together is an ad-hoc combination and reads responses.
 */
export function readTotalsByService(db: Db, q: TotalsQuery): Map<number, Totals> {
  const out = new Map<number, Totals>();
  if (q.group && q.channel) {
    collect(out, rawByService(db, q, q.from, q.to));
    return out;
  }
  const { months, edges } = splitByMonths(q.from, q.to);
  const span = monthSpan(months);
  if (span) {
    const [first, last] = span;
    if (q.group) {
      collect(out, db.prepare(
        `SELECT service_id, ${SUM_METRICS} FROM totals_group_month
          WHERE ${scopeSql(q)} AND month BETWEEN ? AND ? AND dimension = ? AND grp = ? GROUP BY service_id`,
      ).all(...scopeArgs(q), first, last, q.group.dimension, q.group.value) as Row[]);
    } else {
      collect(out, db.prepare(
        `SELECT service_id, ${SUM_METRICS} FROM totals_month
          WHERE ${scopeSql(q)} AND month BETWEEN ? AND ? ${q.channel ? 'AND channel = ?' : ''} GROUP BY service_id`,
      ).all(...scopeArgs(q), first, last, ...(q.channel ? [q.channel] : [])) as Row[]);
    }
  }
  for (const edge of edges) {
    if (q.group) collect(out, rawByService(db, q, edge.from, edge.to));
    else
      collect(out, db.prepare(
        `SELECT service_id, ${SUM_METRICS} FROM totals_day
          WHERE ${scopeSql(q)} AND day BETWEEN ? AND ? ${q.channel ? 'AND channel = ?' : ''} GROUP BY service_id`,
      ).all(...scopeArgs(q), edge.from, edge.to, ...(q.channel ? [q.channel] : [])) as Row[]);
  }
  return out;
}

/** The sum of every service's totals. */
export function sumTotals(byService: Iterable<Totals>): Totals {
  const t = emptyTotals();
  for (const x of byService) addInto(t, x);
  return t;
}

/**
 * Per group of every profile dimension, and per channel, over the whole query scope (no group filter).
 * Whole months carry counts and sums only (reach and IKM by group), not the sums of squares and boxes.
 */
export function readBreakdowns(db: Db, q: TotalsQuery): Record<Dimension | 'channel', Record<string, Totals>> {
  const out = Object.fromEntries([...DIMENSION_NAMES, 'channel'].map((d) => [d, {}])) as Record<Dimension | 'channel', Record<string, Totals>>;
  const add = (dim: Dimension | 'channel', grp: string, t: Totals): void => {
    addInto((out[dim][grp] ??= emptyTotals()), t);
  };
  // Edge days from responses, counts and sums only (one narrow GROUP BY per dimension measured
  // faster than one GROUP BY over every dimension at once).
  const rawGroups = (from: string, to: string): void => {
    for (const dim of DIMENSION_NAMES) {
      const rows = db.prepare(
        `SELECT COALESCE(${DIMENSION_COLUMN[dim]}, '${PREFER_NOT}') AS grp, ${RAW_COUNTS} FROM ${responsesOf(q)}
          WHERE ${scopeSql(q)} AND local_date BETWEEN ? AND ? ${q.channel ? 'AND channel = ?' : ''} GROUP BY 1`,
      ).all(...scopeArgs(q), from, to, ...(q.channel ? [q.channel] : [])) as Array<Row & { grp: string }>;
      for (const r of rows) add(dim, r.grp, rowToTotals(r));
    }
  };
  const { months, edges } = splitByMonths(q.from, q.to);
  const span = monthSpan(months);
  if (q.channel) rawGroups(q.from, q.to);
  else {
    if (span) {
      const rows = db.prepare(
        `SELECT dimension, grp, ${SUM_COUNTS} FROM totals_group_month
          WHERE ${scopeSql(q)} AND month BETWEEN ? AND ? GROUP BY dimension, grp`,
      ).all(...scopeArgs(q), ...span) as Array<Row & { dimension: Dimension; grp: string }>;
      for (const r of rows) add(r.dimension, r.grp, rowToTotals(r));
    }
    for (const e of edges) rawGroups(e.from, e.to);
  }
  // channels from the channel-keyed totals
  const channelRows = (table: string, col: string, from: string, to: string) =>
    db.prepare(
      `SELECT channel AS grp, ${SUM_COUNTS} FROM ${table} WHERE ${scopeSql(q)} AND ${col} BETWEEN ? AND ? ${q.channel ? 'AND channel = ?' : ''} GROUP BY channel`,
    ).all(...scopeArgs(q), from, to, ...(q.channel ? [q.channel] : [])) as Array<Row & { grp: string }>;
  if (span) for (const r of channelRows('totals_month', 'month', ...span)) add('channel', r.grp, rowToTotals(r));
  for (const e of edges) for (const r of channelRows('totals_day', 'day', e.from, e.to)) add('channel', r.grp, rowToTotals(r));
  return out;
}

/** Baseline and ad-hoc path: the same totals by scanning responses (benchmarks compare against it). */
export function rawTotalsByService(db: Db, q: TotalsQuery): Map<number, Totals> {
  const out = new Map<number, Totals>();
  collect(out, rawByService(db, q, q.from, q.to));
  return out;
}
