import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb, type Db } from '../server/db.js';
import { CHANNELS, PREFER_NOT, PROFILE_OPTIONS, ageBand } from '../server/vocabulary/profile.js';
import { createAgency } from '../server/data/agency.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { insertResponseRows, RESPONSE_ROW_COLUMNS, type ResponseRow } from '../server/data/response-rows.js';
import { createService } from '../server/data/services.js';
import { createUnit } from '../server/data/units.js';
import { listScopeActions } from '../server/data/followup.js';
import { readPlan } from '../server/followup/plan.js';
import { calendarPeriod } from '../server/followup/timing.js';
import { resolveScope } from '../server/results/scope.js';
import { loadDemo, loadDemoIfEmpty, type DemoOptions, type DemoSummary } from '../db/demo/index.js';

const END = '2026-10-31';
const COLUMNS = ['persyaratan', 'prosedur', 'waktu', 'biaya', 'produk', 'kompetensi', 'perilaku', 'pengaduan', 'sarana'].map((c) => `e_${c}`);

function fresh(): Db {
  const db = openDb(':memory:');
  migrate(db);
  return db;
}

/** loadDemo on the raw connection's async handle. */
const load = (db: Db, options: DemoOptions = {}): Promise<DemoSummary> => loadDemo(SqliteDatabase.of(db), options);

/** IKM (25–100) by the SKM formula from raw rows: per element sum/count, mean over answered elements, x25. */
function ikm(db: Db, where = '1', params: unknown[] = []): { n: number; ikm: number | null } {
  const row = db
    .prepare(`SELECT count(*) AS n, ${COLUMNS.map((c) => `sum(${c}) AS s_${c}, count(${c}) AS n_${c}`).join(', ')} FROM responses WHERE ${where}`)
    .get(...params) as Record<string, number | null>;
  const nrrs = COLUMNS.flatMap((c) => ((row[`n_${c}`] ?? 0) > 0 ? [(row[`s_${c}`] ?? 0) / (row[`n_${c}`] ?? 1)] : []));
  return { n: row.n ?? 0, ikm: nrrs.length > 0 ? (25 * nrrs.reduce((a, b) => a + b, 0)) / nrrs.length : null };
}

function answerSums(db: Db): Record<string, number> {
  return db.prepare(`SELECT count(*) AS n, ${COLUMNS.map((c) => `total(${c}) AS ${c}`).join(', ')} FROM responses`).get() as Record<string, number>;
}

function digest(db: Db): string {
  const hash = createHash('sha256');
  for (const row of db.prepare('SELECT * FROM responses ORDER BY id').raw().iterate()) hash.update(JSON.stringify(row));
  for (const row of db.prepare('SELECT code, unit_id, active, published, target_ikm FROM services ORDER BY id').raw().iterate())
    hash.update(JSON.stringify(row));
  return hash.digest('hex');
}

