import { SqliteDatabase } from '../server/data/engine/index.js';
import { orgContract } from './helpers/org-contract.js';
import { testDb } from './helpers/app.js';

// The organisation's data layer on SQLite (test/pg/org-data.pg.test.ts runs the same on PostgreSQL).
// eslint-disable-next-line @typescript-eslint/require-await
orgContract('SQLite', async () => SqliteDatabase.of(testDb()));
