import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../server/paths.js';

// A production install (`npm ci --omit=dev`) has no devDependencies: nothing the app runs may import
// one (issue 12, "Operations"). This reads the sources that `npm run build` compiles (server/, db/)
// for imports kept at run time (`import type` is erased; `import { type X }` is not, under
// verbatimModuleSyntax). .ci/prod-install-check runs a real production install.

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const IMPORT = /^\s*(import|export)\s+(?!type\s)[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const packageOf = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));

describe('production dependencies', () => {
  it('has every package the built app imports among "dependencies", none among devDependencies only', () => {
    const wrong: string[] = [];
    let seen = 0;
    for (const file of [...sources(join(ROOT, 'server')), ...sources(join(ROOT, 'db'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[2] ?? m[3] ?? m[4] ?? '';
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        seen++;
        const name = packageOf(spec);
        if (!pkg.dependencies[name])
          wrong.push(`${relative(ROOT, file)} imports ${name}${pkg.devDependencies[name] ? ' (a devDependency)' : ' (not a dependency)'}`);
      }
    }
    expect(seen).toBeGreaterThan(20); // the scan finds the app's imports at all
    expect(wrong).toEqual([]);
  });
});
