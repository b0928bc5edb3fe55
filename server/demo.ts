import type { Config } from './config.js';
import { getAgency } from './data/agency.js';
import type { Database, Queryable } from './data/engine/index.js';
import { userByEmail } from './data/users.js';
import { loadDemoIfEmpty, type DemoOptions, type DemoSummary } from '../db/demo/index.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/demo/users.js';

/**
 * Loads the demo agency into a brand-new database (no agency yet) when config.demo is on: by default
 * in development and test, in production only with MUTU_DEMO=1 (server/config.ts). Null when it did
 * not load: demo mode is off, the database has an agency, or another process starting on the same
 * database loaded the demo first (loadDemoIfEmpty: the demo is loaded once). `options` (tests): the
 * span and seed; the time zone is the configured one.
 */
export async function ensureDemo(store: Database, config: Config, options: Omit<DemoOptions, 'timeZone'> = {}): Promise<(DemoSummary & { ms: number }) | null> {
  if (!config.demo || (await getAgency(store))) return null;
  const started = performance.now();
  const summary = await loadDemoIfEmpty(store, { ...options, timeZone: config.timeZone });
  return summary && { ...summary, ms: Math.round(performance.now() - started) };
}

export interface DemoNotice {
  level: 'info' | 'warn';
  message: string;
}

/**
 * What to say at start-up about the demo accounts present in the database. In production any of
 * them is a warning (they sign in with a published password), whether MUTU_DEMO=1 loaded them now
 * or an earlier run did; elsewhere, in demo mode, the sign-in to try. Null: nothing to say.
 */
export async function demoNotice(store: Queryable, config: Config, url = `http://localhost:${config.port}/`): Promise<DemoNotice | null> {
  const present: string[] = [];
  for (const a of DEMO_ACCOUNTS) if ((await userByEmail(store, a.email))?.active === 1) present.push(a.email);
  if (!present.length) return null;
  const emails = present.join(', ');
  if (config.env === 'production') {
    return {
      level: 'warn',
      message:
        `DEMO ACCOUNTS EXIST IN PRODUCTION: ${emails} sign in with the publicly known password ${DEMO_PASSWORD} (README). ` +
        'Anyone can sign in as them. Deactivate them or use a database started without MUTU_DEMO=1.',
    };
  }
  if (!config.demo) return null;
  return { level: 'info', message: `Demo mode: sign in at ${url}login as ${emails} with the password ${DEMO_PASSWORD}` };
}
