import { load } from 'cheerio';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../server/db.js';
import { SqliteDatabase, type Database } from '../server/data/engine/index.js';
import { FloodChecks } from '../server/data/floods.js';
import { decide, listQuarantine } from '../server/data/quarantine.js';
import { submitResponse } from '../server/data/responses.js';
import { freezeMonths, readFrozen } from '../server/data/snapshots.js';
import { readTotalsByService, recomputeTotals } from '../server/data/totals.js';
import { storeSubmission, unratedByEndState } from '../server/data/unrated-visits.js';
import { floodPolicyFrom, FLOOD_DEFAULTS } from '../server/vocabulary/flood-policy.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import type { SurveySubmission } from '../server/vocabulary/submission.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs } from './helpers/officer.js';
import { expectSameTotals } from './helpers/totals-compare.js';

// Abuse without surveillance (issue 10): flood checks counted in the database (shared by every
// process), suspicious responses counted until an officer decides, excluded ones out of every total
// and figure but never deleted, published snapshots left alone; and the end-state dimension.

const none = Object.fromEntries(ELEMENT_CODES.map((c) => [c, null])) as SurveySubmission['answers'];
const submission = (over: Partial<SurveySubmission> = {}): SurveySubmission => ({
  answers: { ...none, WAKTU: 3 },
  profile: { gender: 'P', education: null, occupation: null, disability: null },
  age: null,
  ageBand: null,
  comment: null,
  idempotencyKey: null,
  ...over,
});
const meta = (serviceId: number, date: string) => ({
  serviceId,
  channel: 'link' as const,
  lang: 'id',
  submittedAt: new Date(`${date}T03:00:00Z`),
  localDate: date,
});
const TABLES = ['totals_day', 'totals_month', 'totals_group_month'];

describe('flood checks', () => {
  it('reads its thresholds from the environment, keeping the defaults for missing or bad values', () => {
    expect(floodPolicyFrom({})).toEqual(FLOOD_DEFAULTS);
    expect(FLOOD_DEFAULTS).toEqual({ windowMs: 600_000, clientMax: 20, patternMin: 10, patternFactor: 5 });
    expect(floodPolicyFrom({ FLOOD_CLIENT_MAX: '50', FLOOD_WINDOW_MINUTES: '5', FLOOD_PATTERN_MIN: 'x', FLOOD_PATTERN_FACTOR: '-1' })).toEqual({
      windowMs: 300_000,
      clientMax: 50,
      patternMin: 10,
      patternFactor: 5,
    });
  });

  it('counts one client together through two handles (two processes), per service, in a window', async () => {
    const db = SqliteDatabase.of(testDb());
    const org = await seedSmall(db);
    let now = Date.UTC(2026, 2, 10, 2, 0);
    const policy = { windowMs: 600_000, clientMax: 3, patternMin: 1000, patternFactor: 5 };
    // shared: the database's counters, as on PostgreSQL
    const [a, b] = [new FloodChecks(db, policy, () => now, true), new FloodChecks(db, policy, () => now, true)];
    const marks = [];
    for (let i = 0; i < 4; i++) marks.push(await (i % 2 ? a : b).check(org.serviceId, 'client-x', [i]));
    expect(marks).toEqual([null, null, null, 'client_burst']);
    expect(await a.check(org.inactiveServiceId, 'client-x', [9])).toBeNull(); // another service counts apart
    now += 600_001; // a new window
    expect(await b.check(org.serviceId, 'client-x', [10])).toBeNull();
  });

  it('counts in memory on SQLite (one process): a post writes nothing but itself, and windows still end', async () => {
    const raw = testDb();
    const db = SqliteDatabase.of(raw);
    const org = await seedSmall(db);
    let now = Date.UTC(2026, 2, 10, 2, 0);
    const checks = new FloodChecks(db, { windowMs: 600_000, clientMax: 2, patternMin: 1000, patternFactor: 5 }, () => now);
    const marks = [];
    for (let i = 0; i < 3; i++) marks.push(await checks.check(org.serviceId, 'client-x', [i]));
    expect(marks).toEqual([null, null, 'client_burst']);
    expect(raw.prepare("SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'flood-%'").get()).toEqual({ n: 0 });
    now += 600_001;
    expect(await checks.check(org.serviceId, 'client-x', [3])).toBeNull();
  });

  it('marks identical answer patterns far above the usual rate of the service', async () => {
    const db = SqliteDatabase.of(testDb());
    const org = await seedSmall(db);
    const checks = new FloodChecks(db, { windowMs: 600_000, clientMax: 1000, patternMin: 3, patternFactor: 5 });
    const marks = [];
    for (let i = 0; i < 4; i++) marks.push(await checks.check(org.serviceId, `client-${i}`, [4, 4, 4]));
    expect(marks).toEqual([null, null, null, 'pattern_burst']);
    expect(await checks.check(org.serviceId, 'client-9', [3, 4, 4])).toBeNull();
  });
});

