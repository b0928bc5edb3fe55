import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { load } from 'cheerio';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { loadDemo } from '../db/demo/index.js';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { listPlanActions } from '../server/data/followup.js';
import { addApiToken } from '../server/data/tokens.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { localize } from '../server/i18n.js';
import { seedSmall, testApp, testDb } from './helpers/app.js';
import { signIn, signInAs, type Agent } from './helpers/officer.js';
import { addResponses, times } from './helpers/responses.js';
import { createService } from '../server/data/services.js';
import { download, readCsv, readXlsx, sheetRows } from './helpers/export-files.js';
import { exportsContract } from './helpers/exports-contract.js';

// Exports on the demo agency (a year of responses up to 2026-10-31), Q3 2026: every file against the
// results API and the dashboards, scope and roles, the hooks on every dashboard page type.

const Q3 = 'period=2026-Q3';
const id = localize('id');

describe('exports', () => {
  let db: Db;
  let app: Express;
  let admin: Agent;
  let manager: Agent;
  let viewer: Agent;
  let token = '';

  beforeAll(async () => {
    db = testDb();
    await loadDemo(SqliteDatabase.of(db), { endDate: '2026-10-31' });
    app = testApp(db);
    admin = (await signIn(app, 'admin@demo.mutu.id', 'mutu-demo')).agent;
    manager = (await signIn(app, 'manajer@demo.mutu.id', 'mutu-demo')).agent;
    viewer = (await signIn(app, 'viewer@demo.mutu.id', 'mutu-demo')).agent;
    token = (await addApiToken(SqliteDatabase.of(db), (db.prepare("SELECT id FROM units WHERE code = 'pemkab'").get() as { id: number }).id, 'test')).token;
  }, 120_000);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API body as the contract gives it
  const api = async (url: string): Promise<any> => (await request(app).get(url).set('Authorization', `Bearer ${token}`)).body;
  const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

  it('exports the aggregated results as one CSV with every table, equal to the results API', async () => {
    const d = await download(admin, `/exports/services/ktp-el/results.csv?${Q3}&lang=id`);
    expect(d.status).toBe(200);
    expect(d.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(d.headers['cache-control']).toBe('no-store');
    const rows = readCsv(d.body);
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(id.t(`exports.col.${name}`));
    const of = (table: string) => rows.filter((r) => r[0] === id.t(`exports.tables.${table}`));
    const body = await api(`/api/v1/services/ktp-el/results?${Q3}`);
    const [summary] = of('summary') as [string[]];
    expect(summary[col('code')]).toBe('ktp-el');
    expect(num(summary[col('n')])).toBe(body.n);
    expect(num(summary[col('score')])).toBeCloseTo(body.ikm, 9);
    expect(num(summary[col('nrr')])).toBeCloseTo(body.ikm_1_4, 9);
    expect(num(summary[col('margin')])).toBeCloseTo(body.margin, 9);
    expect(summary[col('grade')]).toBe(body.grade);
    expect(summary[col('from')]).toBe('2026-07-01');
    const elements = of('elements');
    expect(elements.map((r) => r[col('code')]).sort()).toEqual([...ELEMENT_CODES].sort());
    for (const e of body.elements as Array<{ code: string; nrr: number; n: number; grade: string }>) {
      const r = elements.find((x) => x[col('code')] === e.code) as string[];
      expect(num(r[col('nrr')]), e.code).toBeCloseTo(e.nrr, 9);
      expect(num(r[col('n')]), e.code).toBe(e.n);
      expect(r[col('grade')]).toBe(e.grade);
    }
    expect(elements[0]?.[col('no')]).toBe('U1');
    // groups: every dimension's rows, the officer's k rule as in the API for tokens
    const groups = of('groups');
    for (const g of body.groups.gender as Array<{ group: string; n: number | null; ikm: number | null }>) {
      const r = groups.find((x) => x[col('dimension')] === id.t('profile.gender.label') && x[col('code')] === g.group) as string[];
      expect(num(r[col('n')]), g.group).toBe(g.n);
      if (g.ikm === null) expect(r[col('score')]).toBe('');
      else expect(num(r[col('score')])).toBeCloseTo(g.ikm, 9);
    }
    // the trend: each period's IKM is the API's for that period
    const trend = of('trend');
    expect(trend.length).toBe(8);
    const q2 = trend.find((r) => r[col('code')] === '2026-Q2') as string[];
    expect(q2[col('name')]).toBe('Triwulan II 2026');
    const apiQ2 = await api('/api/v1/services/ktp-el/results?period=2026-Q2');
    expect(num(q2[col('score')])).toBeCloseTo(apiQ2.ikm, 9);
    expect(num(q2[col('n')])).toBe(apiQ2.n);
  });

  it('names the file by agency, scope and period, in ASCII and in words', async () => {
    const d = await download(admin, `/exports/services/ktp-el/results.csv?${Q3}&group=gender:P&lang=id`);
    const cd = d.headers['content-disposition'] as string;
    expect(cd).toMatch(/^attachment; filename="mutu_mekarsari_ktp-el_2026-Q3_gender-P_results\.csv"; filename\*=UTF-8''/);
    const words = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(cd)?.[1] ?? '');
    expect(words).toContain('Perekaman dan Pencetakan KTP-el');
    expect(words).toContain('Triwulan III 2026');
    expect(words).toContain('Perempuan');
    expect(words.endsWith('.csv')).toBe(true);
  });

  it('follows the dashboard filters: a group narrows the figures as in the API', async () => {
    const rows = readCsv((await download(admin, `/exports/services/ktp-el/results.csv?${Q3}&group=gender:P`)).body);
    const header = rows[0] as string[];
    const summary = rows[1] as string[];
    const body = await api(`/api/v1/services/ktp-el/results?${Q3}&gender=P`);
    expect(Number(summary[header.indexOf(id.t('exports.col.n'))])).toBe(body.n);
    expect(Number(summary[header.indexOf(id.t('exports.col.score'))])).toBeCloseTo(body.ikm, 9);
    // bad filters: 400 with the dashboard's message, no file
    const bad = await admin.get('/exports/services/ktp-el/results.csv?period=2026-Q9');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-disposition']).toBeUndefined();
  });

  it('exports the results as an XLSX with a sheet per table and typed cells', async () => {
    const d = await download(manager, `/exports/units/disdukcapil/results.xlsx?${Q3}&lang=id`);
    expect(d.status).toBe(200);
    expect(d.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = await readXlsx(d.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['elements', 'groups', 'services', 'trend'].map((k) => id.t(`exports.tables.${k}`)));
    const body = await api(`/api/v1/units/disdukcapil/results?${Q3}`);
    // the headline above the elements
    const elements = wb.worksheets[0] as ExcelJS.Worksheet;
    const rows = sheetRows(elements);
    const summaryAt = rows.findIndex((r) => r[1] === 'disdukcapil');
    const summary = rows[summaryAt] as ExcelJS.CellValue[];
    const head = rows[summaryAt - 1] as ExcelJS.CellValue[];
    const at = (h: ExcelJS.CellValue[], key: string) => h.indexOf(id.t(`exports.col.${key}`));
    expect(summary[at(head, 'n')]).toBe(body.n);
    expect(summary[at(head, 'score')]).toBeCloseTo(body.ikm, 9);
    expect(summary[at(head, 'from')]).toEqual(new Date(Date.UTC(2026, 6, 1)));
    expect(elements.getRow(summaryAt + 1).getCell(at(head, 'from')).numFmt).toBe('yyyy-mm-dd');
    expect(elements.getRow(summaryAt + 1).getCell(at(head, 'score')).type).toBe(ExcelJS.ValueType.Number);
    // services: each with the API's figures
    const services = sheetRows(wb.worksheets[2] as ExcelJS.Worksheet);
    const sh = services[0] as ExcelJS.CellValue[];
    expect(services.length - 1).toBe(body.services.length);
    for (const s of body.services as Array<{ code: string; n: number; ikm: number | null }>) {
      const r = services.find((x) => x[at(sh, 'code')] === s.code) as ExcelJS.CellValue[];
      expect(r[at(sh, 'n')], s.code).toBe(s.n);
      if (s.ikm === null)
        expect(r[at(sh, 'score')], s.code).toBeUndefined(); // no data: an empty cell, never 0
      else expect(r[at(sh, 'score')] as number, s.code).toBeCloseTo(s.ikm, 9);
    }
    // the trend: periods with their dates as date cells
    const trend = wb.worksheets[3] as ExcelJS.Worksheet;
    const th = sheetRows(trend)[0] as ExcelJS.CellValue[];
    expect(trend.getRow(2).getCell(at(th, 'from')).type).toBe(ExcelJS.ValueType.Date);
    expect(trend.getRow(9).getCell(at(th, 'code')).value).toBe('2026-Q3');
    expect(trend.getRow(9).getCell(at(th, 'score')).value as number).toBeCloseTo(body.ikm, 9);
  });

  it('exports responses with fixed columns that equal the figures, and records it in the audit log', async () => {
    const before = db.prepare("SELECT count(*) FROM audit_log WHERE action = 'export_responses'").pluck().get() as number;
    const d = await download(admin, `/exports/services/ktp-el/responses.csv?${Q3}&lang=id`);
    expect(d.status).toBe(200);
    const [header, ...rows] = readCsv(d.body) as [string[], ...string[][]];
    const profile = ['gender', 'age', 'education', 'occupation', 'disability', 'endstate'].map((dim) => id.t(`profile.${dim}.label`));
    expect(header.slice(0, 6 + profile.length)).toEqual([
      id.t('exports.col.no'),
      id.t('exports.col.date'),
      id.t('exports.col.service_code'),
      id.t('exports.col.service'),
      id.t('dashboard.channel'),
      id.t('exports.col.lang'),
      ...profile,
    ]);
    expect(header.length).toBe(6 + profile.length + 9);
    expect(header.slice(-9).map((h) => h.split(' ')[0])).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    expect(header.join('|')).not.toMatch(/Komentar|comment|loket|counter|idem|petugas/i);
    const body = await api(`/api/v1/services/ktp-el/results?${Q3}`);
    expect(rows.length).toBe(body.n);
    expect(new Set(rows.map((r) => r[1]?.length))).toEqual(new Set([10])); // a date, never a time
    // age as a band in words, never years
    const bands = new Set(['lt25', '25_34', '35_44', '45_54', '55_64', '65plus', 'na'].map((b) => id.t(`profile.age.bands.${b}`)));
    expect(rows.every((r) => r[7] === '' || bands.has(r[7] as string))).toBe(true);
    // each element's NRR recomputed from the rows equals the API's
    const codes = db.prepare('SELECT code FROM elements ORDER BY position, code').pluck().all() as string[];
    codes.forEach((code, i) => {
      const answers = rows
        .map((r) => r[header.length - 9 + i])
        .filter((v) => v !== '')
        .map(Number);
      const e = (body.elements as Array<{ code: string; nrr: number }>).find((x) => x.code === code) as { nrr: number };
      expect(answers.reduce((s, v) => s + v, 0) / answers.length, code).toBeCloseTo(e.nrr, 9);
    });
    const after = db.prepare("SELECT * FROM audit_log WHERE action = 'export_responses' ORDER BY id DESC").all() as Array<{
      details: string;
      user_email: string;
      entity_code: string;
    }>;
    expect(after.length).toBe(before + 1);
    expect(after[0]?.user_email).toBe('admin@demo.mutu.id');
    expect(after[0]?.entity_code).toBe('ktp-el');
    expect(JSON.parse(after[0]?.details ?? '{}')).toMatchObject({ rows: body.n, period: { from: '2026-07-01', to: '2026-09-30' } });
  });

  it('exports responses as an XLSX with date and number cells', async () => {
    const d = await download(manager, `/exports/services/ktp-el/responses.xlsx?${Q3}&channel=kiosk&lang=en`);
    expect(d.status).toBe(200);
    const ws = (await readXlsx(d.body)).worksheets[0] as ExcelJS.Worksheet;
    const body = await api(`/api/v1/services/ktp-el/results?${Q3}&channel=kiosk`);
    expect(ws.rowCount - 1).toBe(body.n);
    const row = ws.getRow(2);
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Date);
    expect(row.getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(1).value).toBe(1);
    expect(row.getCell(5).value).toBe(localize('en').t('dashboard.channels.kiosk'));
    const u1 = ws.columnCount - 8;
    let numbers = 0;
    ws.eachRow((r, i) => {
      if (i > 1 && r.getCell(u1).value !== null) {
        expect(r.getCell(u1).type).toBe(ExcelJS.ValueType.Number);
        numbers++;
      }
    });
    expect(numbers).toBeGreaterThan(0);
  });

  it('lets only admins and unit managers of the scope take responses; every officer the other files of their scope', async () => {
    expect((await viewer.get(`/exports/units/rsud/responses.csv?${Q3}`)).status).toBe(403);
    expect((await viewer.get(`/exports/units/rsud/responses.xlsx?${Q3}`)).status).toBe(403);
    expect((await viewer.get(`/exports/responses.csv?${Q3}`)).status).toBe(403);
    expect((await download(viewer, `/exports/units/rsud/results.csv?${Q3}`)).status).toBe(200);
    expect((await download(viewer, `/exports/units/rsud/comments.csv?${Q3}`)).status).toBe(200);
    expect((await download(viewer, `/exports/units/rsud/olah-data.xlsx?${Q3}`)).status).toBe(200);
    // outside the officer's subtree: 403, whatever the file
    for (const file of ['results.csv', 'results.xlsx', 'responses.csv', 'comments.csv', 'olah-data.xlsx', 'followup.csv']) {
      expect((await manager.get(`/exports/units/rsud/${file}?${Q3}`)).status, file).toBe(403);
      expect((await viewer.get(`/exports/services/ktp-el/${file}?${Q3}`)).status, file).toBe(403);
    }
    expect((await manager.get(`/exports/units/pemkab/results.csv?${Q3}`)).status).toBe(403);
    expect((await admin.get(`/exports/services/no-such/results.csv?${Q3}`)).status).toBe(404);
    // not signed in: to the sign-in page, coming back here afterwards
    const anon = await request(app).get(`/exports/services/ktp-el/results.csv?${Q3}`);
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toMatch(/^\/login\?next=%2Fexports%2Fservices%2Fktp-el%2Fresults\.csv/);
    // /exports/FILE is the officer's own scope, as /dashboard
    const own = readCsv((await download(manager, `/exports/results.csv?${Q3}`)).body);
    expect(own[1]?.[3]).toBe('disdukcapil');
  });

  it('exports the olah data workbook: U1-U9 per respondent, then sum, NRR, weight 1/9, weighted NRR and the IKM', async () => {
    const d = await download(admin, `/exports/services/ktp-el/olah-data.xlsx?${Q3}&lang=id`);
    expect(d.status).toBe(200);
    const ws = (await readXlsx(d.body)).worksheets[0] as ExcelJS.Worksheet;
    const body = await api(`/api/v1/services/ktp-el/results?${Q3}`);
    expect(ws.getRow(5).getCell(2).value).toBe('U1');
    expect(ws.getRow(5).getCell(10).value).toBe('U9');
    const label = (key: string) => {
      let found = 0;
      ws.eachRow((r, i) => {
        if (r.getCell(1).value === id.t(`exports.olah.${key}`)) found = i;
      });
      return ws.getRow(found);
    };
    const sum = label('sum');
    expect(sum.number - 6).toBe(body.n); // one row per respondent, from row 6
    expect(ws.getRow(6).getCell(1).value).toBe(1);
    const codes = db.prepare('SELECT code FROM elements ORDER BY position, code').pluck().all() as string[];
    const nrr = label('nrr');
    const weight = label('weight');
    const weighted = label('weighted');
    codes.forEach((code, i) => {
      const e = (body.elements as Array<{ code: string; nrr: number; n: number }>).find((x) => x.code === code) as { nrr: number; n: number };
      const letter = String.fromCharCode(66 + i);
      expect(nrr.getCell(2 + i).formula).toBe(`${letter}${sum.number}/${letter}${sum.number + 1}`);
      expect(nrr.getCell(2 + i).result as number, code).toBeCloseTo(e.nrr, 9);
      expect(label('answered').getCell(2 + i).result).toBe(e.n);
      expect(sum.getCell(2 + i).formula).toBe(`SUM(${letter}6:${letter}${sum.number - 1})`);
      expect(weight.getCell(2 + i).formula).toBe('1/9');
      expect(weight.getCell(2 + i).result).toBe(1 / 9);
      expect(weighted.getCell(2 + i).result as number).toBeCloseTo(e.nrr / 9, 12);
    });
    expect(label('ikm14').getCell(2).result as number).toBeCloseTo(body.ikm_1_4, 9);
    expect(label('ikm').getCell(2).formula).toBe(`B${label('ikm14').number}*25`);
    expect(label('ikm').getCell(2).result as number).toBeCloseTo(body.ikm, 9);
    expect(label('grade').getCell(2).text).toContain(body.grade);
  });

  it('exports the comments every officer of the scope reads on the dashboard, with its search', async () => {
    const page = load((await viewer.get(`/dashboard/units/rsud?${Q3}&lang=id`)).text);
    const total = Number(page('#h-comments .muted').first().text().replace(/\D/g, ''));
    const rows = readCsv((await download(viewer, `/exports/units/rsud/comments.csv?${Q3}&lang=id`)).body);
    expect(rows[0]).toEqual(['date', 'service_code', 'service', 'comment'].map((k) => id.t(`exports.col.${k}`)));
    expect(total).toBeGreaterThan(0);
    expect(rows.length - 1).toBe(total);
    const word = (rows[1]?.[3] ?? '').split(/\s+/)[0] as string;
    const searched = readCsv((await download(viewer, `/exports/units/rsud/comments.csv?${Q3}&q=${encodeURIComponent(word)}`)).body);
    expect(searched.length).toBeGreaterThan(1);
    expect(searched.length).toBeLessThanOrEqual(rows.length);
    expect(searched.slice(1).every((r) => (r[3] as string).toLowerCase().includes(word.toLowerCase()))).toBe(true);
  });

  it('exports the follow-up plan of the scope and period', async () => {
    const plan = db.prepare("SELECT period, scope_id FROM followup_actions WHERE scope_kind = 'service' LIMIT 1").get() as { period: string; scope_id: number };
    const actions = await listPlanActions(SqliteDatabase.of(db), { kind: 'service', id: plan.scope_id }, plan.period);
    expect(actions.length).toBeGreaterThan(0);
    const rows = readCsv((await download(admin, `/exports/services/ktp-el/followup.csv?period=${plan.period}&lang=id`)).body);
    expect(rows.length - 1).toBe(actions.length);
    expect(rows.slice(1).map((r) => r[1])).toEqual(actions.map((a) => a.activity));
    const done = actions.findIndex((a) => a.status === 'done');
    expect(rows[done + 1]?.[5]).toBe(id.t('exports.followup.statuses.done'));
    expect(rows[done + 1]?.[6]).toBe(actions[done]?.done_date);
    // another period has its own (here: no) plan
    expect(readCsv((await download(admin, '/exports/services/ktp-el/followup.csv?period=2026-Q4')).body).length).toBe(1);
  });

  describe('links on every dashboard page', () => {
    const pages = {
      admin: ['/dashboard', '/dashboard/units/disdukcapil', '/dashboard/services/ktp-el', '/dashboard/services/ktp-el?group=gender:P'],
      manager: ['/dashboard', '/dashboard/units/disdukcapil', '/dashboard/services/ktp-el', '/dashboard/services/ktp-el?group=gender:P'],
      viewer: ['/dashboard', '/dashboard/units/rsud', '/dashboard/services/rawat-jalan', '/dashboard/units/rsud?channel=qr'],
    } as const;
    const exportPath = (page: string) => page.replace('/dashboard', '/exports').split('?')[0] as string;

    for (const [role, urls] of Object.entries(pages)) {
      it(`shows the report and export hooks to a ${role}, keeping the page's filters`, async () => {
        const agent = { admin, manager, viewer }[role as 'admin'];
        for (const url of urls) {
          const full = `${url}${url.includes('?') ? '&' : '?'}${Q3}&lang=en`;
          const res = await agent.get(full);
          expect(res.status, full).toBe(200);
          const $ = load(res.text);
          const hooks = $('a[data-export]')
            .map((_, a) => $(a).attr('data-export'))
            .get();
          for (const h of ['results-csv', 'results-xlsx', 'comments-csv']) expect(hooks, `${full} ${h}`).toContain(h);
          const editor = role !== 'viewer';
          expect(hooks.includes('responses-csv'), full).toBe(editor);
          expect(hooks.includes('responses-xlsx'), full).toBe(editor);
          const filter = new URL(full, 'http://x').searchParams;
          $('a[data-export]').each((_, a) => {
            const href = new URL($(a).attr('href') as string, 'http://x');
            expect(href.pathname.startsWith(`${exportPath(url)}/`), href.pathname).toBe(true);
            expect(href.pathname.split('/').length, href.pathname).toBe(exportPath(url).split('/').length + 1);
            expect(href.searchParams.get('period')).toBe('2026-Q3');
            expect(href.searchParams.get('lang')).toBe('en');
            if (filter.get('group')) expect(href.searchParams.get('group')).toBe(filter.get('group'));
            if (filter.get('channel')) expect(href.searchParams.get('channel')).toBe(filter.get('channel'));
          });
          const report = $('a[data-report]');
          expect(report.length, full).toBe(1);
          const r = new URL(report.attr('href') as string, 'http://x');
          expect(r.pathname).toBe(url.split('?')[0]?.replace('/dashboard', '/report'));
          expect(r.searchParams.get('period')).toBe('2026-Q3');
          // folded, so that the headline stays on the first screen
          expect($('details[data-actions]').length).toBe(1);
          expect($('details[data-actions]').attr('open')).toBeUndefined();
        }
      });
    }

    it('links files that are made', async () => {
      const $ = load((await manager.get(`/dashboard/services/ktp-el?${Q3}&group=gender:L&lang=id`)).text);
      const hrefs = $('a[data-export], a[data-report]')
        .map((_, a) => $(a).attr('href'))
        .get();
      expect(hrefs.length).toBeGreaterThanOrEqual(6);
      for (const href of hrefs) expect((await download(manager, href)).status, href).toBe(200);
    });
  });
});

