import { configDefaults, defineConfig } from 'vitest/config';

// `npm run test:pg`: the database-facing tests on PostgreSQL, at DATABASE_URL (each test file in
// its own schema: test/helpers/pg.ts). Fails, never skips, without a postgres:// DATABASE_URL.
export default defineConfig({
  test: {
    include: ['test/**/*.pg.test.ts'],
    exclude: [...configDefaults.exclude, 'test/pg/{load,crash,fuzz}.pg.test.ts'], // `npm run test:stress:pg` (vitest.stress-pg.config.ts)
    globalSetup: ['test/helpers/pg-global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
