import pg from 'pg';
import { toNumbered } from './placeholders.js';
import type { Database, Param, Queryable, Row } from './types.js';

/**
 * Numbers come back as numbers, as from SQLite: COUNT and SUM of integers are int8 and numeric in
 * PostgreSQL, which pg returns as strings to keep their precision. Our counts and sums stay far
 * below 2^53, so they parse as plain numbers. Set per pool, never on pg's global parsers.
 */
const NUMERIC_OIDS = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const toNumber = (text: string): number => Number(text);
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (NUMERIC_OIDS.has(oid) ? toNumber : pg.types.getTypeParser(oid, format)) as unknown,
};

type Client = Pick<pg.PoolClient, 'query'>;

/** Connections of the counters' pool (see counters()). */
const RELAXED_MAX = 3;

function handle(client: Client): Queryable {
  const query = async (sql: string, params: readonly Param[] = [], rowMode?: 'array') =>
    client.query({ text: toNumbered(sql), values: params as unknown[], ...(rowMode ? { rowMode } : {}) });
  return {
    engine: 'postgres',
    all: async <T>(sql: string, params?: readonly Param[]) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params?: readonly Param[]) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params?: readonly Param[]) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    value: async <T>(sql: string, params?: readonly Param[]) => ((await query(sql, params, 'array')).rows[0] as unknown[] | undefined)?.[0] as T | undefined,
  };
}

/** PostgreSQL through a pool: each statement on any free connection, a transaction on one. */
export class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  private readonly pooled: Queryable;
  private relaxedPool: pg.Pool | undefined;
  private relaxedHandle: Queryable | undefined;

  constructor(
    readonly pool: pg.Pool,
    private readonly relaxedConfig?: pg.PoolConfig,
  ) {
    this.pooled = handle(pool);
  }

  /** A pool for a postgres:// URL, with our number parsing. */
  static connect(url: string, options: Omit<pg.PoolConfig, 'connectionString' | 'types'> = {}): PostgresDatabase {
    const config = { connectionString: url, types, max: 10, ...options };
    // `options` given here replaces the URL's own (a search_path, say): the counters' pool keeps both
    const given = [new URL(url).searchParams.get('options'), options.options].filter(Boolean).join(' ');
    return new PostgresDatabase(new pg.Pool(config), { ...config, max: RELAXED_MAX, options: `${given} -c synchronous_commit=off`.trim() });
  }

  /**
   * For counters whose loss in a crash costs nothing (rate limits, flood counts): statements on a
   * small pool of their own whose commits do not wait for the WAL to reach the disk, so a citizen's
   * post waits for one sync, its response's, not three. Never for data that must survive.
   */
  counters(): Queryable {
    if (!this.relaxedConfig) return this;
    if (!this.relaxedHandle) {
      this.relaxedPool = new pg.Pool(this.relaxedConfig);
      this.relaxedHandle = handle(this.relaxedPool);
    }
    return this.relaxedHandle;
  }

  all<T = Row>(sql: string, params?: readonly Param[]): Promise<T[]> {
    return this.pooled.all<T>(sql, params);
  }

  get<T = Row>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    return this.pooled.get<T>(sql, params);
  }

  run(sql: string, params?: readonly Param[]): Promise<{ changes: number }> {
    return this.pooled.run(sql, params);
  }

  value<T = unknown>(sql: string, params?: readonly Param[]): Promise<T | undefined> {
    return this.pooled.value<T>(sql, params);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(handle(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.relaxedPool?.end()]);
  }
}

