import type { Engine } from './types.js';

/**
 * `column` is one of a list of integers passed as ONE parameter, JSON text of an array, so that a
 * statement's text does not change with the list's length (SQLite caches statements by text):
 *   `WHERE ${inList(q.engine, 'service_id')}` with `[JSON.stringify(ids)]`.
 * PostgreSQL gets `= ANY(array)` built from the same text: its planner then sees how many ids the
 * list holds (a set-returning json function is always estimated at 100 rows, which made it scan
 * whole totals tables for one service), and the primary-key index serves the condition.
 */
export function inList(engine: Engine, column: string): string {
  return engine === 'sqlite' ? `${column} IN (SELECT value FROM json_each(?))` : `${column} = ANY(translate(?, '[]', '{}')::bigint[])`;
}
