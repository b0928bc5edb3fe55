import { load, type CheerioAPI } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { addAction } from '../server/data/followup.js';
import { setPopulation } from '../server/data/populations.js';
import { createService } from '../server/data/services.js';
import { addApiToken } from '../server/data/tokens.js';
import { createUnit } from '../server/data/units.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { action } from './helpers/followup-contract.js';
import { signInAs, type SignedIn } from './helpers/officer.js';
import { addResponses, times } from './helpers/responses.js';

interface ApiResults {
  n: number;
  ikm: number;
  elements: Array<{ code: string; n: number; nrr: number | null }>;
}

const two = (x: number) => (Math.round(x * 100 + 1e-9) / 100).toFixed(2);

/** The report's figures (data hooks) against the results API's, element by element. */
function expectSameFigures($: CheerioAPI, api: ApiResults): void {
  expect($('data[data-figure="n"]').attr('value')).toBe(String(api.n));
  expect($('data[data-figure="ikm"]').attr('value')).toBe(two(api.ikm));
  for (const e of api.elements) {
    expect($(`data[data-element="${e.code}"]`).attr('value'), e.code).toBe(e.nrr === null ? '' : two(e.nrr));
    expect($(`tr[data-element-row="${e.code}"] td`).first().text(), e.code).toBe(String(e.n));
  }
}

