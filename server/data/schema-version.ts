import type { Queryable } from './engine/index.js';

/**
 * The highest migration applied: SQLite keeps it in PRAGMA user_version, PostgreSQL in the
 * schema_migrations table (server/data/engine/migrate-pg.ts), which a database never migrated lacks.
 */
export async function schemaVersion(q: Queryable): Promise<number> {
  if (q.engine === 'sqlite') return (await q.value<number>('PRAGMA user_version')) ?? 0;
  const table = await q.value<string | null>("SELECT to_regclass('schema_migrations')::text");
  if (!table) return 0;
  return (await q.value<number>('SELECT COALESCE(MAX(version), 0) FROM schema_migrations')) ?? 0;
}
