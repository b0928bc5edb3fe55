import { load, type CheerioAPI } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { addAction } from '../server/data/followup.js';
import { setPopulation } from '../server/data/populations.js';
import { createService } from '../server/data/services.js';
import { setPublished } from '../server/data/targets.js';
import { localize } from '../server/i18n.js';
import { currentPeriod, localDate } from '../server/indicators/periods.js';
import { round2 } from '../server/indicators/rounding.js';
import { publicPeriod } from '../server/publication/period.js';
import { lastCompleteQuarter } from '../server/results/query.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs } from './helpers/officer.js';
import { addResponses, times } from './helpers/responses.js';

const TZ = 'Asia/Jakarta';
const Q = lastCompleteQuarter(new Date(), TZ);
const [M1, M2] = [Q.from.slice(0, 7), `${Q.from.slice(0, 5)}${String(Number(Q.from.slice(5, 7)) + 1).padStart(2, '0')}`];
const day = (month: string, d: number) => `${month}-${String(d).padStart(2, '0')}`;

interface ApiGroup {
  group: string;
  n: number | null;
  ikm: number | null;
}
interface ApiBody {
  n: number | null;
  ikm: number | null;
  grade: string | null;
  elements: Array<{ code: string; nrr: number | null }>;
  groups: Record<string, ApiGroup[]>;
}

/** Every figure of a public page against the public API's body for the same scope, period and language. */
function expectPageEqualsApi($: CheerioAPI, api: ApiBody, lang: string): void {
  const l = localize(lang);
  if (api.n === null) {
    expect($('[data-figure=ikm], [data-figure=grade], [data-figure=n], [data-element]')).toHaveLength(0);
    expect($('[data-figure=suppressed]')).toHaveLength(1);
    return;
  }
  expect($('[data-figure=ikm]').attr('value')).toBe(round2(api.ikm as number).toFixed(2));
  expect($('[data-figure=ikm]').text()).toBe(l.num(api.ikm));
  expect($('[data-figure=grade]').attr('value')).toBe(api.grade);
  expect($('[data-figure=n]').attr('value')).toBe(String(api.n));
  const shown = api.elements.filter((e) => e.nrr !== null);
  expect($('data[data-element]')).toHaveLength(shown.length);
  for (const e of shown) expect($(`data[data-element="${e.code}"]`).attr('value'), e.code).toBe(round2(e.nrr as number).toFixed(2));
  // group rows: exactly the groups the API shows, with the same counts (and IKM where the API gives one)
  for (const [dimension, rows] of Object.entries(api.groups)) {
    const table = $(`table[data-dimension="${dimension}"]`);
    const onPage = table
      .find('tr[data-group]')
      .map((_, tr) => $(tr).attr('data-group'))
      .get();
    expect(onPage, dimension).toEqual(rows.filter((r) => r.n !== null && r.n > 0).map((r) => r.group));
    for (const r of rows.filter((x) => x.n !== null && x.n > 0)) {
      const cells = table.find(`tr[data-group="${r.group}"] td`);
      expect(cells.first().text()).toContain(l.num(r.n, 0));
      if (cells.length > 1) expect(cells.last().text()).toBe(r.ikm === null ? '–' : l.num(r.ikm));
    }
  }
}

