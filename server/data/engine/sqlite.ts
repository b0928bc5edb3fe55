import type BetterSqlite from 'better-sqlite3';
import { Mutex } from './mutex.js';
import type { Database, Param, Queryable, Row } from './types.js';

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans become 1 and 0. */
const bind = (params: readonly Param[]): unknown[] => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/**
 * The embedded engine: better-sqlite3's synchronous calls behind the async interface, so a query
 * costs what it cost before plus one resolved promise. One connection, so a transaction holds a
 * mutex: other transactions wait for it, and so do queries outside it while it runs (they would
 * otherwise run inside it). With no transaction running, a query runs at once.
 */
export class SqliteDatabase implements Database {
  private static readonly wrappers = new WeakMap<BetterSqlite.Database, SqliteDatabase>();

  /** The one wrapper of a connection: everything sharing the connection shares its transaction lock. */
  static of(raw: BetterSqlite.Database): SqliteDatabase {
    let w = SqliteDatabase.wrappers.get(raw);
    if (!w) SqliteDatabase.wrappers.set(raw, (w = new SqliteDatabase(raw)));
    return w;
  }

  readonly engine = 'sqlite' as const;
  private readonly mutex = new Mutex();
  /** Runs statements straight on the connection: the transaction's handle, and the fast path. */
  private readonly direct: Queryable;

  constructor(readonly raw: BetterSqlite.Database) {
    const db = raw;
    // async on purpose: a failing statement rejects the promise instead of throwing synchronously
    /* eslint-disable @typescript-eslint/require-await */
    this.direct = {
      engine: 'sqlite',
      all: async <T>(sql: string, params: readonly Param[] = []) => db.prepare(sql).all(...bind(params)) as T[],
      get: async <T>(sql: string, params: readonly Param[] = []) => db.prepare(sql).get(...bind(params)) as T | undefined,
      run: async (sql: string, params: readonly Param[] = []) => ({ changes: db.prepare(sql).run(...bind(params)).changes }),
      value: async <T>(sql: string, params: readonly Param[] = []) => {
        const row = db.prepare(sql).raw(true).get(...bind(params)) as unknown[] | undefined;
        return row?.[0] as T | undefined;
      },
    };
    /* eslint-enable @typescript-eslint/require-await */
  }

  /** Waits for a running transaction, if any, before a statement outside it. */
  private async outside<T>(f: () => Promise<T>): Promise<T> {
    if (!this.mutex.locked) return f();
    const release = await this.mutex.acquire();
    try {
      return await f();
    } finally {
      release();
    }
  }

  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]> {
    return this.outside(() => this.direct.all<T>(sql, params));
  }

  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    return this.outside(() => this.direct.get<T>(sql, params));
  }

  run(sql: string, params?: readonly Param[]): Promise<{ changes: number }> {
    return this.outside(() => this.direct.run(sql, params));
  }

  value<T = unknown>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    return this.outside(() => this.direct.value<T>(sql, params));
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const release = await this.mutex.acquire();
    try {
      this.raw.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.direct);
        this.raw.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
        throw err;
      }
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    const release = await this.mutex.acquire();
    try {
      this.raw.close();
    } finally {
      release();
    }
  }
}
