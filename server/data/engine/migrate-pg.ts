import { join } from 'node:path';
import type pg from 'pg';
import { listMigrations } from '../../db.js';
import { paths } from '../../paths.js';

/**
 * Key of the session-level advisory lock held while migrating: app processes starting together on
 * one database migrate once (the second waits for the first, then finds nothing to do). Fixed and
 * arbitrary ("mutu-mig" in ASCII); it locks the whole database, whatever the schema.
 */
const MIGRATION_LOCK_KEY = 0x6d7574752d6d6967n;

/** db/migrations/pg: the PostgreSQL migrations, numbered as the SQLite ones in db/migrations. */
export const PG_MIGRATIONS_DIR = join(paths.migrations, 'pg');

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

/**
 * Applies every migration in `dir` whose version is not yet in schema_migrations, in order, each in
 * its own transaction with its row in schema_migrations, all under a database-wide advisory lock.
 * Tables go to the connection's search_path (its first schema). Returns the names applied.
 * A failing migration is rolled back whole and its error thrown; the ones before it stay applied.
 */
export async function migratePg(pool: pg.Pool, dir: string = PG_MIGRATIONS_DIR): Promise<string[]> {
  const migrations = listMigrations(dir);
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(CREATE_TABLE);
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw new Error(`PostgreSQL migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.name);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => {
        broken = true;
      });
    }
  } finally {
    // A connection that could not roll back or unlock is discarded (closing it frees the lock).
    client.release(broken);
  }
}

/** The highest migration version applied to the pool's schema; 0 for a database never migrated. */
export async function pgSchemaVersion(pool: pg.Pool): Promise<number> {
  const table = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!table.rows[0]?.t) return 0;
  const { rows } = await pool.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
  return rows[0]?.version ?? 0;
}
