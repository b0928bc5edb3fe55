import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { openDb } from '../db.js';
import { PostgresDatabase, SqliteDatabase, type Database } from '../data/engine/index.js';
import { lockDatabaseFile, type FileLock } from '../data/engine/lock-file.js';
import { describeUrl } from '../data/open.js';

/** A database opened by a command-line tool, as it is: never created, never migrated. */
export interface Opened {
  db: Database;
  /** "SQLite /path" or "PostgreSQL postgres://user@host/db" (never the password) */
  where: string;
  close: () => Promise<void>;
}

/**
 * The configured database (DATABASE_URL, else DATABASE_PATH, read by loadConfig as the app reads
 * them). `lock`: on SQLite, take the app's lock file first, so that the tool refuses to run while the
 * app serves the file (DatabaseLockedError) and the app cannot start meanwhile.
 * @throws Error when the SQLite file does not exist
 */
export function openExisting(env: Record<string, string | undefined>, { lock = false }: { lock?: boolean } = {}): Opened {
  const config = loadConfig(env);
  if (config.databaseUrl) {
    const db = PostgresDatabase.connect(config.databaseUrl, { max: 2, connectionTimeoutMillis: 10_000 });
    return { db, where: `PostgreSQL ${describeUrl(config.databaseUrl)}`, close: () => db.close() };
  }
  const file = resolve(config.databasePath);
  if (!existsSync(file)) throw new Error(`There is no database at ${file} (DATABASE_PATH).`);
  const fileLock: FileLock | undefined = lock ? lockDatabaseFile(file) : undefined;
  try {
    const raw = openDb(file);
    raw.pragma('busy_timeout = 10000'); // a backup or the app's own write may hold the lock for a moment
    const db = SqliteDatabase.of(raw);
    return {
      db,
      where: `SQLite ${file}`,
      close: async () => {
        await db.close();
        fileLock?.release();
      },
    };
  } catch (err) {
    fileLock?.release();
    throw err;
  }
}
