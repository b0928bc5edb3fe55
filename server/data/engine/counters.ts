import { PostgresDatabase } from './postgres.js';
import type { Queryable } from './types.js';

/**
 * The handle for counters whose loss in a crash costs nothing (rate limits, flood counts): on
 * PostgreSQL a pool whose commits do not wait for the disk (PostgresDatabase.counters); anything
 * else is used as it is (SQLite keeps such counts in memory, one process serving the file).
 */
export function countersOf(q: Queryable): Queryable {
  return q instanceof PostgresDatabase ? q.counters() : q;
}
