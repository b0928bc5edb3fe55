import type { Engine } from './types.js';

/**
 * `IN (...)` over a list passed as ONE parameter, JSON text of an array of integers, so that a
 * statement's text does not change with the list's length (SQLite caches statements by text):
 *   `WHERE service_id IN ${inList(q.engine)}` with `[JSON.stringify(ids)]`.
 */
export function inList(engine: Engine): string {
  return engine === 'sqlite' ? '(SELECT value FROM json_each(?))' : '(SELECT value::bigint FROM json_array_elements_text(?::json) AS value)';
}
