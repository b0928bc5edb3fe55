import { splitByMonths } from '../indicators/months.js';
import { addInto, emptyTotals, type Totals } from '../indicators/types.js';
import { DIMENSION_NAMES, PREFER_NOT, type Channel, type Dimension } from '../vocabulary/profile.js';
import { dialect, inList, type Database, type Queryable } from './engine/index.js';
import type { Engine, Param } from './engine/types.js';
import {
  DIMENSION_COLUMN,
  METRICS,
  RAW_COUNTS,
  COUNTED,
  RAW_METRICS,
  SUM_COUNTS,
  SUM_METRICS,
  responseMetrics,
  rowToTotals,
} from './totals-sql.js';

// Running totals: written with each response, read by scope and period (indicators.md "Cost").

export interface TotalsKey {
  serviceId: number;
  localDate: string;
  channel: Channel;
  /** dimension -> group code, NULL (not stated) already mapped to 'na' */
  groups: Record<Dimension, string>;
}

export const DAY_KEYS = ['service_id', 'day', 'channel'];
export const MONTH_KEYS = ['service_id', 'month', 'channel'];
export const GROUP_KEYS = ['service_id', 'month', 'dimension', 'grp'];
/** The parameters of the upserts of one response: the day row, the month row, and one row per dimension, in DIMENSION_NAMES order. */
export function totalsParams(key: TotalsKey, answers: ReadonlyArray<number | null>): { day: Param[]; month: Param[]; groups: Param[][] } {
  const m = responseMetrics(answers);
  const month = key.localDate.slice(0, 7);
  return {
    day: [key.serviceId, key.localDate, key.channel, ...m],
    month: [key.serviceId, month, key.channel, ...m],
    groups: DIMENSION_NAMES.map((dim) => [key.serviceId, month, dim, key.groups[dim], ...m]),
  };
}

const METRIC_COLUMNS = METRICS.join(', ');
/** The statements that recompute every totals table from the responses, in order (both engines). */
const REBUILD: readonly string[] = [
  'DELETE FROM totals_day',
  'DELETE FROM totals_month',
  'DELETE FROM totals_group_month',
  `INSERT INTO totals_day (service_id, day, channel, ${METRIC_COLUMNS})
    SELECT service_id, local_date, channel, ${RAW_METRICS} FROM responses WHERE ${COUNTED} GROUP BY service_id, local_date, channel`,
  `INSERT INTO totals_month (service_id, month, channel, ${METRIC_COLUMNS})
    SELECT service_id, substr(day, 1, 7), channel, ${SUM_METRICS} FROM totals_day GROUP BY service_id, substr(day, 1, 7), channel`,
  // the dimension's name is a constant of the code, written as a literal
  ...DIMENSION_NAMES.map((dim) => {
    const grp = `COALESCE(${DIMENSION_COLUMN[dim]}, '${PREFER_NOT}')`;
    return `INSERT INTO totals_group_month (service_id, month, dimension, grp, ${METRIC_COLUMNS})
      SELECT service_id, substr(local_date, 1, 7), '${dim}', ${grp}, ${RAW_METRICS} FROM responses WHERE ${COUNTED}
       GROUP BY service_id, substr(local_date, 1, 7), ${grp}`;
  }),
];

/** Recomputes every totals table from the responses, in one transaction (after a bulk load or a copy, or to repair). */
export async function recomputeTotals(db: Database): Promise<void> {
  await db.transaction(recomputeTotalsIn);
}