describe('the SKM report', () => {
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: SmallOrg;
  let manager: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let token: string;
  const REPORT = '/report/services/ktp?period=2026-Q2&lang=id';

  beforeAll(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    const other = await createUnit(store, { agencyId: org.agencyId, parentId: org.rootId, code: 'dinsos', nameId: 'Dinas Sosial', nameEn: 'Social Affairs' });
    const kk = await createService(store, { unitId: org.unitId, code: 'kk', nameId: 'Kartu Keluarga', nameEn: 'Family card' });
    const mixed = (date: string, i: number) => ({
      date,
      answers: {
        PERSYARATAN: 3 + (i % 2),
        PROSEDUR: 3,
        WAKTU: 2 + (i % 3 === 0 ? 1 : 0),
        BIAYA: i % 5 === 0 ? null : 4,
        PRODUK: 3,
        KOMPETENSI: 4,
        PERILAKU: 4,
        PENGADUAN: 2 + (i % 2),
        SARANA: 3,
      },
      gender: i % 2 ? 'L' : 'P',
      age: 20 + (i % 50),
      disability: i === 7 ? 'yes' : 'no',
    });
    await addResponses(
      store,
      org.serviceId,
      Array.from({ length: 37 }, (_, i) => mixed(`2026-05-${String(1 + (i % 28)).padStart(2, '0')}`, i)),
    );
    await addResponses(store, kk, times(12, { date: '2026-06-03', answers: 3, gender: 'P' }));
    await addResponses(store, org.serviceId, times(10, { date: '2026-02-03', answers: 3 }));
    await setPopulation(store, { serviceId: org.serviceId }, '2026-04-01', '2026-06-30', 400);
    await addAction(
      store,
      { kind: 'service', id: org.serviceId },
      '2026-Q2',
      action({ element: 'WAKTU', activity: 'Antrean daring', person: 'Rina', responsible: 'Bidang Pelayanan', plannedQuarter: '2026-Q3' }),
      null,
    );
    await addAction(
      store,
      { kind: 'service', id: org.serviceId },
      '2026-Q1',
      action({ element: 'PENGADUAN', activity: 'Kanal WhatsApp', status: 'done', doneDate: '2026-04-20' }),
      null,
    );
    app = testApp(db);
    manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
    outsider = await signInAs(app, store, { role: 'manager', unitId: other });
    token = (await addApiToken(store, org.unitId, 'report test')).token;
  });

  const api = async (path: string): Promise<ApiResults> => {
    const res = await request(app).get(path).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as ApiResults;
  };

  it('shows the same figures as the results API for a service and a unit', async () => {
    const page = await manager.agent.get(REPORT);
    expect(page.status).toBe(200);
    expectSameFigures(load(page.text), await api('/api/v1/services/ktp/results?period=2026-Q2'));
    const unit = await manager.agent.get('/report/units/dukcapil?period=2026-Q2&lang=en');
    expect(unit.status).toBe(200);
    expectSameFigures(load(unit.text), await api('/api/v1/units/dukcapil/results?period=2026-Q2'));
  });

  it('follows the national template: chapters I-V, annexes, the questionnaire from the database, the plans, the k rule', async () => {
    const $ = load((await manager.agent.get(REPORT)).text);
    for (const id of [
      'ch-introduction',
      'ch-collection',
      'ch-results',
      'ch-analysis',
      'ch-conclusion',
      'annex-questionnaire',
      'annex-data',
      'annex-followup',
    ]) {
      expect($(`#${id}`), id).toHaveLength(1);
      expect($(`.toc a[href="#${id}"]`), id).toHaveLength(1);
    }
    const question = db.prepare("SELECT question FROM element_texts WHERE element_code = 'PERSYARATAN' AND lang = 'id'").pluck().get() as string;
    expect($('#annex-questionnaire').text()).toContain(question);
    expect($('#ch-collection').text()).toContain('Jumlah pengguna layanan 400');
    expect($('#ch-collection').text()).toContain('minimal 196 responden');
    expect($('#ch-analysis .rtl-table').text()).toContain('Antrean daring');
    expect($('#ch-analysis .rtl-table').text()).toContain('Bidang Pelayanan');
    expect($('#ch-analysis .rtl-table').text()).not.toContain('Rina');
    expect($('#annex-followup').text()).toContain('Kanal WhatsApp');
    expect($('#annex-followup').text()).toContain('Triwulan I 2026');
    // one respondent with a disability: fewer than k, never shown as a count
    const disability = $('table[data-dimension="disability"] tr').filter((_, el) => $(el).find('th').text() === 'Ya');
    expect(disability.find('td').text()).toBe('kurang dari 5 responden');
    expect($('svg.bars')).toHaveLength(2);
    // the processed data: the weighted NRR is NRR x 1/9
    expect($('#processed-table tbody tr').first().find('th').text()).toBe('PERSYARATAN');
    expect($('a[data-edit-chapter]')).toHaveLength(5);
  });

  it('saves an edited chapter per scope, period and language (audited), back to the draft when emptied', async () => {
    const url = '/report/services/ktp/chapters/introduction?period=2026-Q2&lang=id';
    const form = await manager.agent.get(url);
    expect(form.status).toBe(200);
    expect(load(form.text)('#f-body').text()).toContain('Peraturan Menteri PANRB Nomor 14 Tahun 2017');
    const csrf = await manager.csrf(url);
    const long = await manager.agent
      .post(url)
      .type('form')
      .send({ _csrf: csrf, body: 'x'.repeat(8001) });
    expect(long.status).toBe(422);
    expect(load(long.text)('#f-body').text()).toHaveLength(8001);
    const saved = await manager.agent.post(url).type('form').send({ _csrf: csrf, body: 'Paragraf pertama kami.\r\n\r\nParagraf kedua.' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/report/services/ktp?period=2026-Q2&lang=id&saved=1#ch-introduction');
    const $ = load((await manager.agent.get(REPORT)).text);
    expect(
      $('[data-narrative="introduction"] p')
        .slice(0, 2)
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(['Paragraf pertama kami.', 'Paragraf kedua.']);
    // the other language, another period and another scope still show the generated draft
    expect(load((await manager.agent.get('/report/services/ktp?period=2026-Q2&lang=en')).text)('[data-narrative="introduction"]').text()).toContain(
      'Regulation 14/2017',
    );
    expect(load((await manager.agent.get('/report/services/ktp?period=2026-Q1&lang=id')).text)('[data-narrative="introduction"]').text()).not.toContain(
      'Paragraf pertama',
    );
    expect(load((await manager.agent.get('/report/units/dukcapil?period=2026-Q2&lang=id')).text)('[data-narrative="introduction"]').text()).not.toContain(
      'Paragraf pertama',
    );
    expect(db.prepare("SELECT action, entity_code FROM audit_log WHERE entity_kind = 'report_draft'").all()).toEqual([
      { action: 'update', entity_code: 'ktp' },
    ]);
    const back = await manager.agent.post(url).type('form').send({ _csrf: csrf, body: '' });
    expect(back.status).toBe(303);
    expect(load((await manager.agent.get(REPORT)).text)('[data-narrative="introduction"]').text()).toContain('Peraturan Menteri PANRB');
  });

  it('is for officers of the scope; viewers read it but do not edit', async () => {
    expect((await viewer.agent.get(REPORT)).status).toBe(200);
    expect(load((await viewer.agent.get(REPORT)).text)('a[data-edit-chapter]')).toHaveLength(0);
    expect((await viewer.agent.get('/report/services/ktp/chapters/introduction?period=2026-Q2')).status).toBe(403);
    expect((await outsider.agent.get(REPORT)).status).toBe(403);
    expect((await manager.agent.get('/report/services/ktp/chapters/preface?period=2026-Q2')).status).toBe(404);
    expect((await manager.agent.get('/report/services/ktp?period=2026-05-01/2026-05-31')).status).toBe(400);
    const anon = await request(app).get(REPORT);
    expect(anon.status).toBe(303);
  });
});
