import { ESLint } from 'eslint';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../server/paths.js';

// The layer rule (eslint.config.js, import-x/no-restricted-paths) must keep biting: a file that
// imports upward is refused, one that imports downward passes. Linted with the project's own
// config, as `npx eslint .` does, so removing or loosening a zone fails here.

// the fixtures exist only as text: lint them without the type-aware rules (which need a file the
// TypeScript project knows), everything else as configured
const eslint = new ESLint({ cwd: ROOT, overrideConfig: [{ files: ['**/layer-fixture.ts'], ...tseslint.configs.disableTypeChecked }] });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message);
}

describe('layers', () => {
  it('refuses data/ importing results/, a feature or routes/', { timeout: 120_000 }, async () => {
    const file = 'server/data/layer-fixture.ts';
    expect(await layerErrors(file, "export { scopeName } from '../results/scope.js';\n")).toHaveLength(1);
    expect(await layerErrors(file, "export { manageUrls } from '../urls.js';\nexport { signedIn } from '../auth/middleware.js';\n")).toHaveLength(1);
    expect(await layerErrors(file, "export { manageRoutes } from '../routes/manage.js';\n")).not.toEqual([]);
    expect(
      await layerErrors(file, "export { round2 } from '../indicators/rounding.js';\nexport { PUBLIC_DIMENSIONS } from '../vocabulary/publication.js';\n"),
    ).toEqual([]);
  });

  it('refuses results/ importing a feature, and a new feature folder importing routes/', { timeout: 120_000 }, async () => {
    expect(await layerErrors('server/results/layer-fixture.ts', "export { loadContext } from '../manage/page.js';\n")).toHaveLength(1);
    expect(await layerErrors('server/results/layer-fixture.ts', "export { listUnits } from '../data/units.js';\n")).toEqual([]);
    const feature = 'server/some-new-feature/layer-fixture.ts';
    expect(await layerErrors(feature, "export { manageRoutes } from '../routes/manage.js';\n")).toHaveLength(1);
    expect(await layerErrors(feature, "export { scopeName } from '../results/scope.js';\nexport { listUnits } from '../data/units.js';\n")).toEqual([]);
  });

  it('refuses the bottom layer importing data/', { timeout: 120_000 }, async () => {
    expect(await layerErrors('server/indicators/layer-fixture.ts', "export { listUnits } from '../data/units.js';\n")).toHaveLength(1);
    expect(await layerErrors('server/vocabulary/layer-fixture.ts', "export { listUnits } from '../data/units.js';\n")).toHaveLength(1);
  });
});
