import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { clientKeyer } from '../server/security.js';
import { sharedStateContract } from './helpers/shared-state-contract.js';

// SQLite serves one process by design: the "two handles" are its one connection, so the contract
// checks that the shared-state code gives the same answers here as on PostgreSQL (the rate-limit
// store runs here too, although the app keeps SQLite's counts in memory: see server/security.ts).
sharedStateContract('SQLite', () => {
  const raw = openDb(':memory:');
  migrate(raw);
  const db = SqliteDatabase.of(raw);
  return Promise.resolve([db, db]);
});

describe('client keys while another process holds the write lock', () => {
  it('never fail a request: a salt of this process stands in until the database can be written again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutu-salt-'));
    const file = join(dir, 'mutu.db');
    const raw = openDb(file);
    migrate(raw);
    const other = new BetterSqlite(file);
    try {
      const db = SqliteDatabase.of(raw);
      let t = Date.UTC(2026, 2, 10, 9);
      const key = clientKeyer(db, () => t);
      const client = { ip: '203.0.113.7' } as Request;
      other.exec('BEGIN IMMEDIATE'); // a backup, the sqlite shell
      const stand = await key(client);
      expect(stand).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(await key(client)).toBe(stand); // the same stand-in until the retry
      other.exec('ROLLBACK');
      t += 999;
      expect(await key(client)).toBe(stand);
      t += 1;
      const keyed = await key(client);
      expect(keyed).not.toBe(stand);
      expect(await db.value("SELECT COUNT(*) FROM settings WHERE key = 'client_salt:2026-03-10'")).toBe(1);
      // and it is the salt every process reads
      expect(await clientKeyer(db, () => t)(client)).toBe(keyed);
    } finally {
      other.close();
      raw.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 010 on an existing SQLite database', () => {
  it('adds the counters and the version stamp in place, keeping what was there', async () => {
    const raw = openDb(':memory:');
    try {
      expect(
        migrate(
          raw,
          listMigrations().filter((m) => m.version <= 9),
        ),
      ).toHaveLength(9);
      raw.prepare("INSERT INTO settings (key, value) VALUES ('session_secret', 'kept')").run();
      expect(
        migrate(
          raw,
          listMigrations().filter((m) => m.version <= 10),
        ),
      ).toEqual(['010-shared-limits.sql']);
      const db = SqliteDatabase.of(raw);
      expect(await db.value("SELECT value FROM settings WHERE key = 'session_secret'")).toBe('kept');
      expect(await db.all('SELECT id, version FROM cache_version')).toEqual([{ id: 1, version: 0 }]);
      expect(await db.value('SELECT COUNT(*) FROM rate_limits')).toBe(0);
      // one row only
      await expect(db.run('INSERT INTO cache_version (id, version) VALUES (2, 0)')).rejects.toThrow(/CHECK/);
    } finally {
      raw.close();
    }
  });
});