describe('quarantine decisions', () => {
  let raw: Db;
  let db: Database;
  let org: SmallOrg;
  const actor = { userId: 0, email: 'admin@uji.go.id' };
  beforeEach(async () => {
    raw = testDb();
    db = SqliteDatabase.of(raw);
    org = await seedSmall(db);
    const id = Number(
      await db.value("INSERT INTO users (email, name, password_hash, role, unit_id) VALUES ('admin@uji.go.id', 'A', '$argon2id$x', 'admin', ?) RETURNING id", [
        org.rootId,
      ]),
    );
    actor.userId = id;
  });
  const tables = () => TABLES.map((t) => raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all());

  it('takes an excluded response out of every total (its emptied rows too) and puts it back, keeping the row', async () => {
    await submitResponse(db, submission(), meta(org.serviceId, '2026-01-10'));
    await submitResponse(
      db,
      submission({ answers: { ...none, SARANA: 1 }, profile: { gender: 'L', education: 'sd', occupation: null, disability: 'yes' }, endState: 'gave_up' }),
      {
        ...meta(org.serviceId, '2026-01-11'),
        suspicion: 'pattern_burst',
      },
    );
    const before = tables();
    const flagged = await listQuarantine(db, [org.serviceId], 'open');
    expect(flagged.map((r) => [r.kind, r.suspicion, r.answers[8]])).toEqual([['response', 'pattern_burst', 1]]);
    expect(await decide(db, actor, 'response', flagged[0]!.id, 'exclude', [org.serviceId])).toBe(true);
    // the day, the month's group rows of that respondent alone are gone, as a recomputation has them
    expect(raw.prepare("SELECT count(*) AS n FROM totals_day WHERE day = '2026-01-11'").get()).toEqual({ n: 0 });
    expect(raw.prepare("SELECT count(*) AS n FROM totals_group_month WHERE dimension = 'endstate' AND grp = 'gave_up'").get()).toEqual({ n: 0 });
    const excluded = tables();
    await recomputeTotals(db);
    expectSameTotals(excluded, tables());
    expect((await readTotalsByService(db, { serviceIds: null, from: '2026-01-01', to: '2026-01-31' })).get(org.serviceId)?.n).toBe(1);
    expect(raw.prepare('SELECT count(*) AS n FROM responses').get()).toEqual({ n: 2 });
    expect(await listQuarantine(db, [org.serviceId], 'open')).toEqual([]);
    expect((await listQuarantine(db, [org.serviceId], 'excluded')).length).toBe(1);
    // twice the same decision changes nothing more
    expect(await decide(db, actor, 'response', flagged[0]!.id, 'exclude', [org.serviceId])).toBe(true);
    expectSameTotals(tables(), excluded);
    expect(await decide(db, actor, 'response', flagged[0]!.id, 'restore', [org.serviceId])).toBe(true);
    expectSameTotals(tables(), before);
    expect((await listQuarantine(db, [org.serviceId], 'kept')).length).toBe(1);
    expect(raw.prepare("SELECT action, entity_kind FROM audit_log WHERE entity_kind = 'response' ORDER BY id").all()).toEqual([
      { action: 'exclude', entity_kind: 'response' },
      { action: 'exclude', entity_kind: 'response' },
      { action: 'restore', entity_kind: 'response' },
    ]);
  });

  it("refuses a response that is not suspicious or not in the officer's services", async () => {
    const { id } = await submitResponse(db, submission(), meta(org.serviceId, '2026-01-10'));
    expect(await decide(db, actor, 'response', id, 'exclude', [org.serviceId])).toBe(false);
    const flagged = await submitResponse(db, submission({ idempotencyKey: 'k-aaaaaaaaaaaaaaaaaa' }), {
      ...meta(org.serviceId, '2026-01-10'),
      suspicion: 'client_burst',
    });
    expect(await decide(db, actor, 'response', flagged.id, 'exclude', [org.inactiveServiceId])).toBe(false);
    expect(raw.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
  });

  it('excludes a suspicious visit without ratings from the reach by end state', async () => {
    await storeSubmission(db, submission({ answers: none, endState: 'not_served' }), meta(org.serviceId, '2026-01-10'));
    await storeSubmission(db, submission({ answers: none, endState: 'not_served', idempotencyKey: 'k-bbbbbbbbbbbbbbbbbb' }), {
      ...meta(org.serviceId, '2026-01-10'),
      suspicion: 'client_burst',
    });
    expect((await unratedByEndState(db, [org.serviceId], '2026-01-01', '2026-01-31')).not_served).toBe(2);
    const [visit] = await listQuarantine(db, [org.serviceId], 'open');
    expect(visit?.kind).toBe('visit');
    await decide(db, actor, 'visit', visit!.id, 'exclude', [org.serviceId]);
    expect(await unratedByEndState(db, [org.serviceId], '2026-01-01', '2026-01-31')).toEqual({ full: 0, partial: 0, not_served: 1, gave_up: 0 });
    expect(raw.prepare('SELECT count(*) AS n FROM responses').get()).toEqual({ n: 0 });
  });

  it('leaves a published snapshot as it was: only republication lets the decision in', async () => {
    await submitResponse(db, submission(), meta(org.serviceId, '2026-01-10'));
    const { id } = await submitResponse(db, submission({ idempotencyKey: 'k-cccccccccccccccccc' }), {
      ...meta(org.serviceId, '2026-01-12'),
      suspicion: 'client_burst',
    });
    await freezeMonths(db, [org.serviceId], ['2026-01'], '2026-02-01T00:00:00.000Z');
    const frozen = async () => (await readFrozen(db, [org.serviceId], ['2026-01'], { joint: true }))[0];
    expect((await frozen())?.total.n).toBe(2);
    await decide(db, actor, 'response', id, 'exclude', [org.serviceId]);
    expect((await frozen())?.total.n).toBe(2);
    expect((await readTotalsByService(db, { serviceIds: [org.serviceId], from: '2026-01-01', to: '2026-01-31' })).get(org.serviceId)?.n).toBe(1);
  });
});

describe('end state in the dashboards', () => {
  it('shows reach and IKM per end state, and the visits without ratings, hiding a group under k', async () => {
    const raw = testDb();
    const db = SqliteDatabase.of(raw);
    const org = await seedSmall(db);
    const date = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < 6; i++) await submitResponse(db, submission({ endState: 'full', answers: { ...none, WAKTU: 4 } }), meta(org.serviceId, date));
    for (let i = 0; i < 2; i++) await submitResponse(db, submission({ endState: 'partial', answers: { ...none, WAKTU: 1 } }), meta(org.serviceId, date));
    for (let i = 0; i < 6; i++) await storeSubmission(db, submission({ answers: none, endState: 'not_served' }), meta(org.serviceId, date));
    await storeSubmission(db, submission({ answers: none, endState: 'gave_up' }), meta(org.serviceId, date));
    const app = testApp(raw);
    const m = await signInAs(app, db, { role: 'manager', unitId: org.unitId });
    const $ = load((await m.agent.get(`/dashboard/services/ktp?from=${date}&to=${date}&lang=en`)).text);
    const table = $('table[data-dimension=endstate]');
    expect(table.length).toBe(1);
    expect(table.find('tr[data-group=full] [data-col=ikm]').text()).toBe('100.00');
    expect(table.find('tr[data-group=full] [data-col=n]').text()).toBe('6');
    expect(table.find('tr[data-group=partial] [data-col=ikm]').text()).toBe('–');
    // visits without ratings: reach beside the breakdown, never in the IKM
    const unrated = $('table[data-unrated]');
    expect(unrated.find('tr[data-group=not_served] [data-col=n]').text()).toBe('6');
    expect(unrated.find('tr[data-group=gave_up] [data-col=n]').text()).toBe('fewer than 5');
  });
});
