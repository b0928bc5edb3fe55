import type { Config } from './config.js';
import type { Db } from './db.js';
import { getAgency } from './data/org.js';
import { findUserByEmail } from './data/users.js';
import { loadDemo, type DemoSummary } from '../db/demo/index.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/demo/users.js';

/**
 * Loads the demo agency into a brand-new database (no agency yet) when config.demo is on: by default
 * in development and test, in production only with MUTU_DEMO=1 (server/config.ts).
 */
export function ensureDemo(db: Db, config: Config): (DemoSummary & { ms: number }) | null {
  if (!config.demo || getAgency(db)) return null;
  const started = performance.now();
  const summary = loadDemo(db, { timeZone: config.timeZone });
  return { ...summary, ms: Math.round(performance.now() - started) };
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
export function demoNotice(db: Db, config: Config, url = `http://localhost:${config.port}/`): DemoNotice | null {
  const present = DEMO_ACCOUNTS.filter((a) => findUserByEmail(db, a.email)?.active === 1).map((a) => a.email);
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
