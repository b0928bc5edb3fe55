import { DIMENSION_NAMES, PREFER_NOT } from '../vocabulary/profile.js';
import { dialect, type Queryable } from './engine/index.js';
import type { Engine } from './engine/types.js';
import { COUNTED, DIMENSION_COLUMN, METRICS, RAW_METRICS } from './totals-sql.js';

// The running totals compared with a recomputation from the responses that count, row by row, on
// both engines (`npm run check` and db:copy's verification). A row missing on one side counts as
// zeros; integers must be equal, the fractional sums (each respondent's mean) within TOLERANCE.

export const TOTALS_TABLES = ['totals_day', 'totals_month', 'totals_group_month'] as const;
export type TotalsTable = (typeof TOTALS_TABLES)[number];

const TOTALS_KEYS: Record<TotalsTable, readonly string[]> = {
  totals_day: ['service_id', 'day', 'channel'],
  totals_month: ['service_id', 'month', 'channel'],
  totals_group_month: ['service_id', 'month', 'dimension', 'grp'],
};

/** Fractional totals (sums of each respondent's mean) agree within this relative error; integers exactly. */
export const TOLERANCE = 1e-9;
const FRACTIONAL = new Set(['mean_sum', 'mean_sq']);

/** One totals row that differs: its key, and the first metric that differs with both values. */
export interface TotalsDifference {
  table: TotalsTable;
  key: Record<string, string | number>;
  metric: string;
  stored: number;
  recomputed: number;
}

export interface TotalsTableCheck {
  table: TotalsTable;
  /** rows stored */
  rows: number;
  /** rows that differ (stored, missing or extra) */
  wrong: number;
  /** the first of them, in key order */
  examples: TotalsDifference[];
}

/**
 * Each table as recomputeTotals would rebuild it, straight from the responses (months too, not from
 * the days). The groups of every dimension: one scan per dimension on SQLite; on PostgreSQL one scan
 * with a grouping set per dimension (GROUPING() tells which set a row belongs to), as db:copy of a
 * large database needs.
 */
function recomputed(engine: Engine, table: TotalsTable): string {
  if (table === 'totals_day') {
    return `SELECT service_id, local_date AS day, channel, ${RAW_METRICS} FROM responses WHERE ${COUNTED} GROUP BY service_id, local_date, channel`;
  }
  if (table === 'totals_month') {
    return `SELECT service_id, substr(local_date, 1, 7) AS month, channel, ${RAW_METRICS} FROM responses WHERE ${COUNTED}
      GROUP BY service_id, substr(local_date, 1, 7), channel`;
  }
  // the dimension's name and the 'not stated' group are constants of the code, written as literals
  if (engine === 'postgres') {
    const dims = DIMENSION_NAMES.map((dim, i) => ({ dim, alias: `g${i}`, expr: `COALESCE(${DIMENSION_COLUMN[dim]}, '${PREFER_NOT}')` }));
    return `SELECT service_id, month, CASE ${dims.map((d) => `WHEN GROUPING(${d.alias}) = 0 THEN '${d.dim}'`).join(' ')} END AS dimension,
        COALESCE(${dims.map((d) => d.alias).join(', ')}) AS grp, ${RAW_METRICS}
      FROM (SELECT x.*, substr(local_date, 1, 7) AS month, ${dims.map((d) => `${d.expr} AS ${d.alias}`).join(', ')} FROM responses x WHERE x.${COUNTED}) x
      GROUP BY GROUPING SETS (${dims.map((d) => `(service_id, month, ${d.alias})`).join(', ')})`;
  }
  return DIMENSION_NAMES.map((dim) => {
    const grp = `COALESCE(${DIMENSION_COLUMN[dim]}, '${PREFER_NOT}')`;
    return `SELECT service_id, substr(local_date, 1, 7) AS month, '${dim}' AS dimension, ${grp} AS grp, ${RAW_METRICS}
      FROM responses WHERE ${COUNTED} GROUP BY service_id, substr(local_date, 1, 7), ${grp}`;
  }).join('\nUNION ALL\n');
}

/** The comparison of one table: rows of either side that differ, with both sides' metrics (r_*, t_*). */
function comparisonSql(q: Queryable, table: TotalsTable, examples: number): string {
  const keys = TOTALS_KEYS[table];
  const larger = (a: string, b: string) => dialect(q.engine, { sqlite: `max(${a}, ${b})`, postgres: `greatest(${a}, ${b})` });
  const differs = METRICS.map((m) => {
    const [r, t] = [`COALESCE(r.${m}, 0)`, `COALESCE(t.${m}, 0)`];
    return FRACTIONAL.has(m) ? `abs(${r} - ${t}) > ${TOLERANCE} * ${larger('1', `abs(${t})`)}` : `${r} <> ${t}`;
  }).join(' OR ');
  const keyCols = keys.map((k) => `COALESCE(r.${k}, t.${k}) AS k_${k}`);
  const metricCols = METRICS.flatMap((m) => [`COALESCE(r.${m}, 0) AS r_${m}`, `COALESCE(t.${m}, 0) AS t_${m}`]);
  return `WITH r AS (${recomputed(q.engine, table)})
    SELECT ${[...keyCols, ...metricCols].join(', ')}, count(*) OVER () AS wrong
      FROM r FULL JOIN ${table} t ON ${keys.map((k) => `t.${k} = r.${k}`).join(' AND ')}
     WHERE ${differs}
     ORDER BY ${keys.map((k) => `k_${k}`).join(', ')}
     LIMIT ${examples}`;
}

function difference(table: TotalsTable, row: Record<string, string | number>): TotalsDifference {
  const key = Object.fromEntries(TOTALS_KEYS[table].map((k) => [k, row[`k_${k}`] as string | number]));
  for (const m of METRICS) {
    const [stored, re] = [Number(row[`t_${m}`]), Number(row[`r_${m}`])];
    const off = FRACTIONAL.has(m) ? Math.abs(re - stored) > TOLERANCE * Math.max(1, Math.abs(stored)) : re !== stored;
    if (off) return { table, key, metric: m, stored, recomputed: re };
  }
  return { table, key, metric: 'n', stored: Number(row.t_n), recomputed: Number(row.r_n) };
}

/**
 * Compares every totals table with a recomputation from the responses that count (excluded ones
 * out), in the caller's transaction or snapshot `q`. Returns, per table, how many rows differ and
 * the first `examples` of them.
 */
export async function compareTotals(q: Queryable, { examples = 5 }: { examples?: number } = {}): Promise<TotalsTableCheck[]> {
  const out: TotalsTableCheck[] = [];
  for (const table of TOTALS_TABLES) {
    const bad = await q.all<Record<string, string | number>>(comparisonSql(q, table, examples));
    const rows = Number(await q.value(`SELECT count(*) FROM ${table}`));
    out.push({ table, rows, wrong: bad.length ? Number(bad[0]?.wrong) : 0, examples: bad.map((b) => difference(table, b)) });
  }
  return out;
}

/** A difference in words, for logs and the command line: "totals_day (service 3, day 2026-01-05, channel link): n stored 5, recomputed 4". */
export function describeDifference(d: TotalsDifference, serviceCodes: ReadonlyMap<number, string> = new Map()): string {
  const key = Object.entries(d.key)
    .map(([k, v]) => (k === 'service_id' ? `service ${v}${serviceCodes.has(Number(v)) ? ` (${serviceCodes.get(Number(v))})` : ''}` : `${k} ${v}`))
    .join(', ');
  return `${d.table} (${key}): ${d.metric} stored ${d.stored}, recomputed ${d.recomputed}`;
}
