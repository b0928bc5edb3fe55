import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { load, type CheerioAPI } from 'cheerio';
import request from 'supertest';
import type { Express } from 'express';
import { listMigrations, migrate, openDb, type Db } from '../server/db.js';
import { dateBounds } from '../server/data/bounds.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createService } from '../server/data/services.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { formFields, getPage, seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs, type SignedIn } from './helpers/officer.js';
import { addResponses, countResponses, times } from './helpers/responses.js';

// Input-handling attacks against the real app and a real migrated database: each test performs
// the attack as a client would and checks the answer and what was (not) stored.

const allAnswers = (value = '3'): Record<string, string> => Object.fromEntries(ELEMENT_CODES.map((c) => [c, value]));
const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

/** The CSP of a response as directive name -> values (every directive must appear once). */
function csp(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(out.has(name), `directive ${name} appears twice`).toBe(false);
    out.set(name, values);
  }
  return out;
}

describe('dashboard periods outside the data years (6)', () => {
  let db: Db;
  let app: Express;
  let admin: SignedIn;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    db = testDb();
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    await addResponses(store, org.serviceId, times(6, { date: `${year - 1}-03-10`, answers: 3, gender: 'P' }));
    await addResponses(store, org.serviceId, times(6, { date: `${year}-01-15`, answers: 4, gender: 'L' }));
    app = testApp(db);
    admin = await signInAs(app, SqliteDatabase.of(db), { role: 'admin', unitId: org.rootId });
  });

  it('bounds dates by the years of the stored responses, with one year of slack each side', async () => {
    expect(await dateBounds(SqliteDatabase.of(db))).toEqual({ minYear: year - 2, maxYear: year + 1 });
    expect(await dateBounds(SqliteDatabase.of(db), new Date('2040-06-01T00:00:00Z'))).toEqual({ minYear: year - 2, maxYear: 2041 });
    expect(await dateBounds(SqliteDatabase.of(testDb()), new Date('2030-06-01T00:00:00Z'))).toEqual({ minYear: 2029, maxYear: 2031 });
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT MIN(local_date) FROM responses').all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING COVERING INDEX responses_date/);
  });

  const pages = ['/dashboard', '/dashboard/units/dukcapil', '/dashboard/services/ktp'];
  const bad: Array<[string, string, string]> = [
    // query, the field that keeps what was typed, its value
    ['period=0000', 'period', '0000'],
    ['period=0001', 'period', '0001'],
    ['period=0008', 'period', '0008'],
    ['period=0008-Q1', 'period', '0008-Q1'],
    ['period=0008-S2', 'period', '0008-S2'],
    ['period=0008-01', 'period', '0008-01'],
    ['period=0100-Q4', 'period', '0100-Q4'],
    ['period=1999', 'period', '1999'],
    [`period=${year - 3}`, 'period', String(year - 3)],
    [`period=${year + 2}-Q1`, 'period', `${year + 2}-Q1`],
    ['period=9999', 'period', '9999'],
    ['period=9999-Q4', 'period', '9999-Q4'],
    ['from=0001-01-01&to=9999-12-31', 'from', '0001-01-01'],
    ['period=range&from=0001-01-01&to=9999-12-31', 'from', '0001-01-01'],
    [`from=0000-01-01&to=${year}-01-31`, 'from', '0000-01-01'],
    ['from=0000-01-01&to=0000-12-31', 'from', '0000-01-01'],
    [`from=${year}-01-01&to=9999-12-31`, 'to', '9999-12-31'],
    [`period=range&from=1900-01-01&to=${year}-12-31`, 'from', '1900-01-01'],
  ];

  it.each(bad)('answers %s with a 400 page that says why and keeps the filters, never a 500', async (query, field, value) => {
    for (const path of pages) {
      for (const [lang, text] of [
        ['en', /between \d{4} and \d{4}/],
        ['id', /antara \d{4} dan \d{4}/],
      ] as const) {
        const res = await admin.agent.get(`${path}?${query}&lang=${lang}`);
        expect(res.status, `${path}?${query}`).toBe(400);
        const $ = load(res.text);
        expect($('html').attr('lang')).toBe(lang);
        expect($('.error-summary').text(), `${path}?${query}`).toMatch(text);
        expect($('.error-summary').text()).toContain(String(year - 2));
        // the message comes before the form on a phone, and the title has no dangling separator
        // (the filters fold behind one line: the fold is open on an error, with the form in it)
        expect($('.error-summary').nextAll('details[open]').find('form.filters')).toHaveLength(1);
        expect($('h1').text().trim()).not.toMatch(/·$/);
        // the officer keeps their context: the filter form with what they typed, the scope's name
        expect($('form.filters').attr('action')).toBe(path);
        if (field === 'period') expect($('#f-period option[selected]').attr('value')).toBe(value);
        else expect($(`#f-${field}`).attr('value')).toBe(value);
        expect($('h1').text().length).toBeGreaterThan(3);
      }
    }
  });

  const good = [
    `period=${year}`,
    `period=${year - 2}`,
    `period=${year - 2}-Q1`,
    `period=${year + 1}-S2`,
    `period=${year - 1}-03`,
    `from=${year - 2}-01-01&to=${year + 1}-12-31`,
    `period=range&from=${year - 1}-03-01&to=${year}-02-28`,
    '',
  ];

  it.each(good)('still renders %s', async (query) => {
    for (const path of pages) {
      const res = await admin.agent.get(`${path}?${query}`);
      expect(res.status, `${path}?${query}`).toBe(200);
      expect(load(res.text)('.error-summary')).toHaveLength(0);
    }
  });
});

