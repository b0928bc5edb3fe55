import { describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { SqliteDatabase, type Database } from '../server/data/engine/index.js';
import type { Param } from '../server/data/engine/types.js';
import { accountsContract } from './helpers/accounts-contract.js';
import { seedSmall, testDb } from './helpers/app.js';
import { signInAs } from './helpers/officer.js';

// The same contract runs on PostgreSQL in test/pg/accounts.pg.test.ts.
accountsContract('SQLite', () => Promise.resolve(SqliteDatabase.of(testDb())));

describe('officer sessions', () => {
  it('cost one query per signed-in request', async () => {
    const db = testDb();
    const inner = SqliteDatabase.of(db);
    const org = await seedSmall(inner);
    const seen: string[] = [];
    const store: Database = {
      engine: inner.engine,
      all: <T>(sql: string, params?: readonly Param[]) => (seen.push(sql), inner.all<T>(sql, params)),
      get: <T>(sql: string, params?: readonly Param[]) => (seen.push(sql), inner.get<T>(sql, params)),
      run: (sql: string, params?: readonly Param[]) => (seen.push(sql), inner.run(sql, params)),
      value: <T>(sql: string, params?: readonly Param[]) => (seen.push(sql), inner.value<T>(sql, params)),
      transaction: (fn) => inner.transaction(fn),
      close: () => inner.close(),
    };
    const app = createApp({ db, store, config: testConfig() });
    const { agent } = await signInAs(app, inner, { role: 'viewer', unitId: org.unitId });
    seen.length = 0;
    const res = await agent.get('/account/password');
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/FROM sessions s LEFT JOIN users u/);
  });
});