function dayDiff(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

describe('demo data', () => {
  let db: Db;
  let summary: DemoSummary;
  let ms = 0;

  beforeAll(async () => {
    db = fresh();
    const t0 = performance.now();
    summary = await load(db, { endDate: END });
    ms = performance.now() - t0;
  });

  it('loads well under 5 seconds and reports what it made', () => {
    expect(ms).toBeLessThan(5000);
    expect(summary.from).toBe('2025-11-01');
    expect(summary.to).toBe(END);
    expect(summary.units).toBe(db.prepare('SELECT count(*) FROM units').pluck().get());
    expect(summary.services).toBe(db.prepare('SELECT count(*) FROM services').pluck().get());
    expect(summary.responses).toBe(db.prepare('SELECT count(*) FROM responses').pluck().get());
    const agency = db.prepare('SELECT id, code, name_id, name_en, time_zone FROM agencies').all();
    expect(agency).toEqual([
      {
        id: summary.agencyId,
        code: 'mekarsari',
        name_id: 'Pemerintah Kabupaten Mekarsari',
        name_en: 'Mekarsari Regency Government',
        time_zone: 'Asia/Jakarta',
      },
    ]);
  });

  it('builds a unit tree three levels deep under one root, with targets to inherit', () => {
    const roots = db.prepare('SELECT id, code, target_ikm, published FROM units WHERE parent_id IS NULL').all() as Array<{
      id: number;
      target_ikm: number | null;
      published: number;
    }>;
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(root.target_ikm).toBe(82);
    expect(root.published).toBe(1);
    const children = db.prepare('SELECT count(*) FROM units WHERE parent_id = ?').pluck().get(root.id) as number;
    expect(children).toBeGreaterThanOrEqual(3);
    expect(children).toBeLessThanOrEqual(4);
    const depth = db
      .prepare(
        `WITH RECURSIVE tree(id, depth) AS (SELECT id, 1 FROM units WHERE parent_id IS NULL
           UNION ALL SELECT u.id, t.depth + 1 FROM units u JOIN tree t ON u.parent_id = t.id)
         SELECT max(depth) FROM tree`,
      )
      .pluck()
      .get() as number;
    expect(depth).toBeGreaterThanOrEqual(3);
    // every unit has its names, a valid code, and all belong to the one agency
    const units = db.prepare('SELECT code, name_id, name_en, agency_id, target_ikm FROM units').all() as Array<{
      code: string;
      name_id: string;
      name_en: string;
      agency_id: number;
      target_ikm: number | null;
    }>;
    for (const u of units) {
      expect(u.code).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(u.name_id.length).toBeGreaterThan(3);
      expect(u.name_en.length).toBeGreaterThan(3);
      expect(u.agency_id).toBe(summary.agencyId);
    }
    // some units set their own target (higher and lower than the root's), some inherit it
    const targets = units.map((u) => u.target_ikm);
    expect(targets.some((t) => t !== null && t > 82)).toBe(true);
    expect(targets.some((t) => t !== null && t < 82)).toBe(true);
    expect(targets.some((t) => t === null)).toBe(true);
  });

  it('has 10-15 active services, an inactive one and an unpublished one', () => {
    const services = db.prepare('SELECT code, name_id, name_en, active, published, target_ikm FROM services').all() as Array<{
      code: string;
      name_id: string;
      name_en: string;
      active: number;
      published: number;
      target_ikm: number | null;
    }>;
    const active = services.filter((s) => s.active === 1);
    expect(active.length).toBeGreaterThanOrEqual(10);
    expect(active.length).toBeLessThanOrEqual(15);
    expect(services.filter((s) => s.active === 0).length).toBeGreaterThanOrEqual(1);
    expect(active.some((s) => s.published === 0)).toBe(true);
    expect(active.filter((s) => s.published === 1).length).toBeGreaterThan(active.length / 2);
    expect(services.some((s) => s.target_ikm !== null)).toBe(true);
    for (const s of services) {
      expect(s.code).toMatch(/^[a-z0-9][a-z0-9-]{0,39}$/);
      expect(s.name_id).not.toBe(s.name_en);
    }
    for (const code of ['ktp-el', 'rawat-jalan', 'imunisasi', 'pbg']) expect(services.map((s) => s.code)).toContain(code);
    // every active service has responses; busy and niche services differ a lot
    const counts = db
      .prepare('SELECT s.code, count(r.id) AS n FROM services s LEFT JOIN responses r ON r.service_id = s.id WHERE s.active = 1 GROUP BY s.id')
      .all() as Array<{ code: string; n: number }>;
    const ns = counts.map((c) => c.n);
    expect(Math.min(...ns)).toBeGreaterThan(100);
    expect(Math.max(...ns)).toBeGreaterThan(10 * Math.min(...ns));
  });

  it('holds 25,000-50,000 responses over about 12 months', () => {
    expect(summary.responses).toBeGreaterThanOrEqual(25_000);
    expect(summary.responses).toBeLessThanOrEqual(50_000);
    const span = db.prepare('SELECT min(local_date) AS a, max(local_date) AS b, count(DISTINCT substr(local_date, 1, 7)) AS months FROM responses').get() as {
      a: string;
      b: string;
      months: number;
    };
    expect(span.months).toBe(12);
    expect(span.a >= summary.from && dayDiff(summary.from, span.a) <= 3).toBe(true);
    expect(span.b <= summary.to && dayDiff(span.b, summary.to) <= 3).toBe(true);
    // no month is empty or wildly out of line
    const perMonth = db.prepare('SELECT count(*) FROM responses GROUP BY substr(local_date, 1, 7)').pluck().all() as number[];
    expect(Math.min(...perMonth)).toBeGreaterThan(0.6 * (summary.responses / 12));
  });

  it('is deterministic for a seed and end date, and differs for another seed', async () => {
    const a = fresh();
    const b = fresh();
    const c = fresh();
    await load(a, { endDate: END });
    await load(b, { endDate: END });
    await load(c, { endDate: END, seed: 7 });
    expect(answerSums(a)).toEqual(answerSums(b));
    expect(answerSums(a)).toEqual(answerSums(db));
    expect(digest(a)).toBe(digest(b));
    expect(answerSums(c)).not.toEqual(answerSums(a));
  });

  it('stores only valid codes and at least one answer per response', () => {
    expect(
      db
        .prepare(`SELECT count(*) FROM responses WHERE COALESCE(${COLUMNS.join(', ')}) IS NULL`)
        .pluck()
        .get(),
    ).toBe(0);
    const distinct = (col: string): Array<string | null> => db.prepare(`SELECT DISTINCT ${col} FROM responses`).pluck().all() as Array<string | null>;
    const withNa = (xs: readonly string[]): Array<string | null> => [...xs, PREFER_NOT, null];
    for (const v of distinct('channel')) expect(CHANNELS).toContain(v);
    expect(new Set(distinct('channel'))).toEqual(new Set(CHANNELS));
    expect(new Set(distinct('lang'))).toEqual(new Set(['id', 'en']));
    for (const v of distinct('gender')) expect(withNa(PROFILE_OPTIONS.gender)).toContain(v);
    for (const v of distinct('education')) expect(withNa(PROFILE_OPTIONS.education)).toContain(v);
    for (const v of distinct('occupation')) expect(withNa(PROFILE_OPTIONS.occupation)).toContain(v);
    for (const v of distinct('disability')) expect(withNa(PROFILE_OPTIONS.disability)).toContain(v);
    // every occupation of the vocabulary is drawn, each with a believable share (wording.md "occupations")
    const stated = db.prepare(`SELECT occupation, count(*) AS n FROM responses WHERE occupation IS NOT NULL AND occupation <> ? GROUP BY occupation`);
    const occupations = new Map((stated.all(PREFER_NOT) as Array<{ occupation: string; n: number }>).map((r) => [r.occupation, r.n]));
    const total = [...occupations.values()].reduce((a, b) => a + b, 0);
    expect(new Set(occupations.keys())).toEqual(new Set(PROFILE_OPTIONS.occupation));
    for (const [code, n] of occupations) expect(n / total, code).toBeGreaterThan(0.005);
    for (const code of ['petani', 'rumahtangga', 'tidakbekerja']) expect(occupations.get(code)! / total, code).toBeGreaterThan(0.03);
    expect(occupations.get('swasta')! / total).toBeLessThan(0.4);
    for (const col of COLUMNS) {
      const vals = distinct(col)
        .filter((v) => v !== null)
        .map(Number)
        .sort();
      expect(vals).toEqual([1, 2, 3, 4]);
    }
    const ages = db.prepare('SELECT age, age_band FROM responses').all() as Array<{ age: number | null; age_band: string | null }>;
    for (const r of ages) {
      if (r.age === null) expect([PREFER_NOT, null]).toContain(r.age_band);
      else {
        expect(r.age).toBeGreaterThanOrEqual(17);
        expect(r.age).toBeLessThanOrEqual(85);
        expect(r.age_band).toBe(ageBand(r.age));
      }
    }
    expect(db.prepare('SELECT count(*) FROM responses WHERE idempotency_key IS NOT NULL').pluck().get()).toBe(0);
    const shares = db
      .prepare(
        `SELECT avg(comment IS NOT NULL) AS comments, avg(disability = 'yes') AS disabled, avg(lang = 'en') AS en,
                avg(gender = 'P') AS women, avg(gender = 'L') AS men FROM responses`,
      )
      .get() as Record<string, number>;
    expect(shares.comments).toBeGreaterThan(0.015);
    expect(shares.comments).toBeLessThan(0.06);
    expect(shares.disabled).toBeGreaterThan(0.04);
    expect(shares.disabled).toBeLessThan(0.1);
    expect(shares.en).toBeGreaterThan(0.005);
    expect(shares.en).toBeLessThan(0.1);
    expect(Math.abs((shares.women ?? 0) - (shares.men ?? 0))).toBeLessThan(0.15);
  });

  it('leaves BIAYA empty mostly in insured health care', () => {
    const rows = db
      .prepare(`SELECT s.code, avg(r.e_biaya IS NULL) AS missing FROM responses r JOIN services s ON s.id = r.service_id GROUP BY s.id`)
      .all() as Array<{ code: string; missing: number }>;
    const missing = Object.fromEntries(rows.map((r) => [r.code, r.missing]));
    expect(missing['rawat-jalan']).toBeGreaterThan(0.3);
    expect(missing['ktp-el']).toBeLessThan(0.1);
  });

  it('dates each response in the agency time zone, in office hours, never on a Sunday', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' });
    const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const rows = db.prepare('SELECT submitted_at, local_date FROM responses').raw().all() as Array<[string, string]>;
    let saturdays = 0;
    for (const [at, day] of rows) {
      const instant = new Date(at);
      expect(instant.toISOString()).toBe(at);
      expect(fmt.format(instant)).toBe(day);
      const time = hm.format(instant);
      expect(time >= '07:30' && time < '16:00').toBe(true);
      const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
      expect(wd).not.toBe(0);
      if (wd === 6) saturdays += 1;
    }
    expect(saturdays).toBeGreaterThan(0);
    expect(saturdays / rows.length).toBeLessThan(0.1);
    // stored in time order
    const outOfOrder = db.prepare('SELECT count(*) FROM responses a JOIN responses b ON b.id = a.id + 1 WHERE b.submitted_at < a.submitted_at').pluck().get();
    expect(outOfOrder).toBe(0);
  });

  it('grades services differently (A, B and C appear)', () => {
    const ids = db.prepare('SELECT id FROM services WHERE active = 1').pluck().all() as number[];
    const scores = ids.map((id) => ikm(db, 'service_id = ?', [id]).ikm ?? NaN);
    expect(scores.some((s) => s < 76.61)).toBe(true);
    expect(scores.some((s) => s >= 88.31)).toBe(true);
    expect(scores.some((s) => s >= 76.61 && s < 88.31)).toBe(true);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...scores)).toBeLessThanOrEqual(95);
  });

  it('makes WAKTU weaker than PERILAKU across the agency', () => {
    const r = db.prepare('SELECT avg(e_waktu) AS waktu, avg(e_perilaku) AS perilaku FROM responses').get() as { waktu: number; perilaku: number };
    expect(r.perilaku - r.waktu).toBeGreaterThan(0.2);
  });

  it('shows lower satisfaction for respondents with a disability and those 65 and over', () => {
    const yes = ikm(db, "disability = 'yes'").ikm!;
    const others = ikm(db, "disability IS NOT 'yes'").ikm!;
    expect(yes).toBeLessThan(others - 1.5);
    const old = ikm(db, "age_band = '65plus'").ikm!;
    const younger = ikm(db, "age_band IS NOT '65plus'").ikm!;
    expect(old).toBeLessThan(younger - 1.5);
  });

  it('has a service that clearly improves and one that declines', () => {
    const ids = db.prepare('SELECT id FROM services WHERE active = 1').pluck().all() as number[];
    const deltas = ids.map((id) => {
      const first = ikm(db, "service_id = ? AND local_date < '2026-02-01'", [id]).ikm!;
      const last = ikm(db, "service_id = ? AND local_date >= '2026-08-01'", [id]).ikm!;
      return last - first;
    });
    expect(Math.max(...deltas)).toBeGreaterThan(5);
    expect(Math.min(...deltas)).toBeLessThan(-5);
  });

  it("has a follow-up plan on the improving service's weak element, done before the step, that shows the effect", async () => {
    const store = SqliteDatabase.of(db);
    const ktp = db.prepare("SELECT id FROM services WHERE code = 'ktp-el'").pluck().get() as number;
    const actions = await listScopeActions(store, { kind: 'service', id: ktp });
    expect(new Set(actions.map((a) => a.status))).toEqual(new Set(['done', 'in_progress', 'planned']));
    const today = '2026-11-30';
    const scope = (await resolveScope(store, 'service', 'ktp-el'))!;
    const period = calendarPeriod(actions[0]!.period)!;
    const plan = await readPlan(store, scope, period, today);
    // the plan targets the weakest element of its period, and is late on one action
    expect(plan.actions.map((a) => a.element_code)).toContain(plan.priority[0]!.code);
    expect(plan.actions.some((a) => a.overdue)).toBe(true);
    expect(plan.actions.some((a) => a.status === 'planned' && !a.overdue)).toBe(true);
    const done = plan.actions.find((a) => a.status === 'done' && a.element_code === plan.priority[0]!.code)!;
    expect(done.onTime).toBe(true);
    expect(done.effect.direction).toBe('up');
    expect(done.effect.delta!).toBeGreaterThan(5);
    expect(done.effect.after!.period.from > done.done_date!).toBe(true);
  });
});

