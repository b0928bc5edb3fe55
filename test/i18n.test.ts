import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadLocales } from '../server/i18n.js';
import { paths, ROOT } from '../server/paths.js';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = join(dir, f);
    return statSync(full).isDirectory() ? files(full, ext) : ext.test(f) ? [full] : [];
  });
}

const locales = loadLocales();
const all = Object.fromEntries(Object.entries(locales).map(([l, tr]) => [l, new Set(keys(tr))]));

describe('translations', () => {
  it('has Indonesian and English', () => {
    expect(Object.keys(locales).sort()).toEqual(['en', 'id']);
  });

  it('has every key in every locale', () => {
    const union = new Set(Object.values(all).flatMap((s) => [...s]));
    for (const [lang, set] of Object.entries(all)) {
      const missing = [...union].filter((k) => !set.has(k));
      expect(missing, `missing in ${lang}`).toEqual([]);
    }
  });

  it('has every literal key used in views and server code', () => {
    const sources = [...files(paths.views, /\.ejs$/), ...files(join(ROOT, 'server'), /\.ts$/)];
    const used = new Set<string>();
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*['"]([a-z0-9_]+(?:\.[a-zA-Z0-9_]+)+)['"]/g)) used.add(m[1] as string);
      for (const m of text.matchAll(
        /['"]((?:survey|errors|common|thanks|home|profile|dashboard|results|manage|auth|audit|grades|languages)\.[a-z0-9_.]+)['"]/g,
      )) {
        if (!m[1]!.endsWith('.')) used.add(m[1] as string);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    for (const [lang, set] of Object.entries(all)) {
      const missing = [...used].filter((k) => !set.has(k));
      expect(missing, `used but missing in ${lang}`).toEqual([]);
    }
  });
});
