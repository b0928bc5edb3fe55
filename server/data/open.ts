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
  /** Server settings that weaken what an acknowledgement promises (PostgreSQL's fsync or synchronous_commit off), in words for the log. */
  durabilityWarnings: string[];
}

/**
 * A 303 promises the response is on disk: on PostgreSQL that holds only while the server syncs its
 * WAL. A group commit turns synchronous_commit back on for its own transaction; fsync is the
 * server's alone. Says, for the log at start, which settings break a promise: fsync off (nothing is
 * safe from a power cut), synchronous_commit off (officers' changes may be lost in one; citizens'
 * responses are not).
 */
async function pgDurabilityWarnings(store: PostgresDatabase): Promise<string[]> {
  const fsync = await store.value<string>("SELECT setting FROM pg_settings WHERE name = 'fsync'");
  const commits = await store.value<string>("SELECT current_setting('synchronous_commit')");
  const out: string[] = [];
  if (fsync === 'off') out.push('PostgreSQL runs with fsync=off: a response acknowledged to a citizen can be lost in a power cut or an OS crash. Set fsync=on in postgresql.conf.');
  if (commits === 'off')
    out.push(
      "PostgreSQL runs with synchronous_commit=off: citizens' responses still wait for the disk (their commits turn it on), but officers' changes acknowledged just before a power cut can be lost. Set synchronous_commit=on.",
    );
  return out;
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
      const durabilityWarnings = await pgDurabilityWarnings(store);
      return { store, applied, where: describeUrl(config.databaseUrl), close: () => store.close(), durabilityWarnings };
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
      durabilityWarnings: [],
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
