import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { paths } from './paths.js';

export type Db = Database.Database;

/** How long a request's write waits for a lock held by another connection before it answers 503. */
export const BUSY_TIMEOUT_MS = 200;

/**
 * Opens the database with the settings every connection needs (WAL, every commit synced, foreign
 * keys, a short busy timeout). synchronous=FULL: a commit returns only after the WAL is synced, so
 * an acknowledged response survives a power cut; group commit (data/group-commit.ts) makes that one
 * sync per batch of posts.
 */
export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Short: better-sqlite3 waits synchronously, so a lock held elsewhere (a backup, the sqlite shell)
  // would stall every request for this long. Reads never wait in WAL; a write that times out answers
  // 503 with Retry-After (app.ts), and the survey keeps the citizen's answers.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  cacheStatements(db);
  return db;
}

/**
 * Makes db.prepare reuse compiled statements: data functions keep their SQL inline and readable,
 * and a hot path (a survey post, a results read) no longer compiles the same SQL on every call.
 * A reused statement gets its default result mode back, as a fresh one would have.
 */
function cacheStatements(db: Db, max = 1000): void {
  const cache = new Map<string, Database.Statement>();
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const hit = cache.get(sql);
    if (hit) {
      if (hit.reader) hit.raw(false).pluck(false).expand(false);
      return hit;
    }
    const stmt = prepare(sql);
    if (cache.size < max) cache.set(sql, stmt);
    return stmt;
  }) as Db['prepare'];
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** db/migrations/NNN-name.sql, ordered by number. */
export function listMigrations(dir: string = paths.migrations): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Applies every migration above PRAGMA user_version, each in its own transaction. Returns the names applied. */
export function migrate(db: Db, migrations: Migration[] = listMigrations()): string[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.name);
  }
  return applied;
}
