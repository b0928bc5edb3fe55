import type { Config } from '../config.js';
import { BUSY_TIMEOUT_MS, migrate, openDb } from '../db.js';
import { PostgresDatabase, SqliteDatabase, type Database } from './engine/index.js';
import { lockDatabaseFile, type FileLock } from './engine/lock-file.js';
import { migratePg } from './engine/migrate-pg.js';

/** The database an app process serves, opened and migrated. */
export interface OpenedStore {
  store: Database;
  /** Migrations applied now (names). */
  applied: string[];
  /** Where the data lives, for logs: the SQLite file, or the PostgreSQL host and database (never the password). */
  where: string;
  /** Closes the database and gives up the SQLite lock file. */
  readonly close: () => Promise<void>;
}

export type StoreConfig = Pick<Config, 'databaseUrl' | 'databasePath' | 'databasePoolMax'>;

/**
 * Opens the configured engine (contract "Storage engines"): PostgreSQL when databaseUrl is set,
 * else the SQLite file at databasePath, and applies the migrations it lacks (on PostgreSQL under an
 * advisory lock, so processes starting together migrate once). On SQLite it first takes the lock
 * file that refuses a second app process (`lock: false` for tools that may run beside the app).
 * @throws DatabaseLockedError when another app process serves the SQLite file.
 */
export async function openStore(config: StoreConfig, { lock = true }: { lock?: boolean } = {}): Promise<OpenedStore> {
  if (config.databaseUrl) {
    const store = PostgresDatabase.connect(config.databaseUrl, { max: config.databasePoolMax });
    try {
      const applied = await migratePg(store.pool);
      return { store, applied, where: describeUrl(config.databaseUrl), close: () => store.close() };
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }
  let fileLock: FileLock | undefined;
  if (lock && config.databasePath !== ':memory:') fileLock = lockDatabaseFile(config.databasePath);
  try {
    const db = openDb(config.databasePath);
    // Start-up may wait for a lock held elsewhere (a backup finishing); requests later wait 200 ms at most.
    db.pragma('busy_timeout = 10000');
    const applied = migrate(db);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const store = SqliteDatabase.of(db);
    return {
      store,
      applied,
      where: config.databasePath,
      close: async () => {
        await store.close();
        fileLock?.release();
      },
    };
  } catch (err) {
    fileLock?.release();
    throw err;
  }
}

/** postgres://user:secret@host:5432/db?x -> postgres://user@host:5432/db: for logs and messages, never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}
