import { openDb } from '../../db.js';
import { PostgresDatabase } from './postgres.js';
import { SqliteDatabase } from './sqlite.js';
import type { Database } from './types.js';

export { dialect, type Database, type Engine, type Param, type Queryable, type Row } from './types.js';
export { PostgresDatabase } from './postgres.js';
export { SqliteDatabase } from './sqlite.js';

/** The engine the configuration names: PostgreSQL for a postgres:// URL, else the SQLite file. */
export function openDatabase(where: { databaseUrl?: string | undefined; databasePath: string }): Database {
  if (where.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(where.databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
    return PostgresDatabase.connect(where.databaseUrl);
  }
  return new SqliteDatabase(openDb(where.databasePath));
}
