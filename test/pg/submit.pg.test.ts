import { afterAll } from 'vitest';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { submissionContract } from '../helpers/submissions.js';
import { pgSchema } from '../helpers/pg.js';

// Each test gets its own migrated schema; the adapter's pool lets submissions really run concurrently.
const dropped: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of dropped) await drop();
});

submissionContract('PostgreSQL', async () => {
  const s = await pgSchema();
  dropped.push(s.drop);
  await migratePg(s.pool);
  return PostgresDatabase.connect(s.url, { options: `-c search_path=${s.schema}`, max: 8 });
});
