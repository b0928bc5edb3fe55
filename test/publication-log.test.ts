import { load } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { countPublications, listPublications } from '../server/data/publications.js';
import { createService } from '../server/data/services.js';
import { setPublished } from '../server/data/targets.js';
import { createUnit } from '../server/data/units.js';
import { publicationCount } from '../server/publication/counts.js';
import { lastCompleteQuarter } from '../server/results/query.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs, type SignedIn } from './helpers/officer.js';
import { publicationContract } from './helpers/publication-contract.js';
import { addResponses, times } from './helpers/responses.js';

// eslint-disable-next-line @typescript-eslint/require-await
publicationContract('SQLite', async () => SqliteDatabase.of(testDb()));

const Q = lastCompleteQuarter(new Date(), 'Asia/Jakarta');
const LOG = '/manage/publication-log';

describe('the publication log (officer page, audited and scoped, shown on the public page)', () => {
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: SmallOrg;
  let manager: SignedIn;
  let otherUnit: number;

  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    otherUnit = await createUnit(store, { agencyId: org.agencyId, parentId: org.rootId, code: 'dinkes', nameId: 'Dinas Kesehatan', nameEn: 'Health Office' });
    await createService(store, { unitId: otherUnit, code: 'imunisasi', nameId: 'Imunisasi', nameEn: 'Immunisation', published: true });
    for (const owner of [{ serviceId: org.serviceId }, { unitId: org.unitId }, { unitId: org.rootId }]) await setPublished(store, owner, true);
    await addResponses(store, org.serviceId, times(12, { date: Q.from, answers: 3 }));
    app = testApp(db);
    manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
  });

  const page = (agent: SignedIn['agent'], query: string) => agent.get(`${LOG}?lang=en&${query}`);
  async function post(who: SignedIn, fields: Record<string, string>, url = `${LOG}?lang=en`) {
    return who.agent
      .post(url)
      .type('form')
      .send({ _csrf: await who.csrf(`${LOG}?lang=en`), scope: 'unit:dukcapil', period: Q.label, ...fields });
  }

  it('adds an entry (303), lists it on the officer page and the public page, and audits it', async () => {
    // the public page is read (and cached) before the entry: the entry must still show at once
    const before = load((await request(app).get(`/results/units/dukcapil?period=${Q.label}&lang=en`)).text);
    expect(before('[data-publications]').attr('data-publications')).toBe('0');
    const res = await post(manager, { channel: 'print', published_on: Q.to, url: '', note: 'Harian Uji, page 3' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${LOG}?lang=en&scope=unit%3Adukcapil&period=${Q.label}&saved=1`);
    const $ = load((await page(manager.agent, `scope=unit:dukcapil&period=${Q.label}&saved=1`)).text);
    expect($('[role=status]').text()).toContain('saved');
    expect($('[data-entries]').attr('data-entries')).toBe('1');
    expect($('.log-entries li').text()).toContain('Printed media');
    expect($('.log-entries li').text()).toContain('not electronic');
    expect($('a[data-public-page]').attr('href')).toBe(`/results/units/dukcapil?period=${Q.label}&lang=en`);

    const pub = load((await request(app).get(`/results/units/dukcapil?period=${Q.label}&lang=en`)).text);
    expect(pub('.r-log li[data-channel=print]').text()).toContain('Harian Uji, page 3');
    expect(pub('[data-publications]').attr('data-publications')).toBe('1');
    // the service's own page has its own log
    expect(load((await request(app).get(`/results/services/ktp?period=${Q.label}&lang=en`)).text)('[data-publications]').attr('data-publications')).toBe('0');

    const audit = db.prepare("SELECT user_email, entity_kind, entity_code, details FROM audit_log WHERE action = 'publication_log.add'").all() as Array<{
      user_email: string;
      entity_kind: string;
      entity_code: string;
      details: string;
    }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_email: manager.email, entity_kind: 'publication', entity_code: 'unit:dukcapil' });
    expect(JSON.parse(audit[0]!.details).after).toMatchObject({ channel: 'print', electronic: false, note: 'Harian Uji, page 3', period: Q.label });
    expect(await countPublications(store, { unitId: org.unitId }, Q.label)).toBe(1);
    expect(await publicationCount(store, { kind: 'unit', code: 'dukcapil' }, Q.label)).toBe(1);
    // counted on the unit's dashboard, with a link to the log
    const dash = load((await manager.agent.get(`/dashboard/units/dukcapil?period=${Q.label}&lang=en`)).text);
    expect(dash('.publication-count').attr('data-publications')).toBe('1');
    expect(dash('.publication-count').text()).toContain('published in 1 medium');
    expect(dash('a[data-publication-log]').attr('href')).toBe(`${LOG}?lang=en&scope=unit%3Adukcapil&period=${Q.label}`);
    const year = Q.label.slice(0, 4);
    expect(await listPublications(store, { unitId: org.unitId, from: `${year}-01-01`, to: `${year}-12-31` })).toHaveLength(1);
  });

  it('refuses bad entries with 422, localized messages linked to the fields, and every value kept', async () => {
    const res = await post(manager, { channel: 'other', published_on: '2026-02-30', url: 'javascript:alert(1)', note: 'Radio Uji FM' });
    expect(res.status).toBe(422);
    const $ = load(res.text);
    const summary = $('.error-summary a');
    expect(summary.map((_, a) => $(a).attr('href')).get()).toEqual(['#f-electronic', '#f-published_on', '#f-url']);
    expect($('.error-summary').text()).toContain('http:// or https://');
    expect($('#f-url').attr('value')).toBe('javascript:alert(1)');
    expect($('#f-note').text()).toBe('Radio Uji FM');
    expect($('#f-channel option[selected]').attr('value')).toBe('other');
    expect($('#f-published_on').attr('aria-invalid')).toBe('true');

    const none = await post(manager, { channel: 'website', published_on: Q.to, url: '', note: '' }, `${LOG}?lang=id`);
    expect(none.status).toBe(422);
    expect(load(none.text)('#e-note').text()).toContain('Isi tautan atau keterangan');
    const early = await post(manager, { channel: 'website', published_on: '2001-01-01', url: 'https://uji.go.id/skm', note: '' });
    expect(load(early.text)('#e-published_on').text()).toContain(Q.from);
    expect(db.prepare('SELECT COUNT(*) AS n FROM publications').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'publication_log.%'").get()).toEqual({ n: 0 });
  });

  it('keeps each officer to their own subtree: others 403, unknown 404, viewers 403, anonymous to sign-in', async () => {
    expect((await page(manager.agent, `scope=unit:dinkes&period=${Q.label}`)).status).toBe(403);
    expect((await page(manager.agent, `scope=agency&period=${Q.label}`)).status).toBe(403);
    expect((await page(manager.agent, `scope=unit:nowhere&period=${Q.label}`)).status).toBe(404);
    expect((await post(manager, { scope: 'service:imunisasi', channel: 'website', published_on: Q.to, url: 'https://a.go.id/x', note: '' })).status).toBe(403);
    // the officer page offers only their own unit and its services
    const options = load((await page(manager.agent, '')).text)('#f-scope option')
      .map((_, o) => load(o)('option').attr('value'))
      .get();
    expect(options).toEqual(['unit:dukcapil', 'service:ktp', 'service:lama']);
    const viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
    expect((await page(viewer.agent, '')).status).toBe(403);
    expect((await request(app).get(LOG)).status).toBe(303);
    // a running period is not a published one
    expect((await page(manager.agent, `scope=unit:dukcapil&period=${new Date().getFullYear() + 1}`)).status).toBe(400);
  });

  it('removes an entry (audited) only within the officer’s subtree', async () => {
    const admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    expect((await post(admin, { scope: 'unit:dinkes', channel: 'website', published_on: Q.to, url: 'https://dinkes.uji.go.id/skm', note: '' })).status).toBe(
      303,
    );
    expect((await post(manager, { channel: 'social_media', published_on: Q.to, url: 'https://instagram.com/dukcapil.uji', note: '' })).status).toBe(303);
    const ids = db.prepare('SELECT id, unit_id FROM publications ORDER BY id').all() as Array<{ id: number; unit_id: number }>;
    const theirs = ids.find((r) => r.unit_id === otherUnit)!.id;
    const mine = ids.find((r) => r.unit_id === org.unitId)!.id;
    const csrf = await manager.csrf(`${LOG}?lang=en`);
    expect((await manager.agent.post(`${LOG}/${theirs}/remove?lang=en`).type('form').send({ _csrf: csrf })).status).toBe(403);
    expect((await manager.agent.post(`${LOG}/99999/remove?lang=en`).type('form').send({ _csrf: csrf })).status).toBe(404);
    const removed = await manager.agent.post(`${LOG}/${mine}/remove?lang=en`).type('form').send({ _csrf: csrf });
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toContain('saved=removed');
    expect(db.prepare('SELECT id FROM publications').all()).toEqual([{ id: theirs }]);
    const row = db.prepare("SELECT entity_code, details FROM audit_log WHERE action = 'publication_log.remove'").get() as {
      entity_code: string;
      details: string;
    };
    expect(row.entity_code).toBe('unit:dukcapil');
    expect(JSON.parse(row.details).before).toMatchObject({ channel: 'social_media', electronic: true, url: 'https://instagram.com/dukcapil.uji' });
    // without the CSRF token nothing is removed
    expect((await admin.agent.post(`${LOG}/${theirs}/remove`).type('form').send({})).status).toBe(403);
    expect(db.prepare('SELECT COUNT(*) AS n FROM publications').get()).toEqual({ n: 1 });
  });
});
