import type { Queryable } from './engine/index.js';

// Settings (001): values the installation keeps for itself, such as the generated session secret.

/**
 * Reads a value from the settings table, creating it with make() the first time. Safe to race,
 * also across processes: the first value written wins, and every caller reads that one.
 */
export async function ensureSetting(q: Queryable, key: string, make: () => string): Promise<string> {
  const found = await q.value<string>('SELECT value FROM settings WHERE key = ?', [key]);
  if (found !== undefined) return found;
  await q.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, make()]);
  return (await q.value<string>('SELECT value FROM settings WHERE key = ?', [key])) as string;
}
