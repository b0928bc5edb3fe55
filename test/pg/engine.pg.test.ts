import { afterAll } from 'vitest';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { engineContract } from '../helpers/engine-contract.js';
import { pgSchema } from '../helpers/pg.js';

// Each test gets its own schema in the test database (DATABASE_URL), with the adapter's own pool.
const dropped: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of dropped) await drop();
});

engineContract('PostgreSQL', async () => {
  const s = await pgSchema();
  dropped.push(s.drop);
  return PostgresDatabase.connect(s.url, { options: `-c search_path=${s.schema}`, max: 5 });
});
