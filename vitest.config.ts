import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The PostgreSQL tests need a server: `npm run test:pg` (vitest.pg.config.ts) runs them; the
    // load, crash and fuzz tests take a minute: `npm run test:stress` (vitest.stress.config.ts).
    exclude: [...configDefaults.exclude, 'test/**/*.pg.test.ts', 'test/{load,crash,fuzz}.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
