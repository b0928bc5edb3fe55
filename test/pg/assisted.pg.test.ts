import { afterAll } from 'vitest';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { assistedContract } from '../helpers/assisted-contract.js';
import { pgSchema } from '../helpers/pg.js';

// Issue 10 (assisted entry, end state, quarantine, import) on PostgreSQL: each test gets a fresh schema.

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

assistedContract('PostgreSQL', async (floods) => {
  const s = await pgSchema();
  drops.push(s.drop);
  await migratePg(s.pool);
  const store = PostgresDatabase.connect(s.url, { options: `-c search_path=${s.schema}`, max: 5 });
  const app = createApp({ store, config: testConfig({ floods }) });
  return { store, app, close: () => store.close() };
});