describe('demo options', () => {
  it('follows the time zone and month count it is given', async () => {
    const db = fresh();
    const s = await load(db, { endDate: '2026-03-31', months: 1, timeZone: 'Asia/Jayapura', seed: 1 });
    expect([s.from, s.to]).toEqual(['2026-03-01', '2026-03-31']);
    expect(db.prepare('SELECT time_zone FROM agencies').pluck().get()).toBe('Asia/Jayapura');
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jayapura', year: 'numeric', month: '2-digit', day: '2-digit' });
    const rows = db.prepare('SELECT submitted_at, local_date FROM responses').raw().all() as Array<[string, string]>;
    expect(rows.length).toBeGreaterThan(1000);
    for (const [at, day] of rows) {
      expect(fmt.format(new Date(at))).toBe(day);
      expect(day >= s.from && day <= s.to).toBe(true);
    }
  });

  it('refuses a second load and bad options', async () => {
    const db = fresh();
    await load(db, { endDate: '2026-01-31', months: 1 });
    await expect(load(db, { endDate: '2026-01-31', months: 1 })).rejects.toThrow(/already has an agency/);
    await expect(load(fresh(), { endDate: '2026-02-30' })).rejects.toThrow(RangeError);
    await expect(load(fresh(), { timeZone: 'Mars/Olympus' })).rejects.toThrow(RangeError);
    await expect(load(fresh(), { months: 0 })).rejects.toThrow(RangeError);
  });

  it('loads nothing when the database already has an agency, if asked to skip it', async () => {
    const db = fresh();
    const first = await loadDemoIfEmpty(SqliteDatabase.of(db), { endDate: '2026-01-31', months: 1 });
    expect(first?.responses).toBeGreaterThan(0);
    const count = (table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const before = ['agencies', 'units', 'services', 'responses', 'users', 'populations', 'target_profiles', 'totals_day'].map(count);
    expect(await loadDemoIfEmpty(SqliteDatabase.of(db), { endDate: '2026-01-31', months: 1 })).toBeNull();
    expect(['agencies', 'units', 'services', 'responses', 'users', 'populations', 'target_profiles', 'totals_day'].map(count)).toEqual(before);
    // one load at a time on the connection: of two at once, one loads and the other finds its agency
    const other = fresh();
    const both = await Promise.all([
      loadDemoIfEmpty(SqliteDatabase.of(other), { endDate: '2026-01-31', months: 1 }),
      loadDemoIfEmpty(SqliteDatabase.of(other), { endDate: '2026-01-31', months: 1 }),
    ]);
    expect(both.filter((s) => s !== null)).toHaveLength(1);
    expect(other.prepare('SELECT count(*) FROM agencies').pluck().get()).toBe(1);
    expect(other.prepare('SELECT count(*) FROM responses').pluck().get()).toBe(first?.responses);
  });

  it('defaults to today in the time zone and stores nothing after now', async () => {
    const db = fresh();
    const before = Date.now();
    const s = await load(db, { months: 1 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(before));
    expect(s.to).toBe(today);
    const latest = db.prepare('SELECT max(submitted_at) FROM responses').pluck().get() as string | null;
    if (latest !== null) expect(Date.parse(latest)).toBeLessThanOrEqual(Date.now());
  });
});

describe('bulk response insert (insertResponseRows)', () => {
  async function withService(): Promise<{ db: Db; serviceId: number }> {
    const db = fresh();
    const store = SqliteDatabase.of(db);
    const agencyId = await createAgency(store, { code: 'a', name_id: 'A', name_en: 'A', time_zone: 'Asia/Jakarta' });
    const unitId = await createUnit(store, { agencyId, parentId: null, code: 'u', nameId: 'U', nameEn: 'U' });
    return { db, serviceId: await createService(store, { unitId, code: 's', nameId: 'S', nameEn: 'S' }) };
  }
  /** A row with the columns it sets named, the others NULL. */
  const row = (serviceId: number, i: number): ResponseRow => {
    const set: Record<string, string | number> = {
      service_id: serviceId,
      submitted_at: `2026-01-01T01:00:${String(i % 60).padStart(2, '0')}.000Z`,
      local_date: '2026-01-01',
      channel: 'link',
      lang: 'id',
      e_waktu: (i % 4) + 1,
      comment: `#${i}`,
    };
    return RESPONSE_ROW_COLUMNS.map((c) => set[c] ?? null);
  };

  it('inserts every row in order, across statement boundaries, from sync and async iterables', async () => {
    const { db, serviceId } = await withService();
    const store = SqliteDatabase.of(db);
    let next = 0;
    for (const n of [0, 1, 3, 4, 7]) {
      const rows = Array.from({ length: n }, () => row(serviceId, next++));
      expect(await store.transaction((tx) => insertResponseRows(tx, rows, 3))).toBe(n);
    }
    async function* later(): AsyncGenerator<ResponseRow> {
      for (let i = 0; i < 5; i++) {
        await Promise.resolve(); // rows that arrive over time
        yield row(serviceId, next++);
      }
    }
    expect(await store.transaction((tx) => insertResponseRows(tx, later(), 2))).toBe(5);
    expect(await store.transaction((tx) => insertResponseRows(tx, [row(serviceId, next++)]))).toBe(1);
    const stored = db.prepare('SELECT comment, e_waktu FROM responses ORDER BY id').raw().all() as Array<[string, number]>;
    expect(stored).toEqual(Array.from({ length: next }, (_, i) => [`#${i}`, (i % 4) + 1]));
  });

  it('refuses a row of the wrong width, and the transaction stores none of its rows', async () => {
    const { db, serviceId } = await withService();
    const store = SqliteDatabase.of(db);
    const rows = [row(serviceId, 0), row(serviceId, 1), row(serviceId, 2).slice(1)];
    await expect(store.transaction((tx) => insertResponseRows(tx, rows, 2))).rejects.toThrow(/values, not/);
    expect(db.prepare('SELECT count(*) FROM responses').pluck().get()).toBe(0);
  });
});