describe('exports of a small agency: formulas neutralised, the k rule, CSV details', () => {
  let db: Db;
  let app: Express;
  let admin: Agent;
  let token = '';
  const evilName = '=HYPERLINK("http://evil.example","klik")';
  const comments = ['=1+1', '+628123', '-5 menit', '@petugas', '\tTab', '\rCR', 'koma, "kutip"\nbaris dua', 'biasa saja'];

  beforeAll(async () => {
    db = testDb();
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    const evil = await createService(store, { unitId: org.unitId, code: 'rumus', nameId: evilName, nameEn: '@SUM(1+1)', targetIkm: 95 });
    const all4 = Object.fromEntries(ELEMENT_CODES.map((c) => [c, c === 'BIAYA' ? null : 4]));
    await addResponses(store, evil, [
      ...comments.map((comment, i) => ({ date: '2026-07-10', answers: 2, gender: 'P', age: 30, comment, disability: i < 3 ? 'yes' : null })),
      ...times(10, { date: '2026-07-11', answers: { ...all4, WAKTU: 3 }, gender: 'L', age: 70 }),
    ]);
    app = testApp(db);
    admin = (await signInAs(app, store, { role: 'admin', unitId: org.rootId })).agent;
    token = (await addApiToken(store, org.rootId, 'test')).token;
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API body as the contract gives it
  const api = async (url: string): Promise<any> => (await request(app).get(url).set('Authorization', `Bearer ${token}`)).body;

  it('writes RFC 4180 CSV: BOM, CRLF, quoted commas, quotes and line breaks, neutralised formulas', async () => {
    const d = await download(admin, `/exports/services/rumus/comments.csv?${Q3}`);
    const text = d.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // outside quoted fields every line ends with CRLF
    expect(
      text
        .replace(/"(?:[^"]|"")*"/g, '')
        .match(/\r?\n/g)
        ?.every((eol) => eol === '\r\n'),
    ).toBe(true);
    expect(text).toContain('"koma, ""kutip""\nbaris dua"');
    const rows = readCsv(d.body);
    const written = rows.slice(1).map((r) => r[3]);
    expect(written.sort()).toEqual(["'=1+1", "'+628123", "'-5 menit", "'@petugas", "'\tTab", "'\rCR", 'koma, "kutip"\nbaris dua', 'biasa saja'].sort());
    // the service's name is text too
    expect(rows[1]?.[2]).toBe(`'${evilName}`);
  });

  it('keeps numbers as numbers in CSV, negative ones too', async () => {
    const rows = readCsv((await download(admin, `/exports/services/rumus/results.csv?${Q3}`)).body);
    const header = rows[0] as string[];
    const attainment = rows[1]?.[header.indexOf(id.t('exports.col.attainment'))] as string;
    expect(attainment).toMatch(/^-\d+(\.\d+)?$/);
    const body = await api(`/api/v1/services/rumus/results?${Q3}`);
    expect(Number(attainment)).toBeCloseTo(body.attainment, 9);
    const responses = readCsv((await download(admin, `/exports/services/rumus/responses.csv?${Q3}`)).body);
    expect(responses[1]?.slice(-9)).toEqual(['2', '2', '2', '2', '2', '2', '2', '2', '2']);
    expect(responses[1]?.[3]).toBe(`'${evilName}`);
  });

  it('stores text that looks like a formula as a string cell in XLSX, never as a formula', async () => {
    for (const [lang, name] of [
      ['id', evilName],
      ['en', '@SUM(1+1)'],
    ]) {
      const ws = (await readXlsx((await download(admin, `/exports/units/dukcapil/responses.xlsx?${Q3}&lang=${lang}`)).body)).worksheets[0] as ExcelJS.Worksheet;
      const cell = ws.getRow(2).getCell(4);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(name);
      expect(cell.formula).toBeUndefined();
      expect(ws.getRow(2).getCell(ws.columnCount - 8).type).toBe(ExcelJS.ValueType.Number); // U1
    }
  });

  it('hides a group under k in the results and refuses its respondent-level files', async () => {
    // 3 respondents said they have a disability: fewer than k = 5
    const rows = readCsv((await download(admin, `/exports/services/rumus/results.csv?${Q3}&group=disability:yes`)).body);
    const header = rows[0] as string[];
    const col = (k: string) => header.indexOf(id.t(`exports.col.${k}`));
    expect(rows[1]?.[col('n')]).toBe('');
    expect(rows[1]?.[col('score')]).toBe('');
    expect(rows[1]?.[col('note')]).toContain(id.t('exports.note.suppressed', { k: 5 }));
    // the group rows (of the whole scope, as on the dashboard): a group under k hidden, the others shown
    const all = readCsv((await download(admin, `/exports/services/rumus/results.csv?${Q3}`)).body);
    const disability = all.filter((r) => r[col('dimension')] === id.t('profile.disability.label'));
    expect(disability.find((r) => r[col('code')] === 'yes')?.[col('n')]).toBe('');
    expect(disability.find((r) => r[col('code')] === 'yes')?.[col('score')]).toBe('');
    expect(disability.find((r) => r[col('code')] === 'na')?.[col('n')]).toBe('15');
    const age = all.filter((r) => r[col('dimension')] === id.t('profile.age.label'));
    const band = (code: string) => age.find((r) => r[col('code')] === code) as string[];
    expect(band('65plus')[col('n')]).toBe('10');
    expect(band('25_34')[col('n')]).toBe('8');
    const education = all.filter((r) => r[col('dimension')] === id.t('profile.education.label'));
    expect(education.find((r) => r[col('code')] === 'na')?.[col('n')]).toBe('18');
    for (const file of ['responses.csv', 'responses.xlsx', 'olah-data.xlsx']) {
      const res = await admin.get(`/exports/services/rumus/${file}?${Q3}&group=disability:yes`);
      expect(res.status, file).toBe(403);
      expect(load(res.text)('main').text()).toContain(id.t('exports.errors.too_few', { k: 5 }).slice(0, 40));
    }
    const men = readCsv((await download(admin, `/exports/services/rumus/responses.csv?${Q3}&group=gender:L`)).body);
    expect(men.length - 1).toBe(10);
  });

  it('states the weight as one over the elements answered: a missing answer is never 0', async () => {
    const ws = (await readXlsx((await download(admin, `/exports/services/rumus/olah-data.xlsx?${Q3}&group=gender:L`)).body)).worksheets[0] as ExcelJS.Worksheet;
    const body = await api(`/api/v1/services/rumus/results?${Q3}&gender=L`);
    let weight = 0;
    let ikm = 0;
    ws.eachRow((r, i) => {
      if (r.getCell(1).value === id.t('exports.olah.weight')) weight = i;
      if (r.getCell(1).value === id.t('exports.olah.ikm')) ikm = i;
    });
    const biaya = (db.prepare("SELECT position FROM elements WHERE code = 'BIAYA'").pluck().get() as number) - 1;
    expect(ws.getRow(weight).getCell(2).formula).toBe('1/8');
    expect(ws.getRow(weight).getCell(2 + biaya).value).toBeNull();
    expect(ws.getRow(ikm).getCell(2).result as number).toBeCloseTo(body.ikm, 9);
    expect(body.ikm).toBeCloseTo(((4 * 7 + 3) / 8) * 25, 9);
  });
});

exportsContract('SQLite', () => Promise.resolve(SqliteDatabase.of(testDb())));