describe('embed origins and the CSP (8)', () => {
  let db: Db;
  let app: Express;
  let admin: SignedIn;

  beforeEach(async () => {
    db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
    admin = await signInAs(app, SqliteDatabase.of(db), { role: 'admin', unitId: org.rootId });
  });

  async function editForm(): Promise<Record<string, string>> {
    const $ = load((await admin.agent.get('/manage/services/ktp')).text);
    const out: Record<string, string> = {};
    $('main form[method=post]')
      .last()
      .find('input, select')
      .each((_, el) => {
        const name = $(el).attr('name');
        if (!name) return;
        if ($(el).attr('type') === 'checkbox') {
          if ($(el).is('[checked]')) out[name] = $(el).attr('value') ?? '1';
        } else if (el.tagName === 'select') out[name] = $(el).find('option[selected]').attr('value') ?? '';
        else out[name] = $(el).attr('value') ?? '';
      });
    return out;
  }

  async function save(origins: string, lang = 'en'): Promise<{ status: number; $: CheerioAPI }> {
    const fields = await editForm();
    const res = await admin.agent
      .post(`/manage/services/ktp?lang=${lang}`)
      .type('form')
      .send({ ...fields, embed_origins: origins });
    return { status: res.status, $: load(res.text) };
  }

  const stored = (): string => db.prepare("SELECT embed_origins FROM services WHERE code = 'ktp'").pluck().get() as string;

  it.each([
    'https://x.example;report-uri',
    "https://x.example$'",
    "https://a$'b.example",
    'https://x.example,https://evil.example',
    "https://x.example'unsafe-inline'",
    'https://x_y.example',
    'https://x.example.',
    'https://user:pw@x.example',
    'https://x.example/path',
    'https://x.example?q=1',
    'https://x.example#frag',
    'https://*.example',
    'http://x.example',
    'http://localhost.evil.example',
    'ftp://x.example',
    'javascript:alert(1)',
    "'self'",
    '*',
  ])('refuses %s in the management form, keeping what was typed, storing nothing', async (bad) => {
    const typed = `https://ok.uji.go.id ${bad} https://evil.example`;
    for (const [lang, text] of [
      ['en', /not a website address/],
      ['id', /bukan alamat situs/],
    ] as const) {
      const { status, $ } = await save(typed, lang);
      expect(status).toBe(422);
      expect($('#e-embed_origins').text()).toMatch(text);
      expect($('#e-embed_origins').text()).toContain(bad);
      expect($('#f-embed_origins').attr('value')).toBe(typed);
      expect(stored()).toBe('https://portal.uji.go.id');
    }
  });

  it('refuses an origin that smuggles a directive through a semicolon, as reported', async () => {
    const { status } = await save('https://x.example;report-uri https://evil.example');
    expect(status).toBe(422);
    expect(stored()).toBe('https://portal.uji.go.id');
    const res = await request(app).get('/s/ktp?embed=1');
    expect(csp(res.headers['content-security-policy']).has('report-uri')).toBe(false);
  });

  it('stores canonical origins only: https, or http on localhost and 127.0.0.1, lower-cased without a trailing slash', async () => {
    const { status } = await save(
      'HTTPS://Portal.Uji.go.id/ https://kios.uji.go.id:8443 http://localhost:8080 http://127.0.0.1:3000/ https://xn--bcher-kva.example',
    );
    expect(status).toBe(303);
    expect(stored()).toBe('https://portal.uji.go.id https://kios.uji.go.id:8443 http://localhost:8080 http://127.0.0.1:3000 https://xn--bcher-kva.example');
    const res = await request(app).get('/s/ktp?embed=1');
    expect(csp(res.headers['content-security-policy']).get('frame-ancestors')).toEqual(stored().split(' '));
  });

  it('never writes a bad stored origin into the header, and builds the header whole', async () => {
    // written straight to the database (the forms never store such a value) before the app first reads
    // the service: the app keeps what it read until a change made through it clears its caches
    db.prepare("UPDATE services SET embed_origins = ? WHERE code = 'ktp'").run(
      "https://x.example;report-uri https://evil.example https://a$'.example $' $& $` https://ok.uji.go.id 'unsafe-inline' * http://plain.example",
    );
    const plain = csp((await request(app).get('/s/ktp')).headers['content-security-policy']);
    for (const url of ['/s/ktp?embed=1', '/s/ktp?embed=1&lang=en']) {
      for (let i = 0; i < 2; i++) {
        // rendered, then from the page cache
        const res = await request(app).get(url);
        expect(res.status).toBe(200);
        const got = csp(res.headers['content-security-policy']);
        expect(got.get('frame-ancestors')).toEqual(['https://evil.example', 'https://ok.uji.go.id']);
        expect([...got.keys()]).toEqual([...plain.keys()]);
        for (const [name, values] of plain) if (name !== 'frame-ancestors') expect(got.get(name), name).toEqual(values);
        expect(res.headers['x-frame-options']).toBeUndefined();
      }
    }
    const posted = await request(app).post('/s/ktp?embed=1').type('form').send({ PROSEDUR: '4' });
    expect(posted.status).toBe(303);
    const thanks = await request(app).get(posted.headers.location as string);
    expect(csp(thanks.headers['content-security-policy']).get('frame-ancestors')).toEqual(['https://evil.example', 'https://ok.uji.go.id']);

    // nothing valid left: framing stays forbidden
    db.prepare("UPDATE services SET embed_origins = ? WHERE code = 'ktp'").run("https://x.example;report-uri $' *");
    const none = await request(app).get('/s/ktp?embed=1&lang=id&x=1');
    expect(csp(none.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
    expect(none.headers['x-frame-options']).toBe('DENY');
  });
});

describe('repeated survey fields (9)', () => {
  let db: Db;
  let app: Express;
  beforeEach(async () => {
    db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });

  it('drops a post with a repeated honeypot as the honeypot does, storing nothing', async () => {
    const hidden = await formFields(app, '/s/ktp');
    for (const body of [
      `${form({ ...hidden, ...allAnswers('4') })}&website=a&website=b`,
      `${form(allAnswers('4'))}&website=&website=x`,
      `${form(allAnswers('4'))}&website=&website=`,
    ]) {
      const res = await request(app).post('/s/ktp?lang=en').type('form').send(body);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/s/ktp/thanks?lang=en');
    }
    expect(countResponses(db)).toBe(0);
  });

  it.each([
    ['an element', 'WAKTU=3&WAKTU=4', 'WAKTU'],
    ['an element with the same value', 'WAKTU=4&WAKTU=4', 'WAKTU'],
    ['a profile question', 'gender=L&gender=P', 'gender'],
    ['the age', 'age=30&age=70', 'age'],
    ['the comment', 'comment=a&comment=b', 'comment'],
    ['the key', 'idem=aaaaaaaaaaaaaaaaaaaa&idem=bbbbbbbbbbbbbbbbbbbb', 'idem'],
    ['an unknown field', 'extra=1&extra=2', 'extra'],
  ])('refuses %s given twice with a localized 422, nothing stored', async (_what, repeated, field) => {
    const answers = allAnswers('3');
    delete answers[field];
    for (const [lang, text] of [
      ['en', /more than once/],
      ['id', /lebih dari sekali/],
    ] as const) {
      const hidden = await formFields(app, `/s/ktp?lang=${lang}`);
      delete hidden[field];
      const res = await request(app)
        .post(`/s/ktp?lang=${lang}`)
        .type('form')
        .send(`${form({ ...hidden, ...answers, education: 's1' })}&${repeated}`);
      expect(res.status).toBe(422);
      const $ = load(res.text);
      expect($('html').attr('lang')).toBe(lang);
      expect($('.error-summary').text()).toMatch(text);
      // the other answers are kept
      expect($('input[name=PERSYARATAN][value="3"]').attr('checked')).toBeDefined();
      expect($('input[name=education][value=s1]').attr('checked')).toBeDefined();
      expect($('input[name=idem]').attr('value')).toBe(field === 'idem' ? 'aaaaaaaaaaaaaaaaaaaa' : hidden.idem);
      // the error sits on the field when the form shows it
      if (!['idem', 'extra'].includes(field)) expect($(`#e-${field}`).text()).toMatch(text);
    }
    expect(countResponses(db)).toBe(0);
  });
});

describe('channel from the survey URL (10)', () => {
  let db: Db;
  let app: Express;
  beforeEach(async () => {
    db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });
  const channels = (): string[] => db.prepare('SELECT channel FROM responses ORDER BY id').pluck().all() as string[];

  it('records kiosk, assisted or junk from a plain survey URL as link', async () => {
    for (const ch of ['assisted', 'kiosk', 'junk', 'ASSISTED', '']) {
      const res = await request(app).post(`/s/ktp?ch=${ch}`).type('form').send({ PROSEDUR: '4' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/s/ktp/thanks?lang=id');
    }
    await request(app).post('/s/ktp?ch=assisted&ch=kiosk').type('form').send({ PROSEDUR: '4' });
    expect(channels()).toEqual(['link', 'link', 'link', 'link', 'link', 'link']);
  });

  it('keeps the channels a plain URL may carry: link, qr and embed', async () => {
    for (const url of ['/s/ktp?ch=link', '/s/ktp?ch=qr', '/s/ktp?ch=embed', '/s/ktp?embed=1', '/s/ktp?embed=1&ch=qr', '/s/ktp?embed=1&ch=assisted']) {
      expect((await request(app).post(url).type('form').send({ PROSEDUR: '4' })).status).toBe(303);
    }
    expect(channels()).toEqual(['link', 'qr', 'embed', 'embed', 'qr', 'embed']);
  });

  it('never carries kiosk or assisted into the form the page serves', async () => {
    for (const ch of ['assisted', 'kiosk']) {
      for (const url of [`/s/ktp?ch=${ch}`, `/s/ktp?ch=${ch}&lang=en`]) {
        const { status, $, res } = await getPage(app, url);
        expect(status).toBe(200);
        expect($('form').attr('action')).not.toContain(ch);
        expect(res.text).not.toContain(`ch=${ch}`);
        const hidden = await formFields(app, url);
        expect(Object.values(hidden).join(' ')).not.toContain(ch);
        const posted = await request(app)
          .post($('form').attr('action') as string)
          .type('form')
          .send({ ...hidden, PROSEDUR: '3' });
        expect(posted.status).toBe(303);
        expect(posted.headers.location).not.toContain(ch);
      }
    }
    expect(channels().every((c) => c === 'link')).toBe(true);
  });
});

describe('idempotency key per service (11)', () => {
  it('stores a post that reuses a key seen on another service, and a retry to the same service once', async () => {
    const db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    const otherId = await createService(SqliteDatabase.of(db), { unitId: org.unitId, code: 'kk', nameId: 'Kartu Keluarga', nameEn: 'Family card' });
    const app = testApp(db);
    const hidden = await formFields(app, '/s/ktp');
    const first = await request(app)
      .post('/s/ktp')
      .type('form')
      .send({ ...hidden, ...allAnswers('3') });
    const other = await request(app)
      .post('/s/kk')
      .type('form')
      .send({ ...hidden, ...allAnswers('2') });
    const retry = await request(app)
      .post('/s/kk')
      .type('form')
      .send({ ...hidden, ...allAnswers('2') });
    const again = await request(app)
      .post('/s/ktp')
      .type('form')
      .send({ ...hidden, ...allAnswers('3') });
    expect([first.status, other.status, retry.status, again.status]).toEqual([303, 303, 303, 303]);
    expect(countResponses(db, org.serviceId)).toBe(1);
    expect(countResponses(db, otherId)).toBe(1);
    expect(db.prepare('SELECT e_waktu FROM responses WHERE service_id = ?').pluck().get(otherId)).toBe(2);
  });

  it('moves the keys of existing responses to the per-service key when migrating', async () => {
    const db = openDb(':memory:');
    migrate(
      db,
      listMigrations().filter((m) => m.version < 8),
    );
    const org = await seedSmall(SqliteDatabase.of(db));
    db.prepare(
      "INSERT INTO responses (service_id, submitted_at, local_date, channel, lang, e_waktu, idempotency_key) VALUES (?, '2026-01-01T00:00:00Z', '2026-01-01', 'link', 'id', 3, 'legacy-key-0123456789')",
    ).run(org.serviceId);
    migrate(db);
    const row = db.prepare('SELECT idempotency_key, idem_key FROM responses').get();
    expect(row).toEqual({ idempotency_key: null, idem_key: 'legacy-key-0123456789' });
  });
});

describe('a write lock held by another process (12)', () => {
  let dir: string;
  let db: Db;
  let other: Database.Database;
  let app: Express;
  let org: SmallOrg;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mutu-busy-'));
    const file = join(dir, 'mutu.db');
    db = openDb(file);
    migrate(db);
    org = await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
    other = new Database(file);
  });
  afterEach(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a survey post with 503, Retry-After and the form with every answer, quickly, and stores it once later', async () => {
    const hidden = await formFields(app, '/s/ktp?lang=en&ch=qr');
    const fields = {
      ...hidden,
      ...allAnswers('4'),
      WAKTU: '2',
      gender: 'P',
      age: '67',
      education: 'sma',
      occupation: 'wirausaha',
      disability: 'yes',
      comment: 'Antrean panjang',
    };
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const res = await request(app).post('/s/ktp?lang=en&ch=qr').type('form').send(fields);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const $ = load(res.text);
    expect($('html').attr('lang')).toBe('en');
    expect($('.error-summary').text()).toMatch(/could not be saved/);
    expect($('form').attr('action')).toBe('/s/ktp?lang=en&ch=qr');
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'comment') expect($('textarea[name=comment]').text()).toBe(value);
      else if (name === 'age') expect($('input[name=age]').attr('value')).toBe(value);
      else if (name === 'idem') expect($('input[name=idem]').attr('value')).toBe(value);
      else expect($(`input[name=${name}][value="${value}"]`).attr('checked'), name).toBeDefined();
    }
    // reads are not blocked by the writer (WAL): the survey page still opens
    expect((await request(app).get('/s/ktp?lang=id')).status).toBe(200);
    other.exec('ROLLBACK');
    expect(countResponses(db)).toBe(0);

    // the citizen sends the kept form again: stored once, even if sent twice
    const again = await request(app).post('/s/ktp?lang=en&ch=qr').type('form').send(fields);
    const twice = await request(app).post('/s/ktp?lang=en&ch=qr').type('form').send(fields);
    expect([again.status, twice.status]).toEqual([303, 303]);
    expect(countResponses(db, org.serviceId)).toBe(1);
  });

  it('answers 503 in Indonesian by default', async () => {
    other.exec('BEGIN IMMEDIATE');
    const res = await request(app).post('/s/ktp').type('form').send({ PROSEDUR: '4' });
    expect(res.status).toBe(503);
    expect(load(res.text)('.error-summary').text()).toMatch(/tidak dapat disimpan/);
    expect(load(res.text)('input[name=PROSEDUR][value="4"]').attr('checked')).toBeDefined();
  });

  it('answers a management post with 503 and Retry-After, not 500, and changes nothing', async () => {
    const admin = await signInAs(app, SqliteDatabase.of(db), { role: 'admin', unitId: org.rootId });
    const token = await admin.csrf('/manage/services/ktp');
    other.exec('BEGIN IMMEDIATE');
    const res = await admin.agent.post('/manage/services/ktp?lang=en').type('form').send({
      _csrf: token,
      code: 'ktp',
      name_id: 'Nama Baru',
      name_en: 'New name',
      unit: 'dukcapil',
      active: '1',
      embed_origins: '',
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(load(res.text)('main').text()).toMatch(/busy/);
    other.exec('ROLLBACK');
    expect(db.prepare("SELECT name_id FROM services WHERE code = 'ktp'").pluck().get()).toBe('Perekaman KTP-el');
  });
});
