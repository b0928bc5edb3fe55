import type { Config } from './config.js';
import type { Db } from './db.js';
import { getAgency } from './data/org.js';
import { loadDemo, type DemoSummary } from '../db/demo/index.js';

/** Loads the demo agency into a brand-new database (no agency yet) unless MUTU_DEMO=0. */
export function ensureDemo(db: Db, config: Config): (DemoSummary & { ms: number }) | null {
  if (!config.demo || getAgency(db)) return null;
  const started = performance.now();
  const summary = loadDemo(db, { timeZone: config.timeZone });
  return { ...summary, ms: Math.round(performance.now() - started) };
}
