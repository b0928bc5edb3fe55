import { describe, expect, it } from 'vitest';
import { testConfig } from '../server/config.js';
import { listMigrations, migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createApp } from '../server/app.js';
import { assistedContract } from './helpers/assisted-contract.js';
import { testDb } from './helpers/app.js';

assistedContract('SQLite', (floods) => {
  const db = testDb();
  const store = SqliteDatabase.of(db);
  const app = createApp({ db, config: testConfig({ floods }) });
  return Promise.resolve({ store, app, close: () => Promise.resolve(void db.close()) });
});

describe('migration 013 on SQLite', () => {
  it('rebuilds users for the enumerator role without losing sessions or the makers of counters and kiosks', () => {
    const db = openDb(':memory:');
    migrate(
      db,
      listMigrations().filter((m) => m.version <= 12),
    );
    db.exec(`INSERT INTO agencies (id, code, name_id, name_en) VALUES (1, 'a', 'A', 'A');
      INSERT INTO units (id, agency_id, code, name_id, name_en) VALUES (1, 1, 'root', 'R', 'R');
      INSERT INTO services (id, unit_id, code, name_id, name_en) VALUES (1, 1, 'svc', 'S', 'S');
      INSERT INTO users (id, email, name, password_hash, role, unit_id) VALUES (7, 'a@b.id', 'A', '$argon2id$x', 'manager', 1);
      INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, absolute_expires_at) VALUES ('h', 7, 't', 1, 1, 9, 9);
      INSERT INTO counters (id, service_id, place, kind, token, created_by) VALUES (3, 1, 'Loket 1', 'link', 'tok', 7);
      INSERT INTO kiosks (id, unit_id, place, token, created_by) VALUES (4, 1, 'Lobi', 'kt', 7);`);
    migrate(db);
    expect(db.prepare('SELECT user_id FROM sessions').all()).toEqual([{ user_id: 7 }]);
    expect(db.prepare('SELECT created_by FROM counters').all()).toEqual([{ created_by: 7 }]);
    expect(db.prepare('SELECT created_by FROM kiosks').all()).toEqual([{ created_by: 7 }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare("UPDATE users SET role = 'enumerator' WHERE id = 7").run();
    expect(() => db.prepare("UPDATE users SET role = 'boss' WHERE id = 7").run()).toThrow(/CHECK/);
    // still enforced: a session of nobody is refused
    expect(() =>
      db
        .prepare(
          "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, absolute_expires_at) VALUES ('x', 99, 't', 1, 1, 9, 9)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
