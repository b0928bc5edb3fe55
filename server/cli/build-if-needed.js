// `npm start` and the command-line tools run this first (package.json "pre" scripts): it builds
// dist/ when the development dependencies are installed (a development checkout, or a build
// machine), and otherwise (a production install, `npm ci --omit=dev`) requires the dist/ that was
// built elsewhere and shipped with the app. Plain JavaScript: it must run where tsc does not.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * tsc's script when the development dependencies are installed, else null. TypeScript alone is not
 * enough: i18next names it as an optional peer, so npm keeps it in a production install, where the
 * type packages the build needs (@types/node ...) are missing.
 */
function findTsc() {
  const require = createRequire(join(root, 'package.json'));
  try {
    require.resolve('@types/node/package.json');
    return require.resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}
const tsc = findTsc();

if (tsc) {
  const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  process.exit(built.status ?? 1);
}
if (!existsSync(join(root, 'dist', 'server', 'main.js'))) {
  console.error(
    [
      'Mutu is not built (dist/server/main.js is missing) and cannot build here: the build needs the development',
      'dependencies, which `npm ci --omit=dev` leaves out. Build where the development dependencies are installed',
      '(`npm ci && npm run build`) and ship dist/ with the app, or install with `npm ci` and run `npm run build`',
      '(docs/operations.md, "Installing").',
    ].join('\n'),
  );
  process.exit(1);
}
