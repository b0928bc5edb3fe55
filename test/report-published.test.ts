import { SqliteDatabase } from '../server/data/engine/index.js';
import { testDb } from './helpers/app.js';
import { reportPublishedContract } from './helpers/report-published-contract.js';

// The report of a published period, kept as published (issue 11), on SQLite.
reportPublishedContract('SQLite', () => Promise.resolve(SqliteDatabase.of(testDb())));
