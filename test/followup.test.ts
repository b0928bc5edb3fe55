import { load } from 'cheerio';
import { crc32, inflateRawSync } from 'node:zlib';
import type { Express } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { addAction, getAction, type ScopeKey } from '../server/data/followup.js';
import { createService } from '../server/data/services.js';
import { setPublished } from '../server/data/targets.js';
import { createUnit } from '../server/data/units.js';
import { actionEffect } from '../server/followup/effect.js';
import { overdueByScope } from '../server/followup/overdue.js';
import { afterPeriod, doneOnTime, isOverdue, planRate } from '../server/followup/timing.js';
import { readPlan } from '../server/followup/plan.js';
import { publicFollowUp } from '../server/followup/public.js';
import { integrityZone, q6, q7, q8, q9, type UnitYearFacts } from '../server/followup/evaluation/scores.js';
import { resolveScope } from '../server/results/scope.js';
import { emptyTotals, type Totals } from '../server/indicators/types.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { action, followUpContract } from './helpers/followup-contract.js';
import { signInAs, type SignedIn } from './helpers/officer.js';
import { addResponses, times } from './helpers/responses.js';

followUpContract('SQLite', () => Promise.resolve(SqliteDatabase.of(testDb())));

const Q1 = { kind: 'quarter' as const, label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' };

describe('follow-up timing and rate (pure)', () => {
  it('is overdue once the planned quarter has ended and the action is still open', () => {
    const a = { status: 'planned' as const, planned_quarter: '2026-Q2', done_date: null };
    expect(isOverdue(a, '2026-06-30')).toBe(false);
    expect(isOverdue(a, '2026-07-01')).toBe(true);
    expect(isOverdue({ ...a, status: 'in_progress' }, '2026-07-01')).toBe(true);
    expect(isOverdue({ ...a, status: 'dropped' }, '2026-07-01')).toBe(false);
    expect(isOverdue({ ...a, status: 'done', done_date: '2026-08-01' }, '2026-09-01')).toBe(false);
  });

  it('is on time when done by the last day of the planned quarter', () => {
    expect(doneOnTime({ status: 'done', planned_quarter: '2026-Q2', done_date: '2026-06-30' })).toBe(true);
    expect(doneOnTime({ status: 'done', planned_quarter: '2026-Q2', done_date: '2026-07-01' })).toBe(false);
    expect(doneOnTime({ status: 'planned', planned_quarter: '2026-Q2', done_date: null })).toBeNull();
  });

  it('measures the effect in the first whole period of the plan kind after the done date', () => {
    expect(afterPeriod('quarter', '2026-04-20').label).toBe('2026-Q3');
    expect(afterPeriod('quarter', '2026-03-31').label).toBe('2026-Q2');
    expect(afterPeriod('semester', '2026-04-20').label).toBe('2026-S2');
    expect(afterPeriod('year', '2026-12-31').label).toBe('2027');
    expect(afterPeriod('month', '2026-12-15').label).toBe('2027-01');
  });

  it('gives the follow-up rate of a hand-worked plan', () => {
    // plan of 2026-Q1 (ends 31 March): five actions
    //  A done 10 Apr, due Q2 (30 Jun): on time, 10 days;  B done 20 Jul, due Q2: late, 111 days
    //  C done 30 Mar, due Q1: on time, -1 day;  D in progress;  E dropped
    // done 3/5 = 60%; on time 2/5 = 40%; days -1, 10, 111 -> median 10
    const rate = planRate(
      [
        { status: 'done', planned_quarter: '2026-Q2', done_date: '2026-04-10' },
        { status: 'done', planned_quarter: '2026-Q2', done_date: '2026-07-20' },
        { status: 'done', planned_quarter: '2026-Q1', done_date: '2026-03-30' },
        { status: 'in_progress', planned_quarter: '2026-Q2', done_date: null },
        { status: 'dropped', planned_quarter: '2026-Q3', done_date: null },
      ],
      Q1,
    );
    expect(rate).toEqual({ planned: 5, done: 3, doneShare: 0.6, withDueDate: 5, doneOnTime: 2, onTimeShare: 0.4, medianDaysToDone: 10 });
  });

  it('waits for the after period until it has ended and holds answers', async () => {
    const totals = (waktu: number[]): Totals => {
      const t = emptyTotals();
      t.n = waktu.length;
      t.elements.WAKTU = { n: waktu.length, sum: waktu.reduce((a, b) => a + b, 0), sumSq: waktu.reduce((a, b) => a + b * b, 0), c4: 0, c12: 0 };
      return t;
    };
    const data: Record<string, Totals> = { '2026-01-01': totals([2, 3, 2, 3]), '2026-07-01': totals([3, 3, 3, 3]) };
    const of = (p: { from: string }) => Promise.resolve(data[p.from] ?? emptyTotals());
    const a = { period: '2026-Q1', element_code: 'WAKTU', status: 'done', done_date: '2026-04-20' };
    const waiting = await actionEffect(a, '2026-09-30', of);
    expect(waiting.waitingFor?.label).toBe('2026-Q3');
    expect(waiting.after).toBeNull();
    const measured = await actionEffect(a, '2026-10-01', of);
    expect(measured.before?.score).toBe(62.5);
    expect(measured.after?.score).toBe(75);
    expect(measured.delta).toBe(12.5);
    // margins: 1.96*s/sqrt(4)*25 with s = 0.577 (before) and 0 (after): combined 14.14 > 12.5, so within
    expect(measured.direction).toBe('within');
    const empty = await actionEffect({ ...a, done_date: '2026-07-02' }, '2027-01-05', of);
    expect(empty.waitingFor?.label).toBe('2026-Q4');
    expect((await actionEffect({ ...a, status: 'planned', done_date: null }, '2027-01-05', of)).before).toBeNull();
  });
});

describe('follow-up pages', () => {
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: SmallOrg;
  let otherUnit: number;
  let manager: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  const key = (): ScopeKey => ({ kind: 'service', id: org.serviceId });
  const PLAN = '/followup/services/ktp?period=2026-Q1&lang=en';
  const NEW = '/followup/services/ktp/actions/new?period=2026-Q1&lang=en';

  beforeAll(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    otherUnit = await createUnit(store, { agencyId: org.agencyId, parentId: org.rootId, code: 'dinsos', nameId: 'Dinas Sosial', nameEn: 'Social Affairs' });
    await createService(store, { unitId: otherUnit, code: 'bansos', nameId: 'Bantuan Sosial', nameEn: 'Social aid' });
    // Q1: WAKTU weak (2.5), SARANA 3, the rest 4; Q3: WAKTU 3.8
    await addResponses(store, org.serviceId, [
      ...times(20, {
        date: '2026-02-10',
        answers: { PERSYARATAN: 4, PROSEDUR: 4, WAKTU: 2, BIAYA: 4, PRODUK: 4, KOMPETENSI: 4, PERILAKU: 4, PENGADUAN: 3, SARANA: 3 },
      }),
      ...times(20, {
        date: '2026-03-10',
        answers: { PERSYARATAN: 4, PROSEDUR: 4, WAKTU: 3, BIAYA: 4, PRODUK: 4, KOMPETENSI: 4, PERILAKU: 4, PENGADUAN: 3, SARANA: 3 },
      }),
      ...times(40, {
        date: '2026-08-10',
        answers: { PERSYARATAN: 4, PROSEDUR: 4, WAKTU: 4, BIAYA: 4, PRODUK: 4, KOMPETENSI: 4, PERILAKU: 4, PENGADUAN: 3, SARANA: 3 },
      }),
      ...times(10, {
        date: '2026-09-10',
        answers: { PERSYARATAN: 4, PROSEDUR: 4, WAKTU: 3, BIAYA: 4, PRODUK: 4, KOMPETENSI: 4, PERILAKU: 4, PENGADUAN: 3, SARANA: 3 },
      }),
    ]);
    app = testApp(db);
    manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId, name: 'Manajer Dukcapil' });
    viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
    outsider = await signInAs(app, store, { role: 'manager', unitId: otherUnit });
  });

  it('proposes the weakest elements, keeps what was typed on errors (422), adds an action (303) and audits it', async () => {
    const page = await manager.agent.get(PLAN);
    expect(page.status).toBe(200);
    const $ = load(page.text);
    expect(
      $('[data-priority]')
        .map((_, el) => $(el).attr('data-priority'))
        .get(),
    ).toEqual(['WAKTU', 'PENGADUAN', 'SARANA']);
    expect($('[data-empty-plan]')).toHaveLength(1);
    expect($('a[data-new-action]').attr('href')).toBe(NEW);
    expect($('a[data-report]').attr('href')).toBe('/report/services/ktp?period=2026-Q1&lang=en');

    const csrf = await manager.csrf(NEW);
    const bad = await manager.agent.post(NEW).type('form').send({
      _csrf: csrf,
      element: 'WAKTU',
      activity: ' ',
      responsible: 'Service Division',
      person: 'Rina',
      planned_quarter: '2026-Q2',
      status: 'done',
      done_date: '',
      evidence_note: 'Decree 12/2026',
      evidence_url: 'javascript:alert(1)',
    });
    expect(bad.status).toBe(422);
    const $b = load(bad.text);
    expect(
      $b('.error-summary a')
        .map((_, el) => $b(el).attr('href'))
        .get(),
    ).toEqual(['#f-activity', '#f-done_date', '#f-evidence_url']);
    expect($b('.error-summary').text()).toContain('http:// or https://');
    expect($b('#f-responsible').attr('value')).toBe('Service Division');
    expect($b('#f-evidence_note').text()).toBe('Decree 12/2026');
    expect($b('#f-status option[selected]').attr('value')).toBe('done');
    expect($b('#f-planned_quarter option').first().text()).toBe('Q1 2026');
    expect(db.prepare('SELECT count(*) FROM followup_actions').pluck().get()).toBe(0);

    const ok = await manager.agent.post(NEW).type('form').send({
      _csrf: csrf,
      element: 'WAKTU',
      activity: 'Online queue',
      responsible: 'Service Division',
      person: 'Rina',
      planned_quarter: '2026-Q2',
      status: 'planned',
      done_date: '',
      evidence_note: '',
      evidence_url: '',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/followup/services/ktp?period=2026-Q1&lang=en&saved=1');
    const row = db.prepare("SELECT * FROM followup_actions WHERE activity = 'Online queue'").get() as {
      id: number;
      scope_kind: string;
      scope_id: number;
      period: string;
    };
    expect(row).toMatchObject({ scope_kind: 'service', scope_id: org.serviceId, period: '2026-Q1' });
    const audit = db.prepare("SELECT action, user_email, entity_code FROM audit_log WHERE entity_kind = 'followup_action'").all();
    expect(audit).toEqual([{ action: 'create', user_email: manager.email, entity_code: 'ktp' }]);
    const $p = load((await manager.agent.get(PLAN)).text);
    const li = $p(`[data-action="${row.id}"]`);
    expect(li.text()).toContain('Online queue');
    expect(li.text()).toContain('Rina');
    expect(li.text()).toContain('Q2 2026');
    expect($p('[data-priority="WAKTU"]').text()).toContain('(has an action)');
  });

  it('lets viewers read only; officers outside the scope get 403; posts need the CSRF token', async () => {
    const id = await addAction(store, key(), '2026-Q1', action({ plannedQuarter: '2027-Q1' }), null);
    const page = await viewer.agent.get(PLAN);
    expect(page.status).toBe(200);
    const $ = load(page.text);
    expect($(`[data-action="${id}"]`)).toHaveLength(1);
    expect($('a[data-new-action]')).toHaveLength(0);
    expect($(`a[href="/followup/actions/${id}?lang=en"]`)).toHaveLength(0);
    expect((await viewer.agent.get(NEW)).status).toBe(403);
    expect((await viewer.agent.get(`/followup/actions/${id}?lang=en`)).status).toBe(403);
    const vcsrf = await viewer.csrf();
    expect((await viewer.agent.post(NEW).type('form').send({ _csrf: vcsrf, activity: 'x' })).status).toBe(403);
    expect((await viewer.agent.post(`/followup/actions/${id}/delete`).type('form').send({ _csrf: vcsrf })).status).toBe(403);

    expect((await outsider.agent.get(PLAN)).status).toBe(403);
    const ocsrf = await outsider.csrf();
    expect((await outsider.agent.post(`/followup/actions/${id}`).type('form').send({ _csrf: ocsrf, activity: 'taken over' })).status).toBe(403);
    expect((await outsider.agent.get('/followup/services/bansos?lang=en')).status).toBe(200);

    expect((await manager.agent.post(`/followup/actions/${id}/delete`).type('form').send({})).status).toBe(403);
    const anon = await (await import('supertest')).default(app).get('/followup?lang=en');
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toMatch(/^\/login\?next=/);
    expect(await getAction(store, id)).toBeDefined();
    expect((await manager.agent.get('/followup/services/ktp?period=2026-13&lang=en')).status).toBe(400);
    expect((await manager.agent.get('/followup/services/nope?lang=en')).status).toBe(404);
  });

  it("marks an action done with its date, shows its element's score before and after, and deletes it, audited", async () => {
    const id = await addAction(store, key(), '2026-Q1', action({ element: 'WAKTU', activity: 'Extra counters' }), null);
    const url = `/followup/actions/${id}?lang=en`;
    const csrf = await manager.csrf(url);
    const form = load((await manager.agent.get(url)).text);
    expect(form('#f-activity').text()).toBe('Extra counters');
    const done = await manager.agent.post(url).type('form').send({
      _csrf: csrf,
      element: 'WAKTU',
      activity: 'Extra counters',
      responsible: 'Service Division',
      person: 'Rina',
      planned_quarter: '2026-Q2',
      status: 'done',
      done_date: '2026-04-15',
      evidence_note: 'Photos',
      evidence_url: 'https://dukcapil.example/berita',
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/followup/services/ktp?period=2026-Q1&lang=en&saved=1#action-${id}`);
    const $ = load((await manager.agent.get(PLAN)).text);
    const li = $(`[data-action="${id}"]`);
    expect(li.attr('data-status')).toBe('done');
    // WAKTU: Q1 (20 x 2, 20 x 3) 62.50; Q3 (40 x 4, 10 x 3) 95.00
    expect(li.find('[data-before]').text()).toContain('62.50 (Q1 2026)');
    expect(li.find('[data-after]').text()).toContain('95.00 (Q3 2026)');
    expect(li.find('[data-change]').text()).toContain('Up 32.50 points (statistically significant)');
    expect(li.find('[data-effect]').attr('data-effect')).toBe('up');
    expect(li.text()).toContain('(on time)');
    expect(li.find('a[href="https://dukcapil.example/berita"]')).toHaveLength(1);

    const del = await manager.agent.post(`/followup/actions/${id}/delete?lang=en`).type('form').send({ _csrf: csrf });
    expect(del.status).toBe(303);
    expect(await getAction(store, id)).toBeUndefined();
    const audit = db.prepare("SELECT action FROM audit_log WHERE entity_kind = 'followup_action' AND entity_id = ? ORDER BY id").pluck().all(id);
    expect(audit).toEqual(['update', 'delete']);
  });

  it('shows the follow-up rate, lists overdue actions on the plan and counts them on the dashboard overview', async () => {
    db.prepare('DELETE FROM followup_actions').run();
    await addAction(store, key(), '2026-Q1', action({ plannedQuarter: '2026-Q2', status: 'done', doneDate: '2026-04-10' }), null);
    await addAction(store, key(), '2026-Q1', action({ plannedQuarter: '2026-Q2', status: 'done', doneDate: '2026-07-20' }), null);
    const late = await addAction(store, key(), '2026-Q1', action({ plannedQuarter: '2026-Q2', status: 'in_progress', activity: 'Complaint desk' }), null);
    const $ = load((await manager.agent.get(PLAN)).text);
    // 2 of 3 done (66.7%), 1 of 3 on time (33.3%), days 10 and 111: median 60.5 -> 61 days
    expect($('[data-rate="planned"]').text()).toBe('3');
    expect($('[data-rate="done-share"]').text()).toContain('66.7%');
    expect($('[data-rate="on-time-share"]').text()).toContain('33.3%');
    expect($('[data-rate="median-days"]').text()).toBe('61 days');
    expect($('[data-overdue]').first().attr('data-overdue')).toBe('1');
    expect($('.overdue-list').text()).toContain('Complaint desk');
    expect($(`[data-action="${late}"]`).is('[data-overdue]')).toBe(true);

    const dash = load((await manager.agent.get('/dashboard?lang=en')).text);
    expect(dash('[data-overdue-actions]').attr('data-overdue-actions')).toBe('1');
    expect(dash('[data-overdue-scope="service:ktp"] a').attr('href')).toBe('/followup/services/ktp?lang=en');
    expect(load((await outsider.agent.get('/dashboard?lang=en')).text)('[data-overdue-actions]')).toHaveLength(0);
    expect((await overdueByScope(store, otherUnit, '2026-11-30', 'en')).total).toBe(0);
    expect((await overdueByScope(store, org.rootId, '2026-11-30', 'en')).scopes).toEqual([
      { kind: 'service', code: 'ktp', name: 'Electronic ID card', count: 1, href: '/followup/services/ktp?lang=en' },
    ]);
    expect((await overdueByScope(store, org.rootId, '2026-06-30', 'en')).total).toBe(0);

    const unit = load((await manager.agent.get('/followup/units/dukcapil?period=2026-Q1&lang=en')).text);
    const row = unit('#below-table tr[data-service]').first();
    expect(row.find('a').attr('href')).toBe('/followup/services/ktp?period=2026-Q1&lang=en');
    expect(
      row
        .find('td')
        .map((_, el) => unit(el).text())
        .get(),
    ).toEqual(['3', '1']);
  });

  it('links the plan as CSV from the plan page: the same export and hook as the dashboard, the contract hooks unchanged', async () => {
    const plan = load((await viewer.agent.get('/followup/services/ktp?period=2026-Q1&lang=en')).text);
    const href = plan('a[data-export="followup-csv"]').attr('href');
    expect(href).toBe('/exports/services/ktp/followup.csv?period=2026-Q1&lang=en');
    const dash = load((await manager.agent.get('/dashboard/services/ktp?period=2026-Q1&lang=en')).text);
    expect(dash('a[data-export="followup-csv"]').attr('href')).toBe(href);
    for (const h of ['results-csv', 'results-xlsx', 'responses-csv', 'responses-xlsx', 'comments-csv'])
      expect(dash(`a[data-export="${h}"]`), h).toHaveLength(1);
    const csv = await viewer.agent.get(href!);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const activities = (db.prepare("SELECT activity FROM followup_actions WHERE period = '2026-Q1'").pluck().all() as string[]).filter(Boolean);
    expect(activities.length).toBeGreaterThan(0);
    for (const a of activities) expect(csv.text).toContain(a);
  });

  it('gives the public page the actions with the responsible unit or role, never the person', async () => {
    db.prepare('DELETE FROM followup_actions').run();
    await addAction(
      store,
      key(),
      '2026-Q1',
      action({
        person: 'Rina Kusumawati',
        responsible: 'Service Division',
        status: 'done',
        doneDate: '2026-04-10',
        evidenceUrl: 'https://dukcapil.example/bukti',
      }),
      null,
    );
    const scope = (await resolveScope(store, 'service', 'ktp'))!;
    const { localize } = await import('../server/i18n.js');
    const list = await publicFollowUp(store, scope, Q1, localize('en'), { k: 5, now: new Date('2026-11-30T00:00:00Z'), today: '2026-11-30' });
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain('Rina');
    expect(list[0]).toMatchObject({ elementCode: 'WAKTU', responsible: 'Service Division', statusKey: 'done', quarter: 'Q2 2026', doneDate: '10 April 2026' });
    // the service is not published: no public figures before or after
    expect(list[0]?.effect?.before).toBeNull();
    // published: the scores are the public results' (the same as the public API's)
    await setPublished(store, { serviceId: org.serviceId }, true);
    const shown = await publicFollowUp(store, scope, Q1, localize('en'), { k: 5, now: new Date('2026-11-30T00:00:00Z'), today: '2026-11-30' });
    const q1 = (await (await import('supertest')).default(app).get('/api/v1/services/ktp/results?period=2026-Q1')).body as {
      elements: Array<{ code: string; score: number }>;
    };
    const q3 = (await (await import('supertest')).default(app).get('/api/v1/services/ktp/results?period=2026-Q3')).body as {
      elements: Array<{ code: string; score: number }>;
    };
    const waktu = (b: typeof q1) => localize('en').num(b.elements.find((e) => e.code === 'WAKTU')!.score);
    expect(shown[0]?.effect?.before).toBe(`${waktu(q1)} (Q1 2026)`);
    expect(shown[0]?.effect?.after).toBe(`${waktu(q3)} (Q3 2026)`);
    expect(shown[0]?.effect?.change).toContain('Up');
    expect(shown[0]?.effect?.direction).toBe('up');
    expect(shown[0]?.evidenceUrl).toBe('https://dukcapil.example/bukti');
    // late answers for Q3 move the officers' "after" (live), not the published one nor its judgement
    await addResponses(store, org.serviceId, times(150, { date: '2026-08-20', answers: 1 }));
    expect((await readPlan(store, scope, Q1, '2026-11-30')).actions[0]?.effect.direction).toBe('down');
    const again = await publicFollowUp(store, scope, Q1, localize('en'), { k: 5, now: new Date('2026-11-30T00:00:00Z'), today: '2026-11-30' });
    expect(again[0]?.effect).toEqual(shown[0]?.effect);
    // the public page: the evidence link, the responsible unit, never the person
    const page = load((await (await import('supertest')).default(app).get('/results/services/ktp?period=2026-Q1&lang=en')).text);
    expect(page('.r-actions a[href="https://dukcapil.example/bukti"]').text()).toBeTruthy();
    expect(page('.r-actions').text()).toContain('Service Division');
    expect(page('main').text()).not.toContain('Rina');
    await setPublished(store, { serviceId: org.serviceId }, false);
    expect(
      await publicFollowUp(store, scope, { ...Q1, label: '2026-Q2', from: '2026-04-01', to: '2026-06-30' }, localize('en'), {
        k: 5,
        now: new Date(),
        today: '2026-11-30',
      }),
    ).toEqual([]);
  });
});

/** The files of a zip, read with its central directory, each CRC checked (the format, independently of the writer). */
function unzip(buf: Buffer): Map<string, string> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = inflateRawSync(buf.subarray(start, start + size));
    expect(crc32(data), name).toBe(buf.readUInt32LE(at + 16));
    out.set(name, data.toString('utf8'));
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

describe('national evaluation scores (pure)', () => {
  const base: UnitYearFacts = {
    quarters: 4,
    responses: 400,
    sampleAdequate: true,
    channels: 0,
    electronic: false,
    nonElectronic: false,
    publicPage: false,
    planned: 0,
    done: 0,
    slowestMonths: null,
  };

  it('climbs PEKPPP Q6 from no survey to published in both media and followed up', () => {
    expect(q6({ ...base, responses: 0 })).toEqual({ score: 0, max: 5, raise: 'q6_survey' });
    expect(q6({ ...base, sampleAdequate: null }).score).toBe(1);
    expect(q6({ ...base, sampleAdequate: false }).score).toBe(1);
    expect(q6(base)).toEqual({ score: 2, max: 5, raise: 'q6_print' });
    expect(q6({ ...base, nonElectronic: true }).score).toBe(3);
    expect(q6({ ...base, nonElectronic: true, electronic: true }).score).toBe(4);
    expect(q6({ ...base, nonElectronic: true, electronic: true, planned: 2, done: 1 })).toEqual({ score: 5, max: 5, raise: null });
  });

  it('counts media (Q7), the share carried out (Q8) and how fast all were done (Q9)', () => {
    expect([0, 1, 4, 5, 7].map((channels) => q7({ ...base, channels }).score)).toEqual([0, 1, 4, 5, 5]);
    const q8of = (planned: number, done: number) => q8({ ...base, planned, done }).score;
    expect([q8of(0, 0), q8of(4, 0), q8of(10, 2), q8of(10, 3), q8of(10, 8), q8of(10, 9), q8of(10, 10)]).toEqual([0, 1, 2, 3, 3, 4, 5]);
    const q9of = (slowestMonths: number | null, done = 3) => q9({ ...base, planned: 3, done, slowestMonths }).score;
    expect([q9of(0.5), q9of(1), q9of(2.9), q9of(6), q9of(9), q9of(12), q9of(13), q9of(0.5, 2)]).toEqual([5, 5, 4, 3, 2, 1, 0, 0]);
  });

  it('scores the integrity-zone items: frequency, access online and offline, follow-up level', () => {
    const zi = integrityZone({ ...base, quarters: 3, publicPage: true, planned: 4, done: 2 });
    expect(zi.frequency).toEqual({ score: 3, max: 4, raise: 'zi_frequency' });
    expect(zi.access).toEqual({ score: 1, max: 2, raise: 'zi_access' });
    expect(zi.followUp).toMatchObject({ level: 'most', score: 2 });
    expect(integrityZone({ ...base, planned: 4, done: 4, nonElectronic: true, electronic: true }).followUp.level).toBe('all');
    expect(integrityZone({ ...base, planned: 4, done: 1 }).followUp.level).toBe('some');
    expect(integrityZone(base).followUp.level).toBe('none');
  });

  it("shows each unit's scores of a year to its officers", async () => {
    const db = testDb();
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    await addResponses(store, org.serviceId, [...times(6, { date: '2025-02-10', answers: 3 }), ...times(6, { date: '2025-05-10', answers: 3 })]);
    await addAction(store, { kind: 'service', id: org.serviceId }, '2025-Q1', action({ status: 'done', doneDate: '2025-05-20' }), null);
    await addAction(store, { kind: 'unit', id: org.unitId }, '2025-Q2', action(), null);
    const app = testApp(db);
    const manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const page = await manager.agent.get('/followup/evaluation?year=2025&lang=en');
    expect(page.status).toBe(200);
    const $ = load(page.text);
    const unit = $('[data-unit="dukcapil"]');
    expect(unit.find('[data-score="q8"]').attr('data-value')).toBe('3');
    expect(unit.find('[data-score="q9"]').attr('data-value')).toBe('0');
    expect(unit.find('[data-score="zi_frequency"]').attr('data-value')).toBe('2');
    expect(unit.find('[data-score="q6"]').attr('data-value')).toBe('1');
    expect($('[data-unit="pemkab"]')).toHaveLength(0);
    expect((await manager.agent.get('/followup/evaluation?year=1999')).status).toBe(400);

    // the evidence pack: a zip of the README, the questionnaire, the publication log and the plans
    const href = unit.find('a[data-evidence]').attr('href')!;
    expect(href).toBe('/followup/evaluation/units/dukcapil/evidence.zip?year=2025&lang=en');
    // no browser here (CHROMIUM_PATH names a missing file): the reports come as print-ready HTML, and the README says why
    // (test/evidence-pack.browser.test.ts prints them to PDF)
    const chromium = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const pack = await manager.agent
      .get(href)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    if (chromium === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = chromium;
    expect(pack.status).toBe(200);
    expect(pack.headers['content-type']).toBe('application/zip');
    const files = unzip(pack.body as Buffer);
    expect([...files.keys()]).toEqual([
      'README.txt',
      'skm-report-2025-Q1.html',
      'skm-report-2025-Q2.html',
      'questionnaire.csv',
      'publications-2025.csv',
      'follow-up-2025.csv',
      'follow-up-2024.csv',
    ]);
    const readme = files.get('README.txt')!;
    expect(readme).toContain('skm-report-2025-Q1.html (/report/units/dukcapil?period=2025-Q1&lang=en)');
    expect(readme).toContain('The server could not make PDFs (no browser at /nonexistent/chromium)');
    expect(readme).toContain('"Save as PDF"');
    // each report: the whole report page, self-contained (its print stylesheet inline, no script, no officer menu), with the API's figures
    const html = load(files.get('skm-report-2025-Q1.html')!);
    expect(html('link[rel=stylesheet], script')).toHaveLength(0);
    expect(html('style').text()).toContain('@page');
    expect(html('.officer-top nav a')).toHaveLength(0);
    expect(html('[data-edit-chapter]')).toHaveLength(0);
    expect(html('#annex-data')).toHaveLength(1);
    expect(html('data[data-figure=n]').attr('value')).toBe('6');
    expect(html('html').attr('lang')).toBe('en');
    expect(files.get('questionnaire.csv')!.startsWith('\uFEFFCode,Element,Question')).toBe(true);
    const plan = files.get('follow-up-2025.csv')!;
    expect(plan.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(plan).toContain('Antrean daring');
    expect(plan).not.toContain('Rina');
    const outsider = await signInAs(app, store, {
      role: 'manager',
      unitId: await createUnit(store, { agencyId: org.agencyId, parentId: org.rootId, code: 'lain', nameId: 'Lain', nameEn: 'Other' }),
    });
    expect((await outsider.agent.get(href)).status).toBe(403);
  });
});
