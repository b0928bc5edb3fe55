import { load } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createService } from '../server/data/services.js';
import { setPublished } from '../server/data/targets.js';
import { addApiToken } from '../server/data/tokens.js';
import { currentPeriod } from '../server/indicators/periods.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs } from './helpers/officer.js';
import { addResponses, times } from './helpers/responses.js';

// The attacks of the security issue and of indicators.md "Disclosure control", performed against
// the public results API of the real app on a real migrated database.

type Row = { group: string; n: number | null; ikm: number | null; withheld: string | null };

describe('disclosure control in the public results API', () => {
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: SmallOrg;
  let kk: number;
  let sppirt: number;
  let token: string;
  const pub = async (url: string) => request(app).get(url).set('Accept-Language', 'en');
  const officer = async (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`);

  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    kk = await createService(store, { unitId: org.unitId, code: 'kk', nameId: 'Kartu Keluarga', nameEn: 'Family card', published: true });
    sppirt = await createService(store, { unitId: org.unitId, code: 'sppirt', nameId: 'SPP-IRT', nameEn: 'Home food permit' });
    for (const owner of [{ serviceId: org.serviceId }, { unitId: org.unitId }, { unitId: org.rootId }]) await setPublished(store, owner, true);
    app = testApp(db);
    token = (await addApiToken(store, org.rootId, 'agency')).token;
  });

  it('does not let an unpublished service be read as a published unit minus its published services', async () => {
    await addResponses(store, org.serviceId, times(10, { date: '2026-08-05', answers: 4 }));
    await addResponses(store, kk, times(10, { date: '2026-08-05', answers: 3 }));
    await addResponses(store, sppirt, times(7, { date: '2026-08-05', answers: 1 }));
    expect((await pub('/api/v1/services/sppirt/results?period=2026-08')).status).toBe(401);
    const unit = (await pub('/api/v1/units/dukcapil/results?period=2026-08')).body;
    const ktp = (await pub('/api/v1/services/ktp/results?period=2026-08')).body;
    const kkr = (await pub('/api/v1/services/kk/results?period=2026-08')).body;
    // the attack: unit minus its published services leaves nothing
    expect(unit.n - ktp.n - kkr.n).toBe(0);
    for (const e of unit.elements) {
      const part = (b: { elements: Array<{ code: string; n: number }> }) => b.elements.find((x) => x.code === e.code)?.n ?? 0;
      expect(e.n - part(ktp) - part(kkr)).toBe(0);
    }
    expect(unit.ikm).toBeCloseTo(87.5, 10); // (100 + 75) / 2: the unpublished service's 1s are not in it
    expect(unit.services.map((s: { code: string }) => s.code).sort()).toEqual(['kk', 'ktp']);
    const agency = (await pub('/api/v1/agency/results?period=2026-08')).body;
    expect(agency.n).toBe(20);
    // officers and tokens of the scope still see everything
    expect((await officer('/api/v1/units/dukcapil/results?period=2026-08')).body.n).toBe(27);
  });

  it('refuses day ranges, the running period and group or channel filters to the public, not to officers', async () => {
    await addResponses(store, org.serviceId, [
      ...times(12, { date: '2026-08-10', answers: 3, disability: 'no' }),
      ...times(6, { date: '2026-08-15', answers: 2, disability: 'yes' }),
      { date: '2026-08-16', answers: 1, disability: 'yes' },
    ]);
    // two ranges a day apart, both above k, differ by one respondent: refused to the public
    for (const to of ['2026-08-16', '2026-08-15']) {
      const res = await pub(`/api/v1/services/ktp/results?from=2026-08-01&to=${to}&disability=yes`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/cannot be filtered|one whole period/);
      const plain = await pub(`/api/v1/services/ktp/results?from=2026-08-01&to=${to}`);
      expect(plain.status).toBe(400);
      expect(plain.body.error).toContain('one whole period');
    }
    const filtered = await pub('/api/v1/services/ktp/results?period=2026-08&disability=yes');
    expect([filtered.status, filtered.body.error]).toEqual([400, expect.stringContaining('cannot be filtered')]);
    expect((await pub('/api/v1/services/ktp/results?period=2026-08&channel=link')).status).toBe(400);
    const running = currentPeriod('quarter', new Date(), 'Asia/Jakarta');
    const now = await pub(`/api/v1/services/ktp/results?period=${running.label}`);
    expect([now.status, now.body.error]).toEqual([400, expect.stringContaining('completed periods')]);
    // a range spanning exactly one completed period is that period
    const month = await pub('/api/v1/services/ktp/results?from=2026-08-01&to=2026-08-31');
    expect([month.status, month.body.period, month.body.n]).toEqual([200, '2026-08', 19]);
    // the public default is the last complete quarter
    const dflt = (await pub('/api/v1/services/ktp/results')).body;
    const last = currentPeriod('quarter', new Date(new Date(`${running.from}T12:00:00Z`).getTime() - 86_400_000), 'Asia/Jakarta');
    expect([dflt.from, dflt.to]).toEqual([last.from, last.to]);
    // officers and tokens keep day ranges and filters, with the plain k rule
    const a = (await officer('/api/v1/services/ktp/results?from=2026-08-01&to=2026-08-16&disability=yes')).body;
    const b = (await officer('/api/v1/services/ktp/results?from=2026-08-01&to=2026-08-15&disability=yes')).body;
    expect([a.n, b.n]).toEqual([7, 6]);
  });

  it('hides the next smallest group when one group of a dimension is hidden, and the "everyone else" rows with it', async () => {
    await addResponses(store, org.serviceId, [
      ...times(20, { date: '2026-08-05', answers: 4, disability: 'no', gender: 'L' }),
      ...times(3, { date: '2026-08-06', answers: 1, disability: 'yes', gender: 'L', age: 70 }),
    ]);
    const b = (await pub('/api/v1/services/ktp/results?period=2026-Q3')).body;
    expect(b.n).toBe(23);
    const dis = Object.fromEntries(b.groups.disability.map((g: Row) => [g.group, g]));
    expect(dis.yes).toMatchObject({ n: null, ikm: null, withheld: 'small' });
    // the attack: total minus the shown groups would give the 3 respondents with a disability
    expect(dis.no).toMatchObject({ ikm: null, withheld: 'secondary' });
    for (const dim of Object.keys(b.groups)) {
      const shown = b.groups[dim].filter((g: Row) => g.ikm !== null).reduce((s: number, g: Row) => s + (g.n as number), 0);
      const rest = b.n - shown;
      expect(rest === 0 || rest >= 5, `${dim}: ${rest} left over`).toBe(true);
    }
    // the vulnerable-groups rows give nothing away either
    expect(b.vulnerable.disability.group.ikm).toBeNull();
    expect(b.vulnerable.disability.rest.ikm).toBeNull();
    expect(b.vulnerable.age65plus.rest.ikm).toBeNull();
    // gender L holds everyone: shown, and equal to the total, so nothing is isolated
    expect(b.groups.gender.find((g: Row) => g.group === 'L')).toMatchObject({ n: 23, withheld: null });
    // an officer sees the group of 20 (plain k rule, no secondary suppression) and never the 3
    const o = (await officer('/api/v1/services/ktp/results?period=2026-Q3')).body;
    const odis = Object.fromEntries(o.groups.disability.map((g: Row) => [g.group, g]));
    expect([odis.no.n, odis.no.ikm, odis.yes.ikm]).toEqual([20, 100, null]);
  });

  it('hides a group that lies inside another shown group with fewer than k between them', async () => {
    // every respondent with a disability is a woman, and only 2 women have none
    await addResponses(store, org.serviceId, [
      ...times(8, { date: '2026-08-05', answers: 3, gender: 'P', disability: 'yes' }),
      ...times(2, { date: '2026-08-05', answers: 1, gender: 'P', disability: 'no' }),
      ...times(10, { date: '2026-08-05', answers: 4, gender: 'L', disability: 'no' }),
    ]);
    const b = (await pub('/api/v1/services/ktp/results?period=2026-Q3')).body;
    const p = b.groups.gender.find((g: Row) => g.group === 'P');
    const yes = b.groups.disability.find((g: Row) => g.group === 'yes');
    // women (10) minus people with a disability (8) would be 2 women: not both may carry an IKM
    expect(p.ikm === null || yes.ikm === null).toBe(true);
  });

  it('gives IKM by group only per service and completed quarter', async () => {
    for (const date of ['2026-05-05', '2026-08-05']) {
      await addResponses(store, org.serviceId, times(12, { date, answers: 4, gender: 'L' }));
      await addResponses(store, kk, times(12, { date, answers: 3, gender: 'P' }));
    }
    const quarter = (await pub('/api/v1/services/ktp/results?period=2026-Q3')).body;
    expect(quarter.groups.gender.find((g: Row) => g.group === 'L')).toMatchObject({ n: 12, ikm: 100 });
    for (const url of [
      '/api/v1/services/ktp/results?period=2026-08',
      '/api/v1/services/ktp/results?period=2026-S1',
      '/api/v1/units/dukcapil/results?period=2026-Q3',
    ]) {
      const b = (await pub(url)).body;
      expect(b.n).toBeGreaterThan(0);
      const rows: Row[] = Object.values(b.groups as Record<string, Row[]>).flat();
      expect(
        rows.filter((g) => g.ikm !== null),
        url,
      ).toEqual([]);
      expect(
        rows.some((g) => g.n !== null && g.withheld === 'level'),
        url,
      ).toBe(true); // reach still shown
      expect(b.vulnerable).toBeNull();
    }
  });

  it('publishes nothing for a scope and period with fewer than k, nor any period that contains such a month', async () => {
    await addResponses(store, org.serviceId, [...times(10, { date: '2026-08-05', answers: 4 }), ...times(2, { date: '2026-09-05', answers: 1 })]);
    await addResponses(store, kk, [...times(10, { date: '2026-08-05', answers: 3 }), ...times(10, { date: '2026-09-05', answers: 3 })]);
    const sept = (await pub('/api/v1/services/ktp/results?period=2026-09')).body;
    expect(sept).toMatchObject({ n: null, ikm: null, grade: null, publication: { status: 'too_few' } });
    // otherwise the quarter minus August would give September's 2 respondents
    const q3 = (await pub('/api/v1/services/ktp/results?period=2026-Q3')).body;
    expect(q3).toMatchObject({ n: null, ikm: null, publication: { status: 'too_few' } });
    expect((await pub('/api/v1/services/ktp/results?period=2026-08')).body.n).toBe(10);
    // and the unit's quarter leaves the service out, so unit minus kk reveals nothing either
    const unitQ3 = (await pub('/api/v1/units/dukcapil/results?period=2026-Q3')).body;
    expect([unitQ3.n, unitQ3.services.map((s: { code: string }) => s.code)]).toEqual([20, ['kk']]);
    const unitAug = (await pub('/api/v1/units/dukcapil/results?period=2026-08')).body;
    const unitSep = (await pub('/api/v1/units/dukcapil/results?period=2026-09')).body;
    expect([unitAug.n, unitSep.n]).toEqual([20, 10]);
  });

  it('keeps a published period as it was until an admin republishes it, with an audit row', async () => {
    await addResponses(store, org.serviceId, times(10, { date: '2026-08-05', answers: 4 }));
    expect((await pub('/api/v1/services/ktp/results?period=2026-08')).body.n).toBe(10);
    // late data (a kiosk queue, paper entered afterwards) for the published month
    await addResponses(store, org.serviceId, times(5, { date: '2026-08-20', answers: 1 }));
    for (const url of [
      '/api/v1/services/ktp/results?period=2026-08',
      '/api/v1/services/ktp/results?period=2026-Q3',
      '/api/v1/units/dukcapil/results?period=2026-08',
    ]) {
      const b = (await pub(url)).body;
      expect([b.n, b.ikm], url).toEqual([10, 100]);
    }
    expect((await officer('/api/v1/services/ktp/results?period=2026-08')).body.n).toBe(15);

    const admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    const page = await admin.agent.get('/manage/publication?lang=en');
    const $ = load(page.text);
    expect($('li[data-month="2026-08"] [data-col="late"]').text().trim()).toBe('5');
    expect($('li[data-month="2026-08"]').text()).toContain('Responses that arrived since: 5');
    const csrf = $('li[data-month="2026-08"] input[name=_csrf]').attr('value') as string;
    const res = await admin.agent
      .post('/manage/publication/republish')
      .type('form')
      .send({ _csrf: csrf, period: '2026-08', reason: 'late kiosk answers included' });
    expect(res.status).toBe(303);
    expect((await pub('/api/v1/services/ktp/results?period=2026-08')).body.n).toBe(15);
    const row = db.prepare("SELECT user_email, entity_code, details FROM audit_log WHERE action = 'publication.republish'").get() as {
      user_email: string;
      entity_code: string;
      details: string;
    };
    expect([row.user_email, row.entity_code, JSON.parse(row.details).months]).toEqual([admin.email, '2026-08', ['2026-08']]);
    // a manager may not republish; the running period cannot be republished
    const manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const denied = await manager.agent
      .post('/manage/publication/republish')
      .type('form')
      .send({ _csrf: await manager.csrf(), period: '2026-08' });
    expect(denied.status).toBe(403);
    const running = currentPeriod('month', new Date(), 'Asia/Jakarta').label;
    const bad = await admin.agent.post('/manage/publication/republish?lang=en').type('form').send({ _csrf: csrf, period: running });
    expect(bad.status).toBe(422);
    expect(load(bad.text)('.error-summary').text()).toContain('is not a completed month');
  });

  it('serves public results from a cache that a management change clears', async () => {
    await addResponses(store, org.serviceId, times(10, { date: '2026-08-05', answers: 4 }));
    await addResponses(store, kk, times(10, { date: '2026-08-05', answers: 2 }));
    const before = (await pub('/api/v1/units/dukcapil/results?period=2026-08')).body;
    expect(before.n).toBe(20);
    // a change made behind the app's back (no audit row) is not seen: the body is kept
    db.prepare('UPDATE services SET published = 0 WHERE id = ?').run(kk);
    expect((await pub('/api/v1/units/dukcapil/results?period=2026-08')).body.n).toBe(20);
    // the same change through management (audited) is seen at once
    db.prepare('UPDATE services SET published = 1 WHERE id = ?').run(kk);
    const admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    const form = await admin.agent
      .post('/manage/services/kk')
      .type('form')
      .send({
        _csrf: await admin.csrf(),
        code: 'kk',
        name_id: 'Kartu Keluarga',
        name_en: 'Family card',
        unit: 'dukcapil',
        active: '1',
        embed_origins: '',
      });
    expect(form.status).toBe(303);
    const after = (await pub('/api/v1/units/dukcapil/results?period=2026-08')).body;
    expect([after.n, after.services.map((s: { code: string }) => s.code)]).toEqual([10, ['ktp']]);
  });

  it('bounds what one request may ask, for everyone', async () => {
    for (const qs of ['from=0001-01-01&to=9999-12-31&gender=P', 'from=0001-01-01&to=9999-12-31', 'period=0001', 'period=9999-Q4']) {
      for (const ask of [pub, officer]) {
        const res = await ask(`/api/v1/agency/results?${qs}`);
        expect(res.status, qs).toBe(400);
        expect(typeof res.body.error).toBe('string');
      }
    }
  });

  it('rate-limits anonymous clients of the API, not tokens', async () => {
    app = testApp(db, { apiLimits: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await pub('/api/v1/services/ktp/results?period=2026-08')).status).toBe(200);
    const limited = await pub('/api/v1/services/ktp/results?period=2026-08');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toContain('Too many requests');
    expect((await pub('/api/v1/services')).status).toBe(429);
    expect((await officer('/api/v1/services/ktp/results?period=2026-08')).status).toBe(200);
  });
});
