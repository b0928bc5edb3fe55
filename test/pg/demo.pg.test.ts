import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemo, loadDemoIfEmpty, type DemoOptions } from '../../db/demo/index.js';
import { DEMO_UNITS } from '../../db/demo/org.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../db/demo/users.js';
import { verifyPassword } from '../../server/auth/passwords.js';
import { loadConfig } from '../../server/config.js';
import { migrate, openDb } from '../../server/db.js';
import { PostgresDatabase, SqliteDatabase, type Database, type Queryable } from '../../server/data/engine/index.js';
import { RESPONSE_ROW_COLUMNS } from '../../server/data/response-rows.js';
import { getUnit } from '../../server/data/units.js';
import { userByEmail } from '../../server/data/users.js';
import { rawTotalsByService, readTotalsByService, type TotalsQuery } from '../../server/data/totals.js';
import { ensureDemo } from '../../server/demo.js';
import { ELEMENT_CODES, type Totals } from '../../server/indicators/types.js';
import { DIMENSION_NAMES } from '../../server/vocabulary/profile.js';
import { pgDatabases } from '../helpers/pg.js';

// The demo loader on PostgreSQL: the same data as on SQLite for the same options, and loaded once
// when several app processes start together on one database. Each test in its own schema.
const open = pgDatabases({ max: 4 });
const OPTIONS: DemoOptions = { endDate: '2026-03-31', months: 2, seed: 11 };
const ANSWERS = ELEMENT_CODES.map((c) => `e_${c.toLowerCase()}`);

const closing: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closing) await close();
});

async function pgStore(): Promise<PostgresDatabase> {
  const db = await open();
  closing.push(() => db.close());
  return db;
}

/** Another pool on the same schema: a second app process. */
function secondProcess(db: PostgresDatabase): PostgresDatabase {
  const other = new PostgresDatabase(new pg.Pool({ ...db.pool.options }));
  closing.push(() => other.close());
  return other;
}

function sqliteStore(): Database {
  const raw = openDb(':memory:');
  migrate(raw);
  closing.push(() => {
    raw.close();
    return Promise.resolve();
  });
  return SqliteDatabase.of(raw);
}

const count = async (q: Queryable, table: string): Promise<number> => Number(await q.value(`SELECT count(*) FROM ${table}`));
const TABLES = ['agencies', 'units', 'services', 'responses', 'users', 'populations', 'target_profiles', 'totals_day', 'totals_month', 'totals_group_month'];

/** Per service (by code): responses, answers given and their sum, per element. */
function perService(q: Queryable): Promise<Array<Record<string, unknown>>> {
  return q.all(
    `SELECT s.code, count(r.id) AS n, ${ANSWERS.map((a) => `count(r.${a}) AS ${a}_n, COALESCE(SUM(r.${a}), 0) AS ${a}_sum`).join(', ')}
       FROM services s LEFT JOIN responses r ON r.service_id = s.id GROUP BY s.code ORDER BY s.code`,
  );
}

/** Rows of a table as plain values, in a fixed order (ids left out: they are the engine's). */
function rows(q: Queryable, sql: string): Promise<Array<Record<string, unknown>>> {
  return q.all(sql);
}

/** Totals by service code, with their float sums rounded to compare across engines. */
async function totalsByCode(q: Queryable, tq: TotalsQuery, read: typeof readTotalsByService): Promise<Record<string, unknown>> {
  const codes = new Map((await q.all<{ id: number; code: string }>('SELECT id, code FROM services')).map((s) => [Number(s.id), s.code]));
  const out: Record<string, unknown> = {};
  for (const [id, t] of await read(q, tq)) out[codes.get(id) ?? String(id)] = rounded(t);
  return out;
}

const rounded = (t: Totals): Totals => ({ ...t, meanSum: Number(t.meanSum.toFixed(6)), meanSumSq: Number(t.meanSumSq.toFixed(6)) });

