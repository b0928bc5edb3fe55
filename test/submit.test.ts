import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { submissionContract } from './helpers/submissions.js';

// The same contract runs on PostgreSQL in test/pg/submit.pg.test.ts.
submissionContract('SQLite', () => {
  const db = openDb(':memory:');
  migrate(db);
  return Promise.resolve(SqliteDatabase.of(db));
});
