/**
 * EXPLAIN QUERY PLAN of the statements the app really runs: a recording Queryable keeps every SQL text and
 * its arguments, then each is explained on the plain connection (performance.md: check plans).
 */
import type { Db } from '../server/db.js';
import type { Queryable } from '../server/data/engine/index.js';
import type { Param } from '../server/data/engine/types.js';
import { RAW_METRICS, SUM_METRICS } from '../server/data/totals-sql.js';

export interface Recorded {
  sql: string;
  args: unknown[];
}

/** A Queryable (the async data layer's handle) that records what it runs into `into`. */
export function recordingQueryable(q: Queryable, into: Recorded[]): Queryable {
  const record = (sql: string, params: readonly Param[] = []): void => void into.push({ sql, args: [...params] });
  return {
    engine: q.engine,
    all: (sql, params) => (record(sql, params), q.all(sql, params)),
    get: (sql, params) => (record(sql, params), q.get(sql, params)),
    run: (sql, params) => (record(sql, params), q.run(sql, params)),
    value: (sql, params) => (record(sql, params), q.value(sql, params)),
  };
}

/** The SQL with the long metric lists folded, on one line. */
export function shortSql(sql: string): string {
  return sql.split(SUM_METRICS).join('<SUM of 48 metrics>').split(RAW_METRICS).join('<48 raw metrics>').replace(/\s+/g, ' ').trim();
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** The plan as indented lines. */
export function explain(db: Db, r: Recorded): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.args) as PlanRow[];
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((row) => {
    const d = (depth.get(row.parent) ?? 0) + 1;
    depth.set(row.id, d);
    return `${'  '.repeat(d)}${row.detail}`;
  });
}

/** Does a plan visit every row of responses (SCAN, with or without an index, as opposed to SEARCH)? */
export const scansAllResponses = (plan: string[]): boolean => plan.some((l) => /\bSCAN responses\b/.test(l));
/** Does a plan touch responses at all? */
export const readsResponses = (plan: string[]): boolean => plan.some((l) => /\bresponses\b/.test(l));
