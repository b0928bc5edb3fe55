import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';

/** DATABASE_URL for the PostgreSQL tests; throws, with what to do, when it is not a postgres:// URL. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      `The PostgreSQL tests need DATABASE_URL=postgres://user:password@host:port/database (got ${
        url ? 'a URL that is not postgres://' : 'none'
      }). Start a throwaway cluster with: export "$(.ci/pg-cluster start)"; then npm run test:pg; .ci/pg-cluster stop`,
    );
  }
  return url;
}

async function asAdmin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, uniquely named schema in the DATABASE_URL database, so that each test file works alone.
 * `pool`'s connections use it (search_path); `url` is DATABASE_URL with the same search_path in
 * its `options` parameter, so a pool or a child process made from the URL alone lands there too.
 * `drop()` ends the pool and drops the schema with everything in it.
 */
export async function pgSchema(): Promise<{ pool: pg.Pool; url: string; schema: string; drop: () => Promise<void> }> {
  const base = databaseUrl();
  const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await asAdmin(base, `CREATE SCHEMA "${schema}"`);
  const options = `-c search_path=${schema}`;
  const url = new URL(base);
  url.searchParams.set('options', options);
  const pool = new pg.Pool({ connectionString: base, options, max: 5 });
  let dropped = false;
  return {
    pool,
    url: url.toString(),
    schema,
    // An arrow function: `drop` may be passed around unbound (cleanups.push(s.drop)).
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await pool.end();
      await asAdmin(base, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/**
 * For a test file: `open()` gives each test a fresh schema (migrated unless `migrate: false`) behind
 * the app's own adapter, and every schema is dropped when the file ends.
 */
export function pgDatabases(opts: { migrate?: boolean; max?: number } = {}): () => Promise<PostgresDatabase> {
  const dropped: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const drop of dropped) await drop();
  });
  return async () => {
    const s = await pgSchema();
    dropped.push(s.drop);
    if (opts.migrate !== false) await migratePg(s.pool);
    return PostgresDatabase.connect(s.url, { options: `-c search_path=${s.schema}`, max: opts.max ?? 5 });
  };
}
