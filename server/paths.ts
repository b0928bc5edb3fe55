import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this file holding package.json (works from server/ and dist/server/). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const paths = {
  views: join(ROOT, 'views'),
  static: join(ROOT, 'static'),
  locales: join(ROOT, 'locales'),
  migrations: join(ROOT, 'db', 'migrations'),
  nodeModules: join(ROOT, 'node_modules'),
} as const;
