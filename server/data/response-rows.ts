import { ELEMENT_CODES } from '../indicators/types.js';
import type { Engine, Param, Queryable } from './engine/types.js';

// Bulk loads of responses (the demo agency, the benchmark's dataset): many rows a statement. A survey
// post stores its one response through responses.ts instead.

/** The columns a bulk load fills, in the order of each row's values. */
export const RESPONSE_ROW_COLUMNS = [
  'service_id',
  'submitted_at',
  'local_date',
  'channel',
  'lang',
  'gender',
  'age',
  'age_band',
  'education',
  'occupation',
  'disability',
  ...ELEMENT_CODES.map((c) => `e_${c.toLowerCase()}`),
  'comment',
] as const;

/** One response's values in RESPONSE_ROW_COLUMNS order. */
export type ResponseRow = readonly Param[];

const WIDTH = RESPONSE_ROW_COLUMNS.length;

/**
 * Rows per INSERT. SQLite binds at most 32,766 values a statement, PostgreSQL 65,535 (1,560 and
 * 3,120 rows of 21 columns). Measured inserting the demo's 38k responses: on SQLite 100 to 500 rows
 * a statement cost the same and 1,000 or more cost more (binding outweighs the statements saved);
 * on a local PostgreSQL 500 to 1,000 were fastest, 2,000 or more slower. A remote server's round
 * trips favour the larger batch.
 */
const ROWS_PER_INSERT: Record<Engine, number> = { sqlite: 500, postgres: 1000 };

const statements = new Map<number, string>();
/** The INSERT of `rows` rows, built once per size (the same text each time: SQLite reuses it). */
function insertSql(rows: number): string {
  let sql = statements.get(rows);
  if (sql === undefined) {
    const one = `(${RESPONSE_ROW_COLUMNS.map(() => '?').join(', ')})`;
    sql = `INSERT INTO responses (${RESPONSE_ROW_COLUMNS.join(', ')}) VALUES ${Array<string>(rows).fill(one).join(', ')}`;
    if (statements.size < 100) statements.set(rows, sql);
  }
  return sql;
}

const isAsync = <T>(rows: Iterable<T> | AsyncIterable<T>): rows is AsyncIterable<T> => Symbol.asyncIterator in rows;

/**
 * Inserts the rows in multi-row INSERTs of ROWS_PER_INSERT rows (the last one shorter), in the
 * order given; returns how many. Call it with a transaction: a bulk load commits whole. A sync
 * iterable (a generator) is read without a pause between rows, an async one as it yields.
 * `rowsPerInsert` (tests): another statement size, within the engine's limit.
 * @throws Error when a row does not have one value per column.
 */
export async function insertResponseRows(q: Queryable, rows: Iterable<ResponseRow> | AsyncIterable<ResponseRow>, rowsPerInsert = ROWS_PER_INSERT[q.engine]): Promise<number> {
  const full = insertSql(rowsPerInsert);
  const values = new Array<Param>(rowsPerInsert * WIDTH);
  let k = 0;
  let count = 0;
  const put = (row: ResponseRow): boolean => {
    if (row.length !== WIDTH) throw new Error(`insertResponseRows: a row has ${row.length} values, not ${WIDTH}`);
    for (let i = 0; i < WIDTH; i++) values[k++] = row[i] as Param;
    count++;
    return k === values.length;
  };
  if (isAsync(rows)) {
    for await (const row of rows) {
      if (put(row)) {
        await q.run(full, values);
        k = 0;
      }
    }
  } else {
    for (const row of rows) {
      if (put(row)) {
        await q.run(full, values);
        k = 0;
      }
    }
  }
  if (k > 0) await q.run(insertSql(k / WIDTH), values.slice(0, k));
  return count;
}
