import { defineConfig } from 'vitest/config';

// `npm run test:stress:pg`: the load, crash and fuzz tests of issue 12 on PostgreSQL with two app
// processes, at DATABASE_URL (each file in its own schema), one file at a time; kept out of
// `npm run test:pg`. Fails, never skips, without a postgres:// DATABASE_URL.
export default defineConfig({
  test: {
    include: ['test/pg/load.pg.test.ts', 'test/pg/crash.pg.test.ts', 'test/pg/fuzz.pg.test.ts'],
    globalSetup: ['test/helpers/pg-global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000, // app processes start slowly on a busy machine
  },
});
