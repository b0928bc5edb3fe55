import { beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { setPopulation } from '../server/data/populations.js';
import { setTargetProfile } from '../server/data/profiles.js';
import { createService } from '../server/data/services.js';
import { setPublished, setTarget } from '../server/data/targets.js';
import { addApiToken, revokeToken } from '../server/data/tokens.js';
import { createUnit } from '../server/data/units.js';
import { currentPeriod } from '../server/indicators/periods.js';
import { requiredSampleSize } from '../server/indicators/sample.js';
import { addResponses, times } from './helpers/responses.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';

// The 29-respondent worked example (skm.md): per-element sums over 29 respondents.
const SUMS = { PERSYARATAN: 105, PROSEDUR: 101, WAKTU: 100, BIAYA: 116, PRODUK: 102, KOMPETENSI: 105, PERILAKU: 106, PENGADUAN: 105, SARANA: 115 };

/** 29 answer sets whose element sums are SUMS (each element: some 4s, the rest 3s, since sums lie in 87..116). */
function workedExample(date: string) {
  return Array.from({ length: 29 }, (_, i) => ({
    date,
    answers: Object.fromEntries(Object.entries(SUMS).map(([code, sum]) => [code, i < sum - 87 ? 4 : 3])),
  }));
}

describe('results API', () => {
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: SmallOrg;
  let kk: number;
  let other: number;
  let otherUnit: number;
  /** A request as an agency-wide API token: officers and tokens read any period and filter (plain k rule). */
  let api: (url: string) => request.Test;

  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    kk = await createService(store, { unitId: org.unitId, code: 'kk', nameId: 'Kartu Keluarga', nameEn: 'Family card', published: true });
    otherUnit = await createUnit(store, { agencyId: org.agencyId, parentId: org.rootId, code: 'dinkes', nameId: 'Dinas Kesehatan', nameEn: 'Health Office' });
    other = await createService(store, { unitId: otherUnit, code: 'imunisasi', nameId: 'Imunisasi', nameEn: 'Immunisation' });
    await setPublished(store, { serviceId: org.serviceId }, true);
    await setPublished(store, { unitId: org.unitId }, true);
    await setPublished(store, { unitId: org.rootId }, true);
    app = testApp(db);
    const agencyToken = (await addApiToken(store, org.rootId, 'agency dashboard')).token;
    api = (url) => request(app).get(url).set('Authorization', `Bearer ${agencyToken}`);
  });

  it('computes the worked example exactly (91.48, A) with the contract fields', async () => {
    await addResponses(store, org.serviceId, workedExample('2026-08-10'));
    const res = await request(app).get('/api/v1/services/ktp/results?from=2026-07-01&to=2026-09-30');
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b.scope).toMatchObject({ type: 'service', code: 'ktp', name: 'Perekaman KTP-el' });
    expect([b.from, b.to, b.n]).toEqual(['2026-07-01', '2026-09-30', 29]);
    expect(b.ikm_1_4).toBeCloseTo(3.659, 3);
    expect(Math.round(b.ikm * 100) / 100).toBe(91.48);
    expect(b.grade).toBe('A');
    const nrr = Object.fromEntries(b.elements.map((e: { code: string; nrr: number }) => [e.code, e.nrr]));
    expect(nrr.PERSYARATAN).toBeCloseTo(3.6207, 4);
    expect(nrr.BIAYA).toBe(4);
    expect(nrr.SARANA).toBeCloseTo(3.9655, 4);
    for (const e of b.elements) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['code', 'n', 'nrr', 'score', 'grade']));
      expect(e.score).toBeCloseTo(e.nrr * 25, 12);
    }
    expect(b.margin).toBeGreaterThan(0);
    expect(b.sample).toEqual({ population: null, required: null, adequate: null });
    expect(b.groups.gender.map((g: { group: string }) => g.group)).toEqual(['L', 'P', 'na']);
  });

  it('treats a missing answer as missing, not as zero', async () => {
    await addResponses(store, org.serviceId, [
      { date: '2026-08-01', answers: { PERSYARATAN: 4, BIAYA: null, WAKTU: 2 } },
      { date: '2026-08-02', answers: { PERSYARATAN: 2, BIAYA: 4, WAKTU: 2 } },
    ]);
    const b = (await api('/api/v1/services/ktp/results?from=2026-08-01&to=2026-08-31')).body;
    const el = (code: string) => b.elements.find((e: { code: string }) => e.code === code);
    expect(el('BIAYA')).toMatchObject({ n: 1, nrr: 4 });
    expect(el('PRODUK')).toMatchObject({ n: 0, nrr: null, score: null, grade: null });
    // mean of the answered elements' NRRs: (3 + 4 + 2) / 3
    expect(b.ikm_1_4).toBeCloseTo(3, 12);
    expect(b.ikm).toBeCloseTo(75, 10);
  });

  it('has no IKM at all for a period without responses', async () => {
    const year = new Date().getUTCFullYear() - 1; // the earliest year a request may name on an empty database
    const b = (await api(`/api/v1/services/ktp/results?from=${year}-01-01&to=${year}-12-31`)).body;
    expect(b).toMatchObject({ n: 0, ikm: null, ikm_1_4: null, grade: null, margin: null });
  });

  it('defaults to the current quarter in the agency time zone for officers and tokens', async () => {
    const q = currentPeriod('quarter', new Date(), 'Asia/Jakarta');
    const b = (await api('/api/v1/services/ktp/results')).body;
    expect([b.from, b.to]).toEqual([q.from, q.to]);
  });

  it('covers a unit subtree and the whole agency, with per-service rows and the share meeting targets', async () => {
    await addResponses(store, org.serviceId, times(10, { date: '2026-08-01', answers: 4 }));
    await addResponses(store, kk, times(10, { date: '2026-08-01', answers: 3 }));
    await addResponses(store, other, times(10, { date: '2026-08-01', answers: 2 }));
    await setTarget(store, { unitId: org.rootId }, 80);
    await setTarget(store, { serviceId: kk }, 70);
    const range = '?from=2026-08-01&to=2026-08-31';
    const unit = (await api(`/api/v1/units/dukcapil/results${range}`)).body;
    expect(unit.n).toBe(20);
    expect(unit.ikm).toBeCloseTo(87.5, 10);
    expect(unit.target).toBe(80); // inherited from the root
    // officers and tokens see every service of the subtree, the inactive one too (marked so)
    expect(unit.services.map((s: { code: string }) => s.code).sort()).toEqual(['kk', 'ktp', 'lama']);
    expect(unit.services.find((s: { code: string }) => s.code === 'lama')).toMatchObject({ active: false, n: 0 });
    const kkRow = unit.services.find((s: { code: string }) => s.code === 'kk');
    expect(kkRow).toMatchObject({ target: 70, target_met: true });
    expect(kkRow.attainment).toBeCloseTo(5, 10);
    const agency = (await api(`/api/v1/agency/results${range}`)).body;
    expect(agency.n).toBe(30);
    expect(agency.ikm).toBeCloseTo(75, 10);
    // ktp 100 >= 80, kk 75 >= 70, imunisasi 50 < 80 (inherited)
    expect(agency.services_meeting_target).toEqual({ counted: 3, met: 2, share: 2 / 3 });
    // a token of the agency sees every service, the unpublished one too
    expect(agency.services.map((s: { code: string }) => s.code)).toContain('imunisasi');
    // the public sees the published services only, listed and counted (disclosure control)
    const pub = (await request(app).get('/api/v1/agency/results?period=2026-08')).body;
    expect(pub.n).toBe(20);
    expect(pub.services.map((s: { code: string }) => s.code).sort()).toEqual(['kk', 'ktp']);
  });

  it('has no target and no attainment when nobody up the tree set one', async () => {
    await addResponses(store, org.serviceId, times(5, { date: '2026-08-01', answers: 3 }));
    const b = (await api('/api/v1/services/ktp/results?period=2026-08')).body;
    expect([b.target, b.attainment, b.target_met]).toEqual([null, null, null]);
    await setTarget(store, { unitId: org.unitId }, 76.61);
    const c = (await api('/api/v1/services/ktp/results?period=2026-08')).body;
    expect(c.target).toBe(76.61);
    expect(c.attainment).toBeCloseTo(75 - 76.61, 10);
    expect(c.target_met).toBe(false);
  });

  it('filters by channel and one profile group, and suppresses groups below k', async () => {
    await addResponses(store, org.serviceId, [
      ...times(6, { date: '2026-08-03', answers: 4, channel: 'qr', gender: 'P' }),
      ...times(6, { date: '2026-08-03', answers: 2, channel: 'kiosk', gender: 'L' }),
      ...times(2, { date: '2026-08-04', answers: 1, channel: 'kiosk', gender: 'na', disability: 'yes', age: 70 }),
    ]);
    const base = '/api/v1/services/ktp/results?from=2026-08-01&to=2026-08-31';
    const qr = (await api(`${base}&channel=qr`)).body;
    expect([qr.n, qr.ikm]).toEqual([6, 100]);
    const women = (await api(`${base}&gender=P`)).body;
    expect([women.n, women.ikm, women.filters.group]).toEqual([6, 100, { dimension: 'gender', value: 'P' }]);
    const both = (await api(`${base}&gender=L&channel=kiosk`)).body;
    expect([both.n, both.ikm]).toEqual([6, 50]);
    // a filtered group below k is never shown by itself
    const few = (await api(`${base}&gender=na`)).body;
    expect(few).toMatchObject({ n: null, ikm: null, grade: null, suppressed: true });
    expect(JSON.stringify(few.elements)).not.toContain('"n":2');
    const all = (await api(base)).body;
    const gender = Object.fromEntries(all.groups.gender.map((g: { group: string }) => [g.group, g]));
    expect(gender.P).toMatchObject({ n: 6, ikm: 100, suppressed: false });
    expect(gender.na).toMatchObject({ n: null, ikm: null, share: null, suppressed: true });
    expect(all.inclusiveness.gender.equity_gap).toBeCloseTo(50, 10);
    expect(all.vulnerable.disability.group).toMatchObject({ suppressed: true, ikm: null });
    expect(all.groups.channel.find((g: { group: string }) => g.group === 'qr')).toMatchObject({ n: 6, ikm: 100 });
  });

  it('reports representation against the inherited target profile and the sample size from the population', async () => {
    await addResponses(store, org.serviceId, [
      ...times(30, { date: '2026-08-03', answers: 3, gender: 'L' }),
      ...times(10, { date: '2026-08-03', answers: 3, gender: 'P' }),
    ]);
    await store.transaction(async (tx) => {
      await setTargetProfile(tx, { unitId: org.rootId }, 'gender', { L: 0.5, P: 0.5 });
      await setPopulation(tx, { serviceId: org.serviceId }, '2026-07-01', '2026-09-30', 100);
    });
    const b = (await request(app).get('/api/v1/services/ktp/results?period=2026-Q3')).body;
    expect(b.inclusiveness.gender.representation).toBeCloseTo(1 - 0.5 * (0.25 + 0.25), 12);
    expect(b.inclusiveness.gender.under_represented.map((u: { group: string }) => u.group)).toEqual(['P']);
    expect(b.sample).toEqual({ population: 100, required: requiredSampleSize(100), adequate: false });
    // the unit sums its services' populations when it has none of its own
    const u = (await request(app).get('/api/v1/units/dukcapil/results?period=2026-Q3')).body;
    expect(u.sample.population).toBe(100);
  });

  it.each([
    ['from=2026-02-30&to=2026-03-01', 'does not exist'],
    ['from=2026-1-01&to=2026-03-01', 'YYYY-MM-DD'],
    ['from=2026-05-01&to=2026-03-01', 'is after'],
    ['from=2026-05-01', 'both from and to'],
    ['period=2026-Q5', '2026-Q3'],
    ['scope=all', 'Unknown parameter "scope"'],
    ['channel=fax', 'Unknown channel "fax"'],
    ['gender=X', 'no group "X" in gender'],
    ['gender=P&disability=yes', 'Only one profile group'],
  ])('answers 400 with a JSON error for %s', async (qs, message) => {
    const res = await request(app).get(`/api/v1/services/ktp/results?${qs}`).set('Accept-Language', 'en');
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/json');
    expect(res.body.error).toContain(message);
  });

  it('answers 404 for an unknown service or unit', async () => {
    const s = await request(app).get('/api/v1/services/nope/results');
    expect([s.status, typeof s.body.error]).toEqual([404, 'string']);
    expect((await request(app).get('/api/v1/units/nope/results')).status).toBe(404);
  });

  it('keeps unpublished results private unless an officer or a token of that scope asks', async () => {
    const url = '/api/v1/services/imunisasi/results';
    const anon = await request(app).get(url);
    expect(anon.status).toBe(401);
    expect(anon.headers['www-authenticate']).toContain('Bearer');
    const own = await addApiToken(store, otherUnit, 'dashboard kesehatan');
    const foreign = await addApiToken(store, org.unitId, 'dukcapil');
    const root = await addApiToken(store, org.rootId, 'agency');
    expect((await request(app).get(url).set('Authorization', `Bearer ${own.token}`)).status).toBe(200);
    expect((await request(app).get(url).set('Authorization', `Bearer ${root.token}`)).status).toBe(200);
    expect((await request(app).get(url).set('Authorization', `Bearer ${foreign.token}`)).status).toBe(403);
    const forged = await request(app).get(url).set('Authorization', 'Bearer mutu_forged');
    expect(forged.status).toBe(401);
    expect(forged.headers['www-authenticate']).toContain('invalid_token');
    await revokeToken(store, own.id);
    expect((await request(app).get(url).set('Authorization', `Bearer ${own.token}`)).status).toBe(401);
    // the stored token is a hash
    expect(JSON.stringify(db.prepare('SELECT * FROM api_tokens').all())).not.toContain(own.token);
    // the agency's results need the root's token when unpublished
    await setPublished(store, { unitId: org.rootId }, false);
    expect((await request(app).get('/api/v1/agency/results').set('Authorization', `Bearer ${foreign.token}`)).status).toBe(403);
    expect((await request(app).get('/api/v1/agency/results').set('Authorization', `Bearer ${root.token}`)).status).toBe(200);
  });

  it('lists the published, active services with names in the request language', async () => {
    const en = await request(app).get('/api/v1/services?lang=en');
    expect(en.body).toEqual({
      services: [
        { code: 'ktp', name: 'Electronic ID card', unit: { code: 'dukcapil', name: 'Population Registry' } },
        { code: 'kk', name: 'Family card', unit: { code: 'dukcapil', name: 'Population Registry' } },
      ],
    });
    const id = await request(app).get('/api/v1/services');
    expect(id.body.services[0].name).toBe('Perekaman KTP-el');
  });
});
