import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { load, type CheerioAPI } from 'cheerio';
import type { Express } from 'express';
import type { Db } from '../server/db.js';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { addApiToken } from '../server/data/tokens.js';
import { localize } from '../server/i18n.js';
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
    expect($('.cards .big').first().text().trim()).toBe(id.num(agency.ikm));
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
    expect($('.cards .big').first().text().trim()).toBe(en.num(body.ikm));
    for (const e of body.elements) {
      expect($(`#elements-table tr[data-element=${e.code}] [data-col=score]`).text().trim(), e.code).toBe(en.num(e.score));
    }
    const chart = JSON.parse($('#chart-elements').attr('data-chart') as string);
    expect(chart.datasets[0].data.map((x: number) => en.num(x)).sort()).toEqual(body.elements.map((e: { score: number }) => en.num(e.score)).sort());
    expect(chart.bands).toEqual([65, 76.61, 88.31]);
    // trend: the last row is the selected period, the same figure as the headline
    const last = $('#trend-table tbody tr').last();
    expect(last.attr('data-period')).toBe('2026-Q3');
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
    expect($('canvas[data-chart]').length).toBeGreaterThan(10);
    expect($('script[src*="chart.umd"]')).toHaveLength(1);
  });

  it('applies channel and group filters kept in the URL', async () => {
    const url = `/dashboard/units/rsud?${Q3}&channel=kiosk&group=age:65plus&lang=en`;
    const { status, $ } = await page(admin, url);
    expect(status).toBe(200);
    const body = await api(`/api/v1/units/rsud/results?${Q3}&channel=kiosk&age=65plus`);
    expect($('.cards .big').first().text().trim()).toBe(body.suppressed ? `fewer than 5 responses` : en.num(body.ikm));
    expect($('#f-channel option[selected]').attr('value')).toBe('kiosk');
    expect($('#f-group option[selected]').attr('value')).toBe('age:65plus');
    expect($('#services-table a').first().attr('href')).toContain('channel=kiosk');
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
