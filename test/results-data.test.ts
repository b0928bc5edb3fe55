import { SqliteDatabase } from '../server/data/engine/index.js';
import { resultsContract } from './helpers/results-contract.js';
import { testDb } from './helpers/app.js';

// The read side of results on SQLite (test/pg/results-data.pg.test.ts runs the same on PostgreSQL).
// eslint-disable-next-line @typescript-eslint/require-await
resultsContract('SQLite', async () => SqliteDatabase.of(testDb()));
