import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { load, type CheerioAPI } from 'cheerio';
import type { Express } from 'express';
import type { Db } from '../server/db.js';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { addApiToken } from '../server/data/tokens.js';
import { localize } from '../server/i18n.js';
import { createUnit } from '../server/data/units.js';
import { populationFrom } from '../server/results/populations.js';
import { signIn, type Agent } from './helpers/officer.js';
import { testApp, testDb } from './helpers/app.js';

const Q3 = 'period=2026-Q3';
const id = localize('id');
const en = localize('en');

describe('dashboards', () => {
  let db: Db;
  let app: Express;
  let admin: Agent;
  let manager: Agent;
  let viewer: Agent;

  beforeAll(async () => {
    db = testDb();
    await loadDemo(SqliteDatabase.of(db), { endDate: '2026-10-31' });
    app = testApp(db);
    admin = (await signIn(app, 'admin@demo.mutu.id', 'mutu-demo')).agent;
    manager = (await signIn(app, 'manajer@demo.mutu.id', 'mutu-demo')).agent;
    viewer = (await signIn(app, 'viewer@demo.mutu.id', 'mutu-demo')).agent;
  });

  async function page(agent: Agent, url: string): Promise<{ status: number; $: CheerioAPI }> {
    const res = await agent.get(url);
    return { status: res.status, $: load(res.text) };
  }
  const api = async (url: string) => (await request(app).get(url).set('Authorization', `Bearer ${token}`)).body;
  let token = '';
  beforeAll(async () => {
    token = (await addApiToken(SqliteDatabase.of(db), (db.prepare("SELECT id FROM units WHERE code = 'pemkab'").get() as { id: number }).id, 'test')).token;
  });

  it('sends anonymous visitors to sign in, keeping where they were going', async () => {
    const res = await request(app).get(`/dashboard/services/ktp-el?${Q3}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=%2Fdashboard%2Fservices%2Fktp-el/);
  });

  it('shows the agency overview with the same figures as the results API, in the officer locale', async () => {
    const { status, $ } = await page(admin, `/dashboard?${Q3}`);
    expect(status).toBe(200);
    const rows = $('#services-table tbody tr');
    expect(rows.length).toBe(14);
    for (const code of ['ktp-el', 'rawat-jalan', 'sppirt']) {
      const body = await api(`/api/v1/services/${code}/results?${Q3}`);
      const row = $(`#services-table tr[data-service="${code}"]`);
      expect(row.find('[data-col=ikm]').text().trim(), code).toBe(id.num(body.ikm));
      expect(row.find('[data-col=n]').text().trim(), code).toBe(id.num(body.n, 0));
      expect(row.find('[data-col=margin]').text()).toContain(id.num(body.margin));
      expect(row.find('[data-col=grade]').text()).toContain(body.grade);
    }
    expect(id.num(83.4512)).toBe('83,45');
    const agency = await api(`/api/v1/agency/results?${Q3}`);
    expect($('[data-figure=ikm]').first().text().trim()).toBe(id.num(agency.ikm));
    expect($('[data-figure=ikm]').attr('value')).toBe(agency.ikm.toFixed(2));
    // every unit, with the whole tree
    expect(
      $('#units-table tbody tr')
        .map((_, r) => $(r).attr('data-unit'))
        .get()
        .sort(),
    ).toEqual(['dinkes', 'disdukcapil', 'dpmptsp', 'pemkab', 'puskesmas-kota', 'rsud']);
    const unit = await api(`/api/v1/units/rsud/results?${Q3}`);
    expect($('#units-table tr[data-unit=rsud] [data-col=ikm]').text().trim()).toBe(id.num(unit.ikm));
    // what needs attention: services with a reason, most below target first
    const attention = $('.attention li');
    expect(attention.length).toBeGreaterThan(0);
    expect(attention.first().text()).toMatch(/target|mutu|menurun|sampel/);
  });

  it('gives the chart the same numbers as the table', async () => {
    const { $ } = await page(admin, `/dashboard?${Q3}&lang=en`);
    const chart = JSON.parse($('canvas#chart-services').attr('data-chart') as string);
    const table = new Map(
      $('#services-table tbody tr')
        .map((_, r) => [[$(r).find('th a').text().trim(), $(r).find('[data-col=ikm]').text().trim()]])
        .get() as Array<[string, string]>,
    );
    expect(chart.labels.length).toBeGreaterThan(10);
    chart.labels.forEach((label: string, i: number) => expect(en.num(chart.datasets[0].data[i]), label).toBe(table.get(label)));
  });

  it('sorts the services table by any column through links that keep the filters', async () => {
    const { $ } = await page(admin, `/dashboard?${Q3}&sort=ikm&dir=asc&lang=en`);
    const values = $('#services-table tbody tr [data-col=ikm]')
      .map((_, c) => Number($(c).text().trim()))
      .get()
      .filter((x) => !Number.isNaN(x));
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const nameLink = $('#services-table thead a').first().attr('href') as string;
    expect(nameLink).toContain('period=2026-Q3');
    expect(nameLink).toContain('sort=name');
  });

  it('shows a service with elements, trend, quality profile, inclusiveness and channels matching the API', async () => {
    const { status, $ } = await page(admin, `/dashboard/services/ktp-el?${Q3}&lang=en`);
    expect(status).toBe(200);
    const body = await api(`/api/v1/services/ktp-el/results?${Q3}`);
    expect($('[data-figure=ikm]').first().text().trim()).toBe(en.num(body.ikm));
    for (const e of body.elements) {
      expect($(`#elements-table tr[data-element=${e.code}] [data-col=score]`).text().trim(), e.code).toBe(en.num(e.score));
    }
    const chart = JSON.parse($('#chart-elements').attr('data-chart') as string);
    expect(chart.datasets[0].data.map((x: number) => en.num(x)).sort()).toEqual(body.elements.map((e: { score: number }) => en.num(e.score)).sort());
    expect(chart.bands).toEqual([65, 76.61, 88.31]);
    // trend: the last row is the selected period, the same figure as the headline
    const last = $('#trend-table tbody tr').last();
    expect(last.attr('data-period')).toBe('2026-Q3');
    expect(last.find('th').text()).toContain('Q3 2026');
    expect(last.find('[data-col=ikm]').text().trim()).toBe(en.num(body.ikm));
    expect($('#trend-table tbody tr').length).toBeLessThanOrEqual(8);
    // priority elements are the lowest three
    expect(
      $('[data-priority]')
        .map((_, li) => $(li).attr('data-priority'))
        .get(),
    ).toEqual(body.priority.map((p: { code: string }) => p.code));
    expect($('#quality-table').text()).toContain(en.num(body.quality.efficiency));
    // inclusiveness: IKM by group and channels
    for (const dim of ['gender', 'disability', 'channel']) {
      for (const g of body.groups[dim]) {
        const cell = $(`table[data-dimension=${dim}] tr[data-group="${g.group}"] [data-col=ikm]`).text().trim();
        expect(cell, `${dim}:${g.group}`).toBe(g.suppressed ? '–' : en.num(g.ikm));
      }
    }
    expect($('#vulnerable-table tr[data-vulnerable=disability] [data-col=ikm]').text().trim()).toBe(
      body.vulnerable.disability.group.suppressed ? en.num(null) : en.num(body.vulnerable.disability.group.ikm),
    );
    // every chart has its data and a table
    expect($('canvas[data-chart]').length).toBeGreaterThanOrEqual(5);
    // groups are charted as their difference from the scope's IKM, with their margins
    const gender = JSON.parse($('#chart-diff-gender').attr('data-chart') as string);
    const shownGender = body.groups.gender.filter((g: { ikm: number | null }) => g.ikm !== null);
    expect(gender.type).toBe('diff');
    expect(gender.datasets[0].data).toEqual(shownGender.map((g: { ikm: number }) => g.ikm - body.ikm));
    expect(gender.datasets[0].errors).toEqual(shownGender.map((g: { margin: number }) => g.margin));
    // the trend shows the IKM with its margin as a band, no hidden series
    const trend = JSON.parse($('#chart-trend').attr('data-chart') as string);
    expect(trend.datasets.filter((d: { band?: string }) => d.band)).toHaveLength(2);
    expect(trend.datasets.some((d: { hidden?: boolean }) => d.hidden)).toBe(false);
    expect(trend.labels.at(-1)).toBe('Q3 2026');
    // sections in the order an officer acts
    expect(
      $('h2.part')
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual(['How are we doing', 'Where we are weak', 'Who is less satisfied', 'What people wrote']);
    expect($('script[src*="chart.umd"]')).toHaveLength(1);
  });

  it('applies channel and group filters kept in the URL', async () => {
    const url = `/dashboard/units/rsud?${Q3}&channel=kiosk&group=age:65plus&lang=en`;
    const { status, $ } = await page(admin, url);
    expect(status).toBe(200);
    const body = await api(`/api/v1/units/rsud/results?${Q3}&channel=kiosk&age=65plus`);
    if (body.suppressed) expect($('[data-figure=suppressed]').text()).toContain('Fewer than 5');
    else expect($('[data-figure=ikm]').first().text().trim()).toBe(en.num(body.ikm));
    // a filtered view says so in its title, its summary line and its headline
    expect($('h1').text()).toContain('filtered');
    expect($('[data-shown]').text()).toBe('Q3 2026 · Kiosk · 65 and over');
    expect($('.filtered-note').text()).toContain('Kiosk');
    expect($('#f-channel option[selected]').attr('value')).toBe('kiosk');
    expect($('#f-group option[selected]').attr('value')).toBe('age:65plus');
    expect($('#services-table tbody a').first().attr('href')).toContain('channel=kiosk');
  });

  it('explains every statistical figure on demand, in both languages, table headers included', async () => {
    const { $ } = await page(admin, `/dashboard/services/ktp-el?${Q3}&lang=en`);
    const asks = $('a.term .vh')
      .map((_, s) => $(s).text())
      .get();
    const terms = ['IKM', 'NRR', 'dashboard.margin', 'dashboard.n', 'dashboard.top_box', 'dashboard.bottom_box', 'dashboard.inclusion.representation'];
    for (const key of [...terms, 'dashboard.inclusion.gap', 'dashboard.inclusion.ratio', 'dashboard.inclusion.share', 'dashboard.groups.diff']) {
      const term = key.startsWith('dashboard.') ? en.t(key) : key;
      expect(asks, term).toContain(en.t('dashboard.terms.ask', { term }));
    }
    // every "?" leads to its plain words in a folded glossary (no script needed), and the figures' headers carry one
    const words = (href: string | undefined) => $(`details.glossary dt${href}`).next('dd').text();
    $('a.term').each((_, a) => expect(words($(a).attr('href')).length, $(a).attr('href')).toBeGreaterThan(20));
    const headed = (table: string) => $(`${table} thead th`).filter((_, th) => $(th).find('a.term').length > 0).length;
    expect(headed('#elements-table')).toBe(6);
    expect(headed('#trend-table')).toBe(4);
    expect(headed('table[data-dimension=gender]')).toBe(5);
    expect(words($('#elements-table thead th').last().find('a.term').attr('href'))).toBe(en.t('dashboard.terms.bottom_box'));
    expect($('details.glossary dt').text()).toContain(en.t('dashboard.inclusion.representation'));
    const overview = await page(admin, `/dashboard?${Q3}&lang=id`);
    expect(overview.$('#services-table thead th[aria-sort] a.term').length).toBeGreaterThanOrEqual(5);
    const first = overview.$('#units-table thead a.term').first().attr('href');
    expect(overview.$(`details.glossary dt${first}`).next('dd').text()).toBe(id.t('dashboard.terms.ikm'));
    expect(overview.$('a.term .vh').first().text()).toMatch(/^Apa arti /);
  });

  it('marks a group or service with fewer than 30 respondents (k or more) as a rough figure wherever it appears', async () => {
    const k = 5;
    const rough = (n: number | null) => n !== null && n >= k && n < 30;
    // groups on a service page: the occupations of a civil service include small groups
    const { $ } = await page(admin, `/dashboard/services/ktp-el?${Q3}&lang=en`);
    const body = await api(`/api/v1/services/ktp-el/results?${Q3}`);
    let seen = 0;
    for (const dim of ['gender', 'age', 'education', 'occupation', 'disability', 'channel']) {
      for (const g of body.groups[dim] as Array<{ group: string; n: number | null; suppressed: boolean }>) {
        const marked = $(`table[data-dimension=${dim}] tr[data-group="${g.group}"] th [data-rough]`).length > 0;
        expect(marked, `${dim}:${g.group} n=${g.n}`).toBe(!g.suppressed && rough(g.n));
        if (marked) seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
    // services narrowed to one small group: the overview's ranking, its tree lists and the headline
    const narrowed = `period=2026-Q3&group=occupation:tni`;
    const overview = await page(admin, `/dashboard?${narrowed}&lang=en`);
    const codes = overview
      .$('#services-table tbody tr')
      .map((_, r) => overview.$(r).attr('data-service'))
      .get();
    let roughCode = '';
    for (const code of codes) {
      const n = (await api(`/api/v1/services/${code}/results?period=2026-Q3&occupation=tni`)).n as number | null;
      expect(overview.$(`#services-table tr[data-service="${code}"] th [data-rough]`).length > 0, `${code} n=${n}`).toBe(rough(n));
      expect(overview.$(`#units-table li[data-leaf="${code}"] [data-rough]`).length > 0, `${code} leaf`).toBe(rough(n));
      if (rough(n)) roughCode = code;
    }
    expect(roughCode).not.toBe('');
    const service = await page(admin, `/dashboard/services/${roughCode}?${narrowed}&lang=en`);
    expect(service.$('[data-figure=n] [data-rough]').text()).toBe(en.t('dashboard.hl.rough'));
    expect(service.$('#elements-table tbody th [data-rough]').length).toBeGreaterThan(0);
  });

  it('keeps bad filter input and says what is wrong', async () => {
    const res = await admin.get('/dashboard/services/ktp-el?period=range&from=2026-09-30&to=2026-07-01&lang=en');
    expect(res.status).toBe(400);
    const $ = load(res.text);
    expect($('.error-summary').text()).toContain('is after');
    expect($('#f-from').attr('value')).toBe('2026-09-30');
    expect($('#f-to').attr('value')).toBe('2026-07-01');
  });

  it('lists comments newest first, searchable, for officers only', async () => {
    const { $ } = await page(admin, `/dashboard/services/rawat-jalan?period=2026&lang=en`);
    const dates = $('.comments li .muted')
      .map((_, d) => $(d).text())
      .get();
    expect(dates.length).toBeGreaterThan(1);
    const word = (
      db
        .prepare("SELECT comment FROM responses r JOIN services s ON s.id = r.service_id WHERE s.code = 'rawat-jalan' AND comment IS NOT NULL LIMIT 1")
        .pluck()
        .get() as string
    ).split(' ')[0] as string;
    const searched = await page(admin, `/dashboard/services/rawat-jalan?period=2026&q=${encodeURIComponent(word)}&lang=en`);
    const found = searched
      .$('.comments li p')
      .map((_, p) => searched.$(p).text())
      .get();
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) expect(c.toLowerCase()).toContain(word.toLowerCase());
    const api2 = await request(app).get('/api/v1/services/rawat-jalan/results?period=2026');
    expect(JSON.stringify(api2.body)).not.toContain(found[0]);
  });

  it('leads with a headline in words and shows the unit tree in tree order, indented', async () => {
    const { $ } = await page(admin, `/dashboard?${Q3}`);
    const agency = await api(`/api/v1/agency/results?${Q3}`);
    const q2 = await api(`/api/v1/agency/results?period=2026-Q2`);
    // the headline comes before everything else in main, after the title and the summary line
    expect($('main > *').eq(0).is('h1')).toBe(true);
    expect($('main > details.shown').index()).toBeLessThan($('main > section.headline').index());
    expect($('h1').text()).toContain('Triwulan III 2026');
    expect($('[data-shown]').text()).toBe('Triwulan III 2026');
    expect($('.hl-grade').text()).toContain(agency.grade);
    expect($('.hl-grade').text()).toContain(id.t(`grades.${agency.grade}`));
    const change = $('[data-figure=change]').text();
    const delta = agency.ikm - q2.ikm;
    expect(change).toContain(`${delta < 0 ? 'turun' : 'naik'} ${id.num(Math.abs(delta))} dari Triwulan II 2026`);
    expect(change).toMatch(/bermakna secara statistik/);
    expect(change).not.toContain('stabil');
    expect($('[data-figure=n]').text()).toContain(`${id.num(agency.n, 0)} responden`);
    expect($('[data-figure=target]').text()).toContain(id.num(agency.target));
    // the tree: every unit once, parents before their children, children indented
    const order = $('#units-table tr[data-unit]')
      .map((_, r) => $(r).attr('data-unit'))
      .get();
    expect(order[0]).toBe('pemkab');
    expect([...order].sort()).toEqual(['dinkes', 'disdukcapil', 'dpmptsp', 'pemkab', 'puskesmas-kota', 'rsud']);
    expect(order.indexOf('dinkes')).toBeLessThan(order.indexOf('rsud'));
    expect(order.indexOf('dinkes')).toBeLessThan(order.indexOf('puskesmas-kota'));
    expect($('#units-table tbody[data-node=rsud]').hasClass('depth-2')).toBe(true);
    // each unit's own services fold under it
    expect($('#units-table tbody[data-node=disdukcapil] [data-leaf]').length).toBe(5);
    // periods are chosen in words
    expect($('#f-period option[value="2026-Q2"]').text()).toBe('Triwulan II 2026');
    // the attention list names the actual grade, never "C atau D"
    expect($('.attention').text()).not.toContain('C atau D');
  });

  it('puts a new unit under its parent in the tree', async () => {
    const store = SqliteDatabase.of(db);
    const dinkes = db.prepare("SELECT id, agency_id FROM units WHERE code = 'dinkes'").get() as { id: number; agency_id: number };
    await createUnit(store, { agencyId: dinkes.agency_id, parentId: dinkes.id, code: 'labkesda', nameId: 'Labkesda', nameEn: 'Health lab', position: 0 });
    const { $ } = await page(admin, `/dashboard?${Q3}`);
    const order = $('#units-table tr[data-unit]')
      .map((_, r) => $(r).attr('data-unit'))
      .get();
    expect(order.indexOf('labkesda')).toBeGreaterThan(order.indexOf('dinkes'));
    expect($('#units-table tbody[data-node=labkesda]').hasClass('depth-2')).toBe(true);
    db.prepare("DELETE FROM units WHERE code = 'labkesda'").run();
  });

  it('adds up the users served from sub-periods only when every one is entered, and never twice', () => {
    const q = (from: string, to: string, population: number) => ({ period_from: from, period_to: to, population });
    const quarters = [
      q('2026-01-01', '2026-03-31', 10),
      q('2026-04-01', '2026-06-30', 20),
      q('2026-07-01', '2026-09-30', 30),
      q('2026-10-01', '2026-12-31', 40),
    ];
    expect(populationFrom([...quarters, q('2026-01-01', '2026-12-31', 99)], '2026-01-01', '2026-12-31')).toBe(99);
    expect(populationFrom(quarters, '2026-01-01', '2026-12-31')).toBe(100);
    expect(populationFrom(quarters, '2026-01-01', '2026-06-30')).toBe(30);
    expect(populationFrom(quarters.slice(1), '2026-01-01', '2026-12-31')).toBeNull();
    expect(populationFrom(quarters, '2026-07-01', '2026-09-30')).toBe(30);
    expect(populationFrom(quarters, '2026-07-01', '2026-07-31')).toBeNull();
  });

  it('keeps each role inside its own scope', async () => {
    // manager of disdukcapil
    expect((await manager.get(`/dashboard/units/disdukcapil?${Q3}`)).status).toBe(200);
    expect((await manager.get(`/dashboard/services/ktp-el?${Q3}`)).status).toBe(200);
    expect((await manager.get(`/dashboard/services/rawat-jalan?${Q3}`)).status).toBe(403);
    expect((await manager.get(`/dashboard/units/pemkab?${Q3}`)).status).toBe(403);
    const own = await page(manager, `/dashboard?${Q3}`);
    expect(
      own
        .$('#services-table tbody tr')
        .map((_, r) => own.$(r).attr('data-service'))
        .get()
        .sort(),
    ).toEqual(['akta-kelahiran', 'kartu-keluarga', 'ktp-el', 'legalisasi-dokumen', 'pindah-datang']);
    // viewer of rsud
    expect((await viewer.get(`/dashboard/services/igd?${Q3}`)).status).toBe(200);
    expect((await viewer.get(`/dashboard/services/ktp-el?${Q3}`)).status).toBe(403);
    expect((await viewer.get(`/dashboard/units/dinkes?${Q3}`)).status).toBe(403);
    // unknown codes
    expect((await admin.get('/dashboard/services/nope')).status).toBe(404);
  });
});
