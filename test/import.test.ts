import { load } from 'cheerio';
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../server/db.js';
import { SqliteDatabase, type Database } from '../server/data/engine/index.js';
import { addDays } from '../server/indicators/calendar.js';
import { localDate } from '../server/indicators/timezone.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs, type SignedIn } from './helpers/officer.js';

// Paper questionnaires from CSV and XLSX (issue 10): the template in both languages, every row
// checked with the survey's rules and reported by row number, nothing stored from a bad file, the
// upload's CSRF protection kept on a multipart form, and the size limits.

const csrfOf = (html: string): string => load(html)('input[name=_csrf]').first().attr('value') ?? '';
const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void }, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('import of paper questionnaires', () => {
  let db: Db;
  let store: Database;
  let app: Express;
  let org: SmallOrg;
  let officer: SignedIn;
  let today: string;
  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    app = testApp(db);
    org = await seedSmall(store);
    officer = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    today = localDate(new Date(), 'Asia/Jakarta');
  });
  const responses = () => db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number };

  async function upload(file: Buffer, name: string, lang = 'en') {
    const page = await officer.agent.get(`/manage/services/ktp/import?lang=${lang}`);
    return officer.agent.post(`/manage/services/ktp/import?lang=${lang}`).field('_csrf', csrfOf(page.text)).attach('file', file, { filename: name });
  }

  it('gives an XLSX template with its codes explained on a second sheet, in both languages, and a CSV template', async () => {
    for (const [lang, header, sheets] of [
      ['id', ['tanggal', 'PERSYARATAN'], ['Data', 'Kode']],
      ['en', ['date', 'PERSYARATAN'], ['Data', 'Codes']],
    ] as const) {
      const res = await officer.agent.get(`/manage/services/ktp/import/template.xlsx?lang=${lang}`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*ktp\.xlsx"/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(sheets);
      expect((wb.worksheets[0]?.getRow(1).values as string[]).slice(1, 3)).toEqual(header);
      const codes = wb.worksheets[1]?.getColumn(3).values.map(String).join('\n') ?? '';
      expect(codes).toContain(lang === 'id' ? '1 = Tidak sesuai; 2 = Kurang sesuai' : '1 = Not suitable');
      expect(codes).toContain(lang === 'id' ? 'not_served = Tidak dilayani' : 'not_served = Not served');
    }
    const csv = await officer.agent.get('/manage/services/ktp/import/template.csv?lang=id');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.replace(/^\ufeff/, '').trim()).toBe(
      'tanggal,PERSYARATAN,PROSEDUR,WAKTU,BIAYA,PRODUK,KOMPETENSI,PERILAKU,PENGADUAN,SARANA,akhir_kunjungan,jenis_kelamin,umur,pendidikan,pekerjaan,disabilitas,saran',
    );
  });

  it('accepts the filled XLSX template and stores it on confirmation, with dates typed as dates', async () => {
    const tpl = await officer.agent.get('/manage/services/ktp/import/template.xlsx?lang=en').buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.body as ArrayBuffer);
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    const [y, m, d] = addDays(today, -2).split('-').map(Number) as [number, number, number];
    sheet.addRow([new Date(Date.UTC(y, m - 1, d)), 4, 4, 3, 4, 3, 3, 4, 3, 4, 'full', 'l', 45, 'S1', 'swasta', 'no', 'Bagus']);
    sheet.addRow([addDays(today, -1), 2, null, null, null, null, null, null, null, 1, '', 'P', 'na', '', '', '', '']);
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'filled.xlsx');
    expect(res.status).toBe(200);
    const $ = load(res.text);
    expect($('[data-import-report=ok]').text()).toContain('2 questionnaires');
    const stored = await officer.agent
      .post($('form[data-import-confirm]').attr('action') as string)
      .type('form')
      .send({ _csrf: csrfOf(res.text) });
    expect(stored.status).toBe(303);
    const rows = db.prepare('SELECT local_date, gender, education, age, age_band, end_state, e_sarana, comment FROM responses ORDER BY id').all();
    expect(rows).toEqual([
      { local_date: addDays(today, -2), gender: 'L', education: 's1', age: 45, age_band: '45_54', end_state: 'full', e_sarana: 4, comment: 'Bagus' },
      { local_date: addDays(today, -1), gender: 'P', education: null, age: null, age_band: 'na', end_state: null, e_sarana: 1, comment: null },
    ]);
    const done = load((await officer.agent.get(stored.headers.location as string)).text);
    expect(done('[data-import-stored]').attr('data-import-stored')).toBe('2');
    expect(db.prepare("SELECT details FROM audit_log WHERE action = 'import'").get()).toMatchObject({ details: expect.stringContaining('"stored":2') });
  });

  it('rejects each bad row with its number and reason, and stores nothing from the file', async () => {
    const good = `${addDays(today, -1)},3,,,,,,,,,,P,30,,,,`;
    const csv = [
      'date,PERSYARATAN,PROSEDUR,WAKTU,BIAYA,PRODUK,KOMPETENSI,PERILAKU,PENGADUAN,SARANA,end_state,gender,age,education,occupation,disability,comment',
      good,
      `${addDays(today, -1)},5,,,,,,,,,,,,,,,`,
      `${addDays(today, 3)},3,,,,,,,,,,,,,,,`,
      `${addDays(today, -1)},3,,,,,,,,,,X,,,,,`,
      `${addDays(today, -1)},,,,,,,,,,,,,,,,`,
      `${addDays(today, -1)},,,,,,,,,,gave_up,,,,,,`,
      `31/02/2026,3,,,,,,,,,,,9,,,,`,
      '',
      good,
    ].join('\n');
    const res = await upload(Buffer.from(csv), 'kertas.csv');
    expect(res.status).toBe(422);
    const $ = load(res.text);
    const reasons = Object.fromEntries(
      $('table[data-rejected] tr[data-row]')
        .map((_, tr) => [[$(tr).attr('data-row'), $(tr).find('td').text()]])
        .get() as Array<[string, string]>,
    );
    expect(Object.keys(reasons)).toEqual(['3', '4', '5', '6', '8']);
    expect(reasons['3']).toBe('PERSYARATAN: Write 1, 2, 3 or 4, or leave it empty when not answered.');
    expect(reasons['4']).toBe('date: The interview date has not happened yet: it is later than today.');
    expect(reasons['5']).toBe('gender: Unknown code: see the list of codes.');
    expect(reasons['6']).toBe('Answer at least one question about the service.');
    expect(reasons['8']).toContain('date: The interview date is not recognised');
    expect(reasons['8']).toContain('age: Enter your age in years');
    expect($('[data-import-report=rejected]').text()).toContain('5 of 8 rows were rejected');
    expect($('form[data-import-confirm]').length).toBe(0);
    expect(responses().n).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM import_uploads').get()).toEqual({ n: 0 });
  });

  it('reports a file it cannot use as a whole: unknown column, no rows, not a spreadsheet, too large', async () => {
    const cases: Array<[Buffer, string, string]> = [
      [Buffer.from('date,PERSYARATAN,nama\n2026-01-01,3,Budi\n'), 'a.csv', 'Column “nama” is not known'],
      [Buffer.from('date,PERSYARATAN\n'), 'b.csv', 'only the header row'],
      [Buffer.from('PK\u0003\u0004 not really a zip'), 'c.xlsx', 'cannot be read as CSV or XLSX'],
      [Buffer.alloc(5 * 1024 * 1024 + 10, 'a'), 'd.csv', 'too large: at most 5 MB'],
      [Buffer.from(`date,SARANA\n${Array.from({ length: 10_001 }, () => `${today},3`).join('\n')}\n`), 'e.csv', 'at most 10,000 questionnaire rows'],
    ];
    for (const [file, name, message] of cases) {
      const res = await upload(file, name);
      expect([name, res.status]).toEqual([name, 422]);
      expect(load(res.text)('main').text()).toContain(message);
    }
    expect(responses().n).toBe(0);
  });

  it('keeps CSRF protection on the multipart upload: no or a forged token is 403, a token after the file leaves the file unread', async () => {
    const csv = Buffer.from(`date,SARANA\n${today},3\n`);
    const none = await officer.agent.post('/manage/services/ktp/import?lang=en').attach('file', csv, { filename: 'x.csv' });
    expect(none.status).toBe(403);
    const page = await officer.agent.get('/manage/services/ktp/import?lang=en');
    const late = await officer.agent.post('/manage/services/ktp/import?lang=en').attach('file', csv, { filename: 'x.csv' }).field('_csrf', csrfOf(page.text));
    // the token came after the file: the file part was never read, so there is no file to check
    expect(late.status).toBe(422);
    expect(load(late.text)('#e-file').text()).toContain('Choose a CSV or XLSX file');
    const forged = await officer.agent.post('/manage/services/ktp/import?lang=en').field('_csrf', 'forged').attach('file', csv, { filename: 'x.csv' });
    expect(forged.status).toBe(403);
    expect(db.prepare('SELECT count(*) AS n FROM import_uploads').get()).toEqual({ n: 0 });
    // the real form, token first, is accepted
    expect((await upload(csv, 'x.csv')).status).toBe(200);
  });

  it("confirms only the officer's own checked file, for the service it was checked for", async () => {
    const res = await upload(Buffer.from(`date,SARANA\n${today},3\n`), 'x.csv');
    const action = load(res.text)('form[data-import-confirm]').attr('action') as string;
    const other = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const token = csrfOf((await other.agent.get('/manage/services/ktp/import?lang=en')).text);
    expect((await other.agent.post(action).type('form').send({ _csrf: token })).status).toBe(410);
    expect(
      (
        await officer.agent
          .post(action.replace('/ktp/', '/lama/'))
          .type('form')
          .send({ _csrf: csrfOf(res.text) })
      ).status,
    ).toBe(410);
    expect(responses().n).toBe(0);
    expect(
      (
        await officer.agent
          .post(action)
          .type('form')
          .send({ _csrf: csrfOf(res.text) })
      ).status,
    ).toBe(303);
    expect(responses().n).toBe(1);
  });
});
