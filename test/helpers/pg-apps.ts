import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { pgSchema } from './pg.js';
import { startApp, type AppProcess } from './process.js';

/**
 * A fresh PostgreSQL schema, migrated and seeded, served by `n` app processes started as an
 * operator starts them (behind one proxy hop: TRUST_PROXY=1), with the test's own connection.
 * `start()` starts one more process on it (a restart after a crash).
 */
export async function pgApps<T>(
  n: number,
  seed: (store: PostgresDatabase) => Promise<T>,
): Promise<{ store: PostgresDatabase; apps: AppProcess[]; seeded: T; start: () => Promise<AppProcess>; stop: () => Promise<void> }> {
  const schema = await pgSchema();
  await migratePg(schema.pool);
  const store = PostgresDatabase.connect(schema.url, { max: 3 });
  const seeded = await seed(store);
  const env = { DATABASE_URL: schema.url, DATABASE_POOL_MAX: '8', MUTU_DEMO: '0', LOG_LEVEL: 'warn', TRUST_PROXY: '1' };
  const apps: AppProcess[] = [];
  const start = async (): Promise<AppProcess> => {
    const app = await startApp(env);
    apps.push(app);
    return app;
  };
  await Promise.all(Array.from({ length: n }, start));
  return {
    store,
    apps: apps.slice(),
    seeded,
    start,
    stop: async () => {
      await Promise.all(apps.map((a) => a.stop()));
      await store.close();
      await schema.drop();
    },
  };
}