describe('the demo on PostgreSQL', () => {
  it('loads the same data as SQLite, with totals that match its responses and the demo accounts', async () => {
    const db = await pgStore();
    const lite = sqliteStore();
    const summary = await loadDemo(db, OPTIONS);
    const liteSummary = await loadDemo(lite, OPTIONS);
    expect(summary).toEqual(liteSummary);
    expect(summary.responses).toBeGreaterThan(1000);
    expect(summary.units).toBe(DEMO_UNITS.length);

    for (const table of TABLES) expect(await count(db, table), table).toBe(await count(lite, table));
    expect(await count(db, 'responses')).toBe(summary.responses);
    expect(await count(db, 'users')).toBe(DEMO_ACCOUNTS.length);
    expect(await perService(db)).toEqual(await perService(lite));
    const populations = 'SELECT s.code, p.period_from, p.period_to, p.population FROM populations p JOIN services s ON s.id = p.service_id ORDER BY 1, 2, 3';
    expect(await rows(db, populations)).toEqual(await rows(lite, populations));
    const profile = 'SELECT u.code, t.dimension, t.grp, t.share FROM target_profiles t JOIN units u ON u.id = t.unit_id ORDER BY 1, 2, 3';
    expect(await rows(db, profile)).toEqual(await rows(lite, profile));
    // the same responses, row by row in time order
    const columns = RESPONSE_ROW_COLUMNS.map((c) => (c === 'service_id' ? 's.code' : `r.${c}`));
    const responses = `SELECT ${columns.join(', ')} FROM responses r JOIN services s ON s.id = r.service_id ORDER BY r.id`;
    expect(await rows(db, responses)).toEqual(await rows(lite, responses));

    // the running totals are the responses' own figures, for whole months and cut ranges
    const ranges = [
      { from: summary.from, to: summary.to },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-02-10', to: '2026-03-20' },
    ];
    for (const range of ranges) {
      const tq: TotalsQuery = { serviceIds: null, ...range, channel: null, group: null };
      const fromTotals = await totalsByCode(db, tq, readTotalsByService);
      expect(fromTotals).toEqual(await totalsByCode(db, tq, rawTotalsByService));
      expect(fromTotals).toEqual(await totalsByCode(lite, tq, readTotalsByService));
      const female: TotalsQuery = { ...tq, group: { dimension: 'gender', value: 'P' } };
      expect(await totalsByCode(db, female, readTotalsByService)).toEqual(await totalsByCode(db, female, rawTotalsByService));
    }
    const sumOf = async (table: string): Promise<number> => Number(await db.value(`SELECT COALESCE(SUM(n), 0) FROM ${table}`));
    expect(await sumOf('totals_day')).toBe(summary.responses);
    expect(await sumOf('totals_month')).toBe(summary.responses);
    expect(await sumOf('totals_group_month')).toBe(DIMENSION_NAMES.length * summary.responses); // one row per profile dimension

    // the demo accounts: one of each role, on their units, signing in with the published password
    for (const a of DEMO_ACCOUNTS) {
      const user = await userByEmail(db, a.email);
      expect(user, a.email).toMatchObject({ email: a.email, role: a.role, active: 1 });
      expect((await getUnit(db, Number(user?.unit_id)))?.code).toBe(a.unit);
      expect(await verifyPassword(user?.password_hash ?? '', DEMO_PASSWORD)).toBe(true);
    }
  });

  it('is loaded once by two processes loading it at the same time', async () => {
    const a = await pgStore();
    const b = secondProcess(a);
    const both = await Promise.all([loadDemoIfEmpty(a, OPTIONS), loadDemoIfEmpty(b, OPTIONS)]);
    const loaded = both.filter((s) => s !== null);
    expect(loaded).toHaveLength(1);
    expect(await count(a, 'agencies')).toBe(1);
    expect(await count(b, 'responses')).toBe(loaded[0]?.responses);
    expect(await count(a, 'users')).toBe(DEMO_ACCOUNTS.length);
    expect(await count(a, 'totals_month')).toBe(await count(b, 'totals_month'));
    expect(Number(await a.value('SELECT COALESCE(SUM(n), 0) FROM totals_month'))).toBe(loaded[0]?.responses);
    // loadDemo itself refuses, having written nothing
    await expect(loadDemo(b, OPTIONS)).rejects.toThrow(/already has an agency/);
    expect(await count(a, 'responses')).toBe(loaded[0]?.responses);
  });

  it('is loaded once when two app processes start together in demo mode', async () => {
    const a = await pgStore();
    const b = secondProcess(a);
    const config = loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    const both = await Promise.all([ensureDemo(a, config, OPTIONS), ensureDemo(b, config, OPTIONS)]);
    const loaded = both.filter((s) => s !== null);
    expect(loaded).toHaveLength(1);
    expect(await count(a, 'agencies')).toBe(1);
    expect(await count(a, 'units')).toBe(DEMO_UNITS.length);
    expect(await count(b, 'responses')).toBe(loaded[0]?.responses);
    expect(await count(b, 'users')).toBe(DEMO_ACCOUNTS.length);
    // a later start finds the agency and loads nothing
    expect(await ensureDemo(b, config, OPTIONS)).toBeNull();
    expect(await count(a, 'responses')).toBe(loaded[0]?.responses);
  });
});
