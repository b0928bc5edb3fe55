import { afterAll } from 'vitest';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { orgContract } from '../helpers/org-contract.js';
import { pgSchema } from '../helpers/pg.js';

// The organisation's data layer on PostgreSQL: each test in its own migrated schema.
const dropped: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of dropped) await drop();
});

orgContract('PostgreSQL', async () => {
  const s = await pgSchema();
  dropped.push(s.drop);
  await migratePg(s.pool);
  return PostgresDatabase.connect(s.url, { options: `-c search_path=${s.schema}`, max: 5 });
});
