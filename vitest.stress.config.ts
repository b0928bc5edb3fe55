import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the load, crash and fuzz tests of issue 12 on SQLite (thousands of
// requests each, about a minute together), one file at a time so that each has the machine's
// cores; kept out of `npm test`. Their PostgreSQL versions: `npm run test:stress:pg`.
export default defineConfig({
  test: {
    include: ['test/load.test.ts', 'test/crash.test.ts', 'test/fuzz.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000, // app processes start slowly on a busy machine
  },
});
