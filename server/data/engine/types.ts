/**
 * The data layer's one door to the database, the same for SQLite and PostgreSQL: SQL is written
 * once as SQL with `?` placeholders (converted to $1, $2 ... for PostgreSQL); where the dialects
 * truly differ, `dialect` picks one of two forms written side by side. Every call is async, so
 * routes, views and the indicator math never know which engine runs.
 */
export type Engine = 'sqlite' | 'postgres';

export type Param = string | number | bigint | boolean | null | Buffer;
export type Row = Record<string, unknown>;

export interface Queryable {
  readonly engine: Engine;
  /** every row */
  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** the first row, or undefined */
  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  /** a write: how many rows it changed */
  run(sql: string, params?: readonly Param[]): Promise<{ changes: number }>;
  /** the first column of the first row, or undefined (COUNT, MAX, INSERT ... RETURNING id) */
  value<T = unknown>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
}

export interface Database extends Queryable {
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Two
   * transactions never interleave on SQLite's single connection; a query outside a transaction
   * waits for the running one, so it never joins it by accident.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The same statement in each dialect, side by side, where they differ. */
export function dialect(engine: Engine, forms: { sqlite: string; postgres: string }): string {
  return forms[engine];
}
