import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { submissionContract } from './helpers/submissions.js';
import { groupCommitContract } from './helpers/group-commit-contract.js';

// The same contract runs on PostgreSQL in test/pg/submit.pg.test.ts.
submissionContract('SQLite', () => {
  const db = openDb(':memory:');
  migrate(db);
  return Promise.resolve(SqliteDatabase.of(db));
});

groupCommitContract('SQLite', () => {
  const db = openDb(':memory:');
  migrate(db);
  return Promise.resolve(SqliteDatabase.of(db));
});