describe('public results pages', () => {
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: SmallOrg;
  let kk: number;

  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    kk = await createService(store, { unitId: org.unitId, code: 'kk', nameId: 'Kartu Keluarga', nameEn: 'Family card', published: true });
    const secret = await createService(store, { unitId: org.unitId, code: 'rahasia', nameId: 'Layanan Internal', nameEn: 'Internal service' });
    for (const owner of [{ serviceId: org.serviceId }, { unitId: org.unitId }, { unitId: org.rootId }]) await setPublished(store, owner, true);
    // ktp: 24 in the first month, two of them with a disability (a group under k = 5); kk: 12 in the second; an unpublished service
    await addResponses(store, org.serviceId, [
      ...times(12, { date: day(M1, 3), answers: 4, gender: 'P', age: 30, disability: 'no' }),
      ...times(10, {
        date: day(M1, 9),
        answers: { PERSYARATAN: 3, PROSEDUR: 2, WAKTU: 3, BIAYA: null, PRODUK: 3, KOMPETENSI: 4, PERILAKU: 3, PENGADUAN: 2, SARANA: 3 },
        gender: 'L',
        age: 41,
        disability: 'no',
      }),
      ...times(2, { date: day(M1, 12), answers: 1, gender: 'L', age: 70, disability: 'yes' }),
    ]);
    await addResponses(store, kk, times(12, { date: day(M2, 4), answers: 3, gender: 'P', channel: 'qr' }));
    await addResponses(store, secret, times(30, { date: day(M1, 5), answers: 1 }));
    await setPopulation(store, { serviceId: org.serviceId }, Q.from, Q.to, 100);
    app = testApp(db);
  });

  const get = (url: string) => request(app).get(url);
  const page = async (url: string) => load((await get(url)).text);

  it('shows exactly what the public API shows, for every hook, scope and language, and no group under k', async () => {
    const pairs = [
      ['/results', '/api/v1/agency/results'],
      ['/results/units/dukcapil', '/api/v1/units/dukcapil/results'],
      ['/results/services/ktp', '/api/v1/services/ktp/results'],
      ['/results/services/kk', '/api/v1/services/kk/results'],
    ];
    for (const lang of ['id', 'en']) {
      for (const [html, json] of pairs) {
        const q = `?period=${Q.label}&lang=${lang}`;
        const res = await get(html + q);
        expect(res.status, html).toBe(200);
        const api = (await get(json + q)).body as ApiBody;
        expect(api.n, json).not.toBeNull();
        expectPageEqualsApi(load(res.text), api, lang);
      }
    }
    // the agency's figures leave the unpublished service out: 36 respondents, not 66
    expect((await page(`/results?period=${Q.label}`))('[data-figure=n]').attr('value')).toBe('36');
    // the two respondents with a disability: hidden in the API and absent from the page
    const api = (await get(`/api/v1/services/ktp/results?period=${Q.label}`)).body as ApiBody;
    expect(api.groups.disability!.find((g) => g.group === 'yes')!.n).toBeNull();
    const $ = await page(`/results/services/ktp?period=${Q.label}&lang=en`);
    expect($('table[data-dimension=disability] tr[data-group=yes]')).toHaveLength(0);
    expect($('table[data-dimension=age] tr[data-group=65plus]')).toHaveLength(0);
    expect($('table[data-dimension=disability]').parent().parent().text()).toMatch(/other groups? not shown/);
    // the same for the month and the trend rows: every trend row equals the API for its period
    for (const tr of $('tr[data-period]').toArray()) {
      const code = $(tr).attr('data-period') as string;
      const b = (await get(`/api/v1/services/ktp/results?period=${code}`)).body as ApiBody;
      const cell = $(tr).find('td').first().text();
      if (b.n === null) expect(cell).toContain('too few');
      else expect(cell).toContain(localize('en').num(b.ikm));
    }
  });

  it('publishes no figures for too few responses, nor a month of a service with fewer than k', async () => {
    const small = await createService(store, { unitId: org.unitId, code: 'sedikit', nameId: 'Sedikit', nameEn: 'Few', published: true });
    await addResponses(store, small, times(3, { date: day(M1, 5), answers: 4 }));
    const $ = await page(`/results/services/sedikit?period=${Q.label}&lang=en`);
    expectPageEqualsApi($, (await get(`/api/v1/services/sedikit/results?period=${Q.label}&lang=en`)).body as ApiBody, 'en');
    expect($('[data-figure=suppressed]').text()).toContain('Too few responses to publish');
    expect($('meta[name=description]').attr('content')).toContain('too few responses');
    // the unit's figures do not change by these three: they are left out
    expect((await page(`/results/units/dukcapil?period=${Q.label}`))('[data-figure=n]').attr('value')).toBe('36');
  });

  it('answers 404 for an unknown or unpublished scope, and 400 for a period that is not public', async () => {
    for (const url of ['/results/services/rahasia', '/results/services/nope', '/results/units/nope', '/results/services/lama']) {
      const res = await get(`${url}?lang=en`);
      expect(res.status, url).toBe(404);
      expect(load(res.text)('h1, main').text()).toContain('not published');
    }
    await setPublished(store, { unitId: org.unitId }, false);
    await setPublished(store, { unitId: org.rootId }, false);
    expect((await get('/results/units/dukcapil')).status).toBe(404);
    expect((await get('/results')).status).toBe(404);
    // the service stays public on its own, as in the API; its page links no unpublished unit
    const $ = await page('/results/services/ktp');
    expect($('.r-crumbs')).toHaveLength(0);
    const running = currentPeriod('quarter', new Date(), TZ).label;
    for (const p of [running, '2026-13', '2026-Q5', '2026-01-01/2026-03-31', 'x', `${new Date().getFullYear() + 5}`]) {
      const res = await get(`/results/services/ktp?period=${encodeURIComponent(p)}&lang=en`);
      expect(res.status, p).toBe(400);
    }
    expect(load((await get(`/results/services/ktp?period=${running}&lang=en`)).text)('main').text()).toContain('completed periods only');
  });

  it('parses periods and defaults to the last complete quarter, with a picker that works without script', async () => {
    const now = new Date();
    const bounds = { minYear: 2000, maxYear: 2100 };
    expect(publicPeriod(undefined, TZ, now, bounds)).toMatchObject({ ok: true, defaulted: true, period: { label: Q.label, kind: 'quarter' } });
    for (const [spec, kind] of [
      [M1, 'month'],
      [Q.label, 'quarter'],
      ['2025-S2', 'semester'],
      ['2025', 'year'],
    ] as const) {
      expect(publicPeriod(spec, TZ, now, bounds), spec).toMatchObject({ ok: true, defaulted: false, period: { label: spec, kind } });
    }
    expect(publicPeriod(['2025', '2024'], TZ, now, bounds)).toMatchObject({ ok: false, key: 'public.errors.period_repeated' });
    expect(publicPeriod('1999', TZ, now, bounds)).toMatchObject({ ok: false, key: 'public.errors.period_out_of_bounds' });
    expect(publicPeriod(localDate(now, TZ).slice(0, 7), TZ, now, bounds)).toMatchObject({ ok: false, key: 'results.errors.period_not_complete' });

    const $ = await page('/results/services/ktp?lang=en');
    const l = localize('en');
    expect($('.r-period').text()).toContain(l.period(Q.from, Q.to));
    expect($('link[rel=canonical]').attr('href')).toBe(`/results/services/ktp?period=${Q.label}&lang=en`);
    const form = $('form.r-picker');
    expect([form.attr('method'), form.attr('action')]).toEqual(['get', '/results/services/ktp']);
    expect(form.find('select[name=period] option[selected]').attr('value')).toBe(Q.label);
    expect(form.find('input[name=lang]').attr('value')).toBe('en');
    // only completed periods are offered, none before the first response
    const offered = form
      .find('option')
      .map((_, o) => $(o).attr('value'))
      .get();
    expect(offered).not.toContain(currentPeriod('quarter', new Date(), TZ).label);
    expect(offered).toContain(Q.label);
    expect(offered.filter((p) => /^\d{4}-\d{2}$/.test(p)).every((p) => p >= M1)).toBe(true);
    // the picked period: a month
    const m = await page(`/results/services/ktp?period=${M1}&lang=en`);
    expect(m('[data-figure=n]').attr('value')).toBe('24');
  });

  it('is shareable, localized, script-free and cached until a change: new data waits for a republication', async () => {
    const url = `/results/services/ktp?period=${Q.label}&lang=id`;
    const res = await get(url);
    expect(res.headers['cache-control']).toContain('public');
    const $ = load(res.text);
    expect($('html').attr('lang')).toBe('id');
    expect($('script')).toHaveLength(0);
    expect($('[style]')).toHaveLength(0);
    const description = $('meta[name=description]').attr('content') as string;
    expect(description).toContain(`IKM ${$('[data-figure=ikm]').text()}`);
    expect(description).toContain(localize('id').period(Q.from, Q.to));
    expect($('meta[property="og:title"]').attr('content')).toBe(
      $('title')
        .text()
        .replace(/ · Mutu$/, ''),
    );
    expect($('meta[property="og:description"]').attr('content')).toBe(description);
    expect($('link[rel=alternate][hreflang=en]').attr('href')).toBe(`/results/services/ktp?lang=en&period=${Q.label}`);
    expect($('.r-method li').length).toBeGreaterThanOrEqual(6);
    expect($('.r-method').text()).toContain('100 pengguna layanan'); // the population entered, with the required sample
    expect($('[data-followup=none]').text()).toContain('Belum ada Rencana Tindak Lanjut');

    // late data for the published month: the page does not move
    await addResponses(store, org.serviceId, times(6, { date: day(M1, 20), answers: 1 }));
    expect((await page(url))('[data-figure=n]').attr('value')).toBe('24');
    // an admin republishes the month with a reason: the page shows the new figures and says so
    const admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    const csrf = await admin.csrf('/manage/publication');
    const noReason = await admin.agent.post('/manage/publication/republish?lang=en').type('form').send({ _csrf: csrf, period: M1, reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(load(noReason.text)(`#e-reason-${M1}`).text()).toContain('reason');
    expect((await page(url))('[data-figure=n]').attr('value')).toBe('24');
    const ok = await admin.agent
      .post('/manage/publication/republish?lang=en')
      .type('form')
      .send({ _csrf: csrf, period: M1, reason: 'late kiosk answers included' });
    expect(ok.status).toBe(303);
    const after = await page(`/results/services/ktp?period=${Q.label}&lang=en`);
    expect(after('[data-figure=n]').attr('value')).toBe('30');
    expectPageEqualsApi(after, (await get(`/api/v1/services/ktp/results?period=${Q.label}&lang=en`)).body as ApiBody, 'en');
    const notice = after('[data-republished]').text();
    expect(notice).toMatch(/^Republished on \d{1,2} \w+ \d{4} \(.+\): late kiosk answers included$/);
    const audit = db.prepare("SELECT details FROM audit_log WHERE action = 'publication.republish'").get() as { details: string };
    expect(JSON.parse(audit.details).reason).toBe('late kiosk answers included');
  });

  it('gives absolute canonical, hreflang and og:url links when PUBLIC_URL is set, relative ones only when it is not', async () => {
    const url = `/results/services/ktp?period=${Q.label}&lang=en`;
    const relative = await page(url);
    expect(relative('link[rel=canonical]').attr('href')).toBe(`/results/services/ktp?period=${Q.label}&lang=en`);
    expect(relative('meta[property="og:url"]').attr('content')).toBe(`/results/services/ktp?period=${Q.label}&lang=en`);
    const withBase = testApp(db, { config: { publicUrl: 'https://survei.uji.go.id/mutu', publicUrlSet: true } });
    const $ = load((await request(withBase).get(url).expect(200)).text);
    const canonical = `https://survei.uji.go.id/mutu/results/services/ktp?period=${Q.label}&lang=en`;
    expect($('link[rel=canonical]').attr('href')).toBe(canonical);
    expect($('meta[property="og:url"]').attr('content')).toBe(canonical);
    expect($('link[rel=alternate][hreflang=id]').attr('href')).toBe(`https://survei.uji.go.id/mutu/results/services/ktp?lang=id&period=${Q.label}`);
    expect($('link[rel=alternate][hreflang=en]').attr('href')).toBe(`https://survei.uji.go.id/mutu/results/services/ktp?lang=en&period=${Q.label}`);
    // every alternate is absolute; the visible language links stay on the site
    expect(
      $('link[rel=alternate]')
        .map((_, a) => $(a).attr('href'))
        .get()
        .every((h) => h.startsWith('https://survei.uji.go.id/mutu/')),
    ).toBe(true);
    expect($('nav.langs a[hreflang=id]').attr('href')).toMatch(/^\/results\/services\/ktp\?/);
  });

  it('shows the follow-up plan made from the period: each action, its responsible unit or role, never the person', async () => {
    await store.transaction((tx) =>
      addAction(
        tx,
        { kind: 'service', id: org.serviceId },
        Q.label,
        {
          element: 'WAKTU',
          activity: 'Antrean daring',
          person: 'Budi Santoso',
          responsible: 'Seksi Pelayanan',
          plannedQuarter: Q.label,
          status: 'in_progress',
          evidenceNote: '',
          evidenceUrl: '',
          doneDate: null,
        },
        null,
      ),
    );
    const $ = await page(`/results/services/ktp?period=${Q.label}&lang=en`);
    const action = $('.r-actions li');
    expect(action).toHaveLength(1);
    expect(action.text()).toContain('Antrean daring');
    expect(action.text()).toContain('Seksi Pelayanan');
    expect($('main').text()).not.toContain('Budi Santoso');
    // another period has no plan
    expect((await page(`/results/services/ktp?period=${M1}&lang=en`))('[data-followup=none]')).toHaveLength(1);
  });

  it('links the results of every published service beside its survey on the home page, and promises them on the thank-you page', async () => {
    let $ = await page('/?lang=en');
    expect($('a[data-results=ktp]').attr('href')).toBe('/results/services/ktp?lang=en');
    expect($('a[data-results=kk]').attr('href')).toBe('/results/services/kk?lang=en');
    expect($('a[data-results=rahasia]')).toHaveLength(0);
    expect($('a[data-results=agency]').attr('href')).toBe('/results?lang=en');
    expect($('a[data-results=ktp]').closest('li').find('a[href^="/s/ktp"]')).toHaveLength(1);
    for (const href of $('a[data-results]')
      .map((_, a) => $(a).attr('href'))
      .get())
      expect((await get(href)).status, href).toBe(200);

    $ = await page('/s/ktp/thanks?lang=en');
    expect($('main a[href="/results/services/ktp?lang=en"]').text()).toContain('survey results');
    expect($('main').text()).toContain('published every period');
    $ = await page('/s/rahasia/thanks?lang=en');
    expect($('main a[href^="/results"]')).toHaveLength(0);
    expect($('main').text()).not.toContain('published every period');
  });
});
