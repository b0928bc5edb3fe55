// ESLint flat config: @eslint/js recommended, typescript-eslint type-aware rules (through the
// project service, so one TypeScript program serves every file), and import-x/no-cycle.
// import-x/no-restricted-paths (the layers, below). `npm run lint` runs this, then `prettier --check .` and knip.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers, bottom to top: each may import its own layer and those below it, never one above.
//   1. server/indicators/ (pure math), server/vocabulary/ (codes and words every layer shares), and
//      the base modules at the root that import nothing of the app but each other: config, paths,
//      db (open and migrate), errors, log, period-words, i18n, urls.
//   2. server/data/: SQL, the only place that knows the engine.
//   3. server/results/: every figure, the k rule and disclosure control, from data.
//   4. features: server/dashboard/, server/manage/, server/survey/, server/auth/ and every other
//      folder (reach/, publication/, followup/, exports/, report/, kiosk/ ...: a new folder lands
//      here without a change below), plus the root modules access.ts, error-page.ts and security.ts
//      (which read data). They may import results, data and layer 1, and each other (no cycles).
//   5. server/routes/ and server/cli/: the route tables and the command-line tools.
//   6. the app: app.ts, main.ts, demo.ts, http-server.ts, shutdown.ts, static-assets.ts.
// test/layers.test.ts lints a file that imports upward and expects this rule to refuse it.
const BASE = ['./config.ts', './paths.ts', './db.ts', './errors.ts', './log.ts', './period-words.ts', './i18n.ts', './urls.ts'];
const BOTTOM = ['./indicators', './vocabulary', ...BASE];
const ROUTES_AND_APP = [
  './server/routes',
  './server/cli',
  './server/app.ts',
  './server/main.ts',
  './server/demo.ts',
  './server/http-server.ts',
  './server/shutdown.ts',
  './server/static-assets.ts',
];
const layer = (name, target, except) => ({
  target,
  from: './server',
  except,
  message: `${name} may import only ${except.map((e) => e.replace('./', '')).join(', ')} (layers: eslint.config.js).`,
});
const LAYER_ZONES = [
  layer('indicators/ and vocabulary/', ['./server/indicators', './server/vocabulary'], ['./indicators', './vocabulary']),
  layer(
    'The base modules',
    BASE.map((f) => f.replace('./', './server/')),
    BOTTOM,
  ),
  layer('data/', './server/data', ['./data', ...BOTTOM]),
  layer('results/', './server/results', ['./results', './data', ...BOTTOM]),
  {
    target: ['./server/!(routes|cli)/**', './server/{access,error-page,security}.ts'],
    from: ROUTES_AND_APP,
    message: 'Features (dashboard/, manage/, survey/, auth/ ...) may not import routes/, cli/ or the app (layers: eslint.config.js).',
  },
  { target: ['./server/routes', './server/cli'], from: ROUTES_AND_APP.slice(2), message: 'Routes may not import the app (layers: eslint.config.js).' },
];

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'data/', 'coverage/'],
  },
  {
    // A disable comment that no longer silences anything fails the lint.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
      globals: globals.node,
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // The code imports './x.js' for './x.ts' (NodeNext); resolve that without a separate resolver package.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.js'] },
          conditionNames: ['types', 'import', 'node', 'default'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: LAYER_ZONES }],
      // Missing awaits: the data layer is becoming async.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      // Full strength: Express 5's handler types accept async handlers, so no checksVoidReturn exception is needed.
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Tests read supertest's `res.body` (typed any) and pick at it freely; a wrong guess fails the test.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript: the config files and the browser scripts are not part of the TypeScript program.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['static/js/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { ...globals.browser, Chart: 'readonly' },
    },
  },
);
