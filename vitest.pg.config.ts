import { defineConfig } from 'vitest/config';

// `npm run test:pg`: the database-facing tests on PostgreSQL, at DATABASE_URL (each test file in
// its own schema: test/helpers/pg.ts). Fails, never skips, without a postgres:// DATABASE_URL.
export default defineConfig({
  test: {
    include: ['test/**/*.pg.test.ts'],
    globalSetup: ['test/helpers/pg-global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
