import { ELEMENT_CODES, emptyTotals, type Totals } from '../indicators/types.js';
import type { Dimension } from '../vocabulary/profile.js';

/**
 * Column lists of the totals tables (migration 002), derived from the element codes so the
 * nine-element shape is written once. Every totals table has these metric columns.
 */
const EL = ELEMENT_CODES.map((c) => c.toLowerCase());
const ELEMENT_METRICS = ['n', 'sum', 'sq', 'c4', 'c12'] as const;
export const METRICS = ['n', 'mean_sum', 'mean_sq', ...EL.flatMap((e) => ELEMENT_METRICS.map((m) => `${e}_${m}`))];

/** Response column of each profile dimension. */
export const DIMENSION_COLUMN: Record<Dimension, string> = {
  gender: 'gender',
  age: 'age_band',
  education: 'education',
  occupation: 'occupation',
  disability: 'disability',
  endstate: 'end_state',
};

/** The responses that count: an excluded one (quarantine, server/data/quarantine.ts) is in no total or raw read. */
export const COUNTED = 'excluded = 0';

/** SUM(m) AS m for every metric: aggregates totals rows. */
export const SUM_METRICS = METRICS.map((m) => `SUM(${m}) AS ${m}`).join(', ');

/**
 * Only the counts and sums: what reach and IKM by group need. Group breakdowns sum these, a
 * third of the columns, since they aggregate the most rows (every group of every dimension).
 */
export const SUM_COUNTS = ['n', ...EL.flatMap((e) => [`${e}_n`, `${e}_sum`])].map((m) => `SUM(${m}) AS ${m}`).join(', ');

/**
 * The respondent's own mean over the elements they answered (1-4), from a responses row, in binary
 * floating point on both engines as the running totals compute it in JavaScript: `DOUBLE PRECISION`
 * is PostgreSQL's float8 and has REAL affinity in SQLite (`* 1.0` would be exact numeric in PostgreSQL).
 */
const ANSWERED = EL.map((e) => `(CASE WHEN e_${e} IS NULL THEN 0 ELSE 1 END)`).join(' + ');
const RESPONDENT_MEAN = `(CAST(${EL.map((e) => `COALESCE(e_${e}, 0)`).join(' + ')} AS DOUBLE PRECISION) / (${ANSWERED}))`;

/**
 * Aggregates straight from responses (raw scans and rebuilds), named like the metric columns, in
 * SQL that both engines run: COALESCE(SUM(x), 0) for SQLite's TOTAL(x), CASE WHEN for the boolean
 * sums that only SQLite can add up (measured on SQLite: no slower).
 */
export const RAW_METRICS = [
  'count(*) AS n',
  `COALESCE(SUM(${RESPONDENT_MEAN}), 0) AS mean_sum`,
  `COALESCE(SUM(${RESPONDENT_MEAN} * ${RESPONDENT_MEAN}), 0) AS mean_sq`,
  ...EL.flatMap((e) => [
    `count(e_${e}) AS ${e}_n`,
    `COALESCE(SUM(e_${e}), 0) AS ${e}_sum`,
    `COALESCE(SUM(e_${e} * e_${e}), 0) AS ${e}_sq`,
    `COALESCE(SUM(CASE WHEN e_${e} = 4 THEN 1 ELSE 0 END), 0) AS ${e}_c4`,
    `COALESCE(SUM(CASE WHEN e_${e} <= 2 THEN 1 ELSE 0 END), 0) AS ${e}_c12`,
  ]),
].join(',\n  ');

/** Counts and sums straight from responses (group breakdowns of edge days). */
export const RAW_COUNTS = ['count(*) AS n', ...EL.flatMap((e) => [`count(e_${e}) AS ${e}_n`, `COALESCE(SUM(e_${e}), 0) AS ${e}_sum`])].join(', ');

/** Metric values of one response, in METRICS order. */
export function responseMetrics(answers: ReadonlyArray<number | null>): number[] {
  const given = answers.filter((v): v is number => v !== null);
  const mean = given.reduce((a, b) => a + b, 0) / given.length;
  return [1, mean, mean * mean, ...answers.flatMap((v) => (v === null ? [0, 0, 0, 0, 0] : [1, v, v * v, v === 4 ? 1 : 0, v <= 2 ? 1 : 0]))];
}

/**
 * INSERT ... ON CONFLICT DO UPDATE adding one response's metrics to `rows` totals rows of a table
 * (one multi-row statement: fewer round trips). Runs on both engines; on PostgreSQL it locks the
 * rows in the order of its VALUES, so callers list them in one fixed order.
 */
export function upsertSql(table: string, keys: string[], rows = 1): string {
  const cols = [...keys, ...METRICS];
  const row = `(${cols.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array<string>(rows).fill(row).join(', ')}
    ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${METRICS.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')}`;
}

/** Column names of each element's metrics, computed once (rowToTotals runs per row read). */
const ELEMENT_KEYS = ELEMENT_CODES.map((code, i) => {
  const e = EL[i] as string;
  return { code, n: `${e}_n`, sum: `${e}_sum`, sq: `${e}_sq`, c4: `${e}_c4`, c12: `${e}_c12` };
});

/** A totals row (metric columns) as Totals; a column the row lacks counts as 0. */
export function rowToTotals(row: Record<string, number | null>): Totals {
  const t = emptyTotals();
  t.n = row.n ?? 0;
  t.meanSum = row.mean_sum ?? 0;
  t.meanSumSq = row.mean_sq ?? 0;
  for (const k of ELEMENT_KEYS) {
    t.elements[k.code] = { n: row[k.n] ?? 0, sum: row[k.sum] ?? 0, sumSq: row[k.sq] ?? 0, c4: row[k.c4] ?? 0, c12: row[k.c12] ?? 0 };
  }
  return t;
}