/** recomputeTotals inside the caller's transaction `tx`, for a bulk load that commits whole (the demo). */
export async function recomputeTotalsIn(tx: Queryable): Promise<void> {
  for (const sql of REBUILD) await tx.run(sql);
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

/**
 * Statement texts are built once per engine and shape (scope, channel, group), so that each call
 * sends the same text and SQLite reuses its prepared statement.
 */
const statements = new Map<string, string>();
function sqlOnce(key: string, build: () => string): string {
  let sql = statements.get(key);
  if (sql === undefined) statements.set(key, (sql = build()));
  return sql;
}

/** The scope's condition (null: every service) and its parameter. */
const scopeCond = (engine: Engine, tq: TotalsQuery): string[] => (tq.serviceIds ? [inList(engine, 'service_id')] : []);
const scopeArgs = (tq: TotalsQuery): Param[] => (tq.serviceIds ? [JSON.stringify(tq.serviceIds)] : []);
const where = (conds: string[]): string => (conds.length ? `WHERE ${conds.join(' AND ')}` : '');
/**
 * Responses of a scope: with a list of services, SQLite is told to go through (service_id,
 * local_date); it cannot tell how short a json_each list is and would otherwise pick the date index
 * and read every service's rows in the range. The agency's reads use the date index.
 */
const responsesOf = (engine: Engine, tq: TotalsQuery): string =>
  tq.serviceIds ? dialect(engine, { sqlite: 'responses INDEXED BY responses_service_date', postgres: 'responses' }) : 'responses';

/** The SQL condition selecting one profile group in responses ('na' also takes NULL), with its parameter. */
function groupCondition(group: NonNullable<TotalsQuery['group']>): { sql: string; arg: string } {
  const col = DIMENSION_COLUMN[group.dimension];
  return group.value === PREFER_NOT ? { sql: `(${col} IS NULL OR ${col} = ?)`, arg: PREFER_NOT } : { sql: `${col} = ?`, arg: group.value };
}

/** Raw scan of responses by service, through the (service_id, local_date) index. */
function rawByService(q: Queryable, tq: TotalsQuery, from: string, to: string): Promise<Row[]> {
  const g = tq.group ? groupCondition(tq.group) : null;
  const sql = sqlOnce(`raw|${q.engine}|${tq.serviceIds ? 's' : 'a'}|${tq.channel ? 'c' : ''}|${g?.sql ?? ''}`, () => {
    const conds = [...scopeCond(q.engine, tq), 'local_date BETWEEN ? AND ?', COUNTED, ...(tq.channel ? ['channel = ?'] : []), ...(g ? [g.sql] : [])];
    return `SELECT service_id, ${RAW_METRICS} FROM ${responsesOf(q.engine, tq)} ${where(conds)} GROUP BY service_id`;
  });
  return q.all<Row>(sql, [...scopeArgs(tq), from, to, ...(tq.channel ? [tq.channel] : []), ...(g ? [g.arg] : [])]);
}

/** Sums of the totals of one table (totals_month by month, totals_day by day) by service, optionally for one channel. */
function channelTotals(q: Queryable, tq: TotalsQuery, table: 'totals_month' | 'totals_day', from: string, to: string): Promise<Row[]> {
  const col = table === 'totals_month' ? 'month' : 'day';
  const sql = sqlOnce(`sum|${q.engine}|${table}|${tq.serviceIds ? 's' : 'a'}|${tq.channel ? 'c' : ''}`, () => {
    const conds = [...scopeCond(q.engine, tq), `${col} BETWEEN ? AND ?`, ...(tq.channel ? ['channel = ?'] : [])];
    return `SELECT service_id, ${SUM_METRICS} FROM ${table} ${where(conds)} GROUP BY service_id`;
  });
  return q.all<Row>(sql, [...scopeArgs(tq), from, to, ...(tq.channel ? [tq.channel] : [])]);
}

/** Sums of one profile group's monthly totals by service. */
function groupTotals(q: Queryable, tq: TotalsQuery, group: NonNullable<TotalsQuery['group']>, first: string, last: string): Promise<Row[]> {
  const sql = sqlOnce(`group|${q.engine}|${tq.serviceIds ? 's' : 'a'}`, () => {
    const conds = [...scopeCond(q.engine, tq), 'month BETWEEN ? AND ?', 'dimension = ?', 'grp = ?'];
    return `SELECT service_id, ${SUM_METRICS} FROM totals_group_month ${where(conds)} GROUP BY service_id`;
  });
  return q.all<Row>(sql, [...scopeArgs(tq), first, last, group.dimension, group.value]);
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
export async function readTotalsByService(q: Queryable, tq: TotalsQuery): Promise<Map<number, Totals>> {
  const out = new Map<number, Totals>();
  if (tq.group && tq.channel) {
    collect(out, await rawByService(q, tq, tq.from, tq.to));
    return out;
  }
  const { months, edges } = splitByMonths(tq.from, tq.to);
  const span = monthSpan(months);
  if (span) {
    const [first, last] = span;
    collect(out, tq.group ? await groupTotals(q, tq, tq.group, first, last) : await channelTotals(q, tq, 'totals_month', first, last));
  }
  for (const edge of edges) {
    collect(out, tq.group ? await rawByService(q, tq, edge.from, edge.to) : await channelTotals(q, tq, 'totals_day', edge.from, edge.to));
  }
  return out;
}

/** The sum of every service's totals. */
export function sumTotals(byService: Iterable<Totals>): Totals {
  const t = emptyTotals();
  for (const x of byService) addInto(t, x);
  return t;
}

export type Breakdowns = Record<Dimension | 'channel', Record<string, Totals>>;

/**
 * Per group of every profile dimension, and per channel, over the whole query scope (no group filter).
 * Whole months carry counts and sums only (reach and IKM by group), not the sums of squares and boxes.
 */
export async function readBreakdowns(q: Queryable, tq: TotalsQuery): Promise<Breakdowns> {
  const out = Object.fromEntries([...DIMENSION_NAMES, 'channel'].map((d) => [d, {}])) as Breakdowns;
  const add = (dim: Dimension | 'channel', grp: string, t: Totals): void => {
    addInto((out[dim][grp] ??= emptyTotals()), t);
  };
  const scoped = tq.serviceIds ? 's' : 'a';
  const channel = tq.channel ? [tq.channel] : [];
  // Edge days from responses, counts and sums only (one narrow GROUP BY per dimension measured
  // faster than one GROUP BY over every dimension at once).
  const rawGroups = async (from: string, to: string): Promise<void> => {
    for (const dim of DIMENSION_NAMES) {
      const sql = sqlOnce(`rawgroups|${q.engine}|${scoped}|${tq.channel ? 'c' : ''}|${dim}`, () => {
        const conds = [...scopeCond(q.engine, tq), 'local_date BETWEEN ? AND ?', COUNTED, ...(tq.channel ? ['channel = ?'] : [])];
        return `SELECT COALESCE(${DIMENSION_COLUMN[dim]}, '${PREFER_NOT}') AS grp, ${RAW_COUNTS} FROM ${responsesOf(q.engine, tq)} ${where(conds)} GROUP BY 1`;
      });
      const rows = await q.all<Row & { grp: string }>(sql, [...scopeArgs(tq), from, to, ...channel]);
      for (const r of rows) add(dim, r.grp, rowToTotals(r));
    }
  };
  const { months, edges } = splitByMonths(tq.from, tq.to);
  const span = monthSpan(months);
  if (tq.channel) await rawGroups(tq.from, tq.to);
  else {
    if (span) {
      const sql = sqlOnce(`groups|${q.engine}|${scoped}`, () => {
        const conds = [...scopeCond(q.engine, tq), 'month BETWEEN ? AND ?'];
        return `SELECT dimension, grp, ${SUM_COUNTS} FROM totals_group_month ${where(conds)} GROUP BY dimension, grp`;
      });
      const rows = await q.all<Row & { dimension: Dimension; grp: string }>(sql, [...scopeArgs(tq), ...span]);
      for (const r of rows) add(r.dimension, r.grp, rowToTotals(r));
    }
    for (const e of edges) await rawGroups(e.from, e.to);
  }
  // channels from the channel-keyed totals
  const channelRows = (table: 'totals_month' | 'totals_day', from: string, to: string) => {
    const col = table === 'totals_month' ? 'month' : 'day';
    const sql = sqlOnce(`channels|${q.engine}|${table}|${scoped}|${tq.channel ? 'c' : ''}`, () => {
      const conds = [...scopeCond(q.engine, tq), `${col} BETWEEN ? AND ?`, ...(tq.channel ? ['channel = ?'] : [])];
      return `SELECT channel AS grp, ${SUM_COUNTS} FROM ${table} ${where(conds)} GROUP BY channel`;
    });
    return q.all<Row & { grp: string }>(sql, [...scopeArgs(tq), from, to, ...channel]);
  };
  if (span) for (const r of await channelRows('totals_month', ...span)) add('channel', r.grp, rowToTotals(r));
  for (const e of edges) for (const r of await channelRows('totals_day', e.from, e.to)) add('channel', r.grp, rowToTotals(r));
  return out;
}

/** Baseline and ad-hoc path: the same totals by scanning responses (benchmarks compare against it). */
export async function rawTotalsByService(q: Queryable, tq: TotalsQuery): Promise<Map<number, Totals>> {
  const out = new Map<number, Totals>();
  collect(out, await rawByService(q, tq, tq.from, tq.to));
  return out;
}
