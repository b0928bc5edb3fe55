/**
 * EXPLAIN QUERY PLAN of the statements the app really runs: a Db proxy records every SQL text and
 * its arguments, then each is explained on the plain connection (performance.md: check plans).
 */
import type { Db } from '../server/db.js';
import { RAW_METRICS, SUM_METRICS } from '../server/data/totals-sql.js';

export interface Recorded {
  sql: string;
  args: unknown[];
}

/** A Db whose prepared statements record what they run into `into`. */
export function recordingDb(db: Db, into: Recorded[]): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          const stmt = target.prepare(sql);
          return new Proxy(stmt, {
            get(s, p) {
              const value = Reflect.get(s, p, s) as unknown;
              if (typeof value !== 'function') return value;
              if (p === 'all' || p === 'get' || p === 'run' || p === 'iterate') {
                return (...args: unknown[]) => {
                  into.push({ sql, args });
                  return (value as (...a: unknown[]) => unknown).apply(s, args);
                };
              }
              return (value as (...a: unknown[]) => unknown).bind(s);
            },
          });
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
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
