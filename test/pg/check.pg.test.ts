import { afterAll, describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { checkContract, runCheck, type CheckTarget } from '../helpers/check-contract.js';
import { pgSchema } from '../helpers/pg.js';

// `npm run check` on PostgreSQL: the shared contract, each test in its own schema (the command
// reaches it through DATABASE_URL's search_path), and the schema check on an unmigrated database.

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function target(migrate = true): Promise<CheckTarget> {
  const s = await pgSchema();
  if (migrate) await migratePg(s.pool);
  const db = PostgresDatabase.connect(s.url, { options: `-c search_path=${s.schema}`, max: 3 });
  cleanups.push(async () => {
    await db.close();
    await s.drop();
  });
  return { db, env: { DATABASE_URL: s.url } };
}

describe('npm run check (PostgreSQL)', () => {
  checkContract(() => target());

  it('reports a database not migrated, and an unreachable server as a failure', async () => {
    const { env } = await target(false);
    const r = await runCheck(env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/WRONG +schema/);
    expect(r.out).toContain('at migration 0');
    const down = await runCheck({ DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/^Failed: /);
  });
});
