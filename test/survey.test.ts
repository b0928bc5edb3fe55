import { describe, expect, it, beforeEach } from 'vitest';
import request from 'supertest';
import { load } from 'cheerio';
import type { Express } from 'express';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import type { Db } from '../server/db.js';
import { localDate } from '../server/indicators/timezone.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { formFields, getPage, seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { countResponses } from './helpers/responses.js';

const PROFILE = ['gender', 'age', 'education', 'occupation', 'disability'];

function allAnswers(value = '3'): Record<string, string> {
  return Object.fromEntries(ELEMENT_CODES.map((c) => [c, value]));
}

describe('citizen survey form', () => {
  let db: Db;
  let app: Express;
  beforeEach(async () => {
    db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });

  it.each([
    ['id', 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?', 'Sangat cepat', 'Tidak ingin menjawab', 'Perekaman KTP-el'],
    ['en', 'How fast was the service delivered?', 'Very fast', 'Prefer not to answer', 'Electronic ID card'],
  ])('renders all nine elements with their four options and the profile questions (%s)', async (lang, waktuQuestion, waktu4, preferNot, serviceName) => {
    const { status, $ } = await getPage(app, `/s/ktp?lang=${lang}`);
    expect(status).toBe(200);
    expect($('html').attr('lang')).toBe(lang);
    expect($('h1').text()).toContain(serviceName);
    expect($('.agency').text()).toContain(lang === 'id' ? 'Kabupaten Uji' : 'Uji Regency');
    expect($('form[method=post]')).toHaveLength(1);
    const fieldsets = $('fieldset[data-element]');
    expect(
      fieldsets
        .map((_, el) => $(el).attr('data-element'))
        .get()
        .sort(),
    ).toEqual([...ELEMENT_CODES].sort());
    fieldsets.each((_, el) => {
      const radios = $(el).find('input[type=radio]');
      expect(radios.map((__, r) => $(r).attr('value')).get()).toEqual(['1', '2', '3', '4']);
      expect($(el).find('legend').text().trim().length).toBeGreaterThan(10);
      // every input has a label tied to it
      radios.each((__, r) => expect($(`label[for="${$(r).attr('id')}"]`)).toHaveLength(1));
    });
    const waktu = $('fieldset[data-element=WAKTU]');
    expect(waktu.find('legend').text()).toContain(waktuQuestion);
    expect(waktu.find('label').last().text().trim()).toBe(waktu4);
    for (const dim of PROFILE) {
      const q = $(`[data-profile=${dim}]`);
      expect(q, dim).toHaveLength(1);
      expect(q.text(), dim).toContain(preferNot);
    }
    expect($('textarea[name=comment]').attr('maxlength')).toBe('1000');
    // numbers with thousands separators (wording.md)
    expect($('#h-comment').text()).toContain(lang === 'id' ? '1.000 karakter' : '1,000 characters');
    expect($('.privacy').text().length).toBeGreaterThan(50);
    expect($('script')).toHaveLength(0);
    expect($('link[rel=stylesheet]').attr('href')).toMatch(/^\/static\//);
  });

  it('chooses the language from Accept-Language and defaults to Indonesian', async () => {
    expect((await getPage(app, '/s/ktp', { 'Accept-Language': 'en-US,en;q=0.9' })).$('html').attr('lang')).toBe('en');
    expect((await getPage(app, '/s/ktp', { 'Accept-Language': 'fr' })).$('html').attr('lang')).toBe('id');
    expect((await getPage(app, '/s/ktp')).$('html').attr('lang')).toBe('id');
  });

  it('offers a language switch that keeps the channel', async () => {
    const { $ } = await getPage(app, '/s/ktp?lang=id&ch=qr');
    expect($('.langs a[hreflang=en]').attr('href')).toBe('/s/ktp?lang=en&ch=qr');
    expect($('form').attr('action')).toBe('/s/ktp?lang=id&ch=qr');
  });

  it('answers 404 in the request language for an unknown service', async () => {
    for (const [url, lang, text] of [
      ['/s/tidak-ada', 'id', 'tidak ditemukan'],
      ['/s/tidak-ada?lang=en', 'en', 'no open survey'],
      ['/s/BAD_CODE', 'id', 'tidak ditemukan'],
    ] as const) {
      const { status, $ } = await getPage(app, url);
      expect(status, url).toBe(404);
      expect($('html').attr('lang'), url).toBe(lang);
      expect($('main').text(), url).toContain(text);
      expect($('main a[href^="/"]').length, url).toBeGreaterThan(0);
    }
    // the code in typographic quotation marks (wording.md)
    expect((await getPage(app, '/s/tidak-ada')).$('main').text()).toContain('“tidak-ada”');
  });

  it('names an inactive service and says its survey is closed (404, both languages)', async () => {
    for (const [url, lang, name, text] of [
      ['/s/lama', 'id', 'Layanan Lama', 'Survei layanan ini sedang ditutup'],
      ['/s/lama?lang=en', 'en', 'Old Service', 'The survey for this service is closed'],
    ] as const) {
      const { status, $ } = await getPage(app, url);
      expect(status, url).toBe(404);
      expect($('html').attr('lang'), url).toBe(lang);
      expect($('h1').text(), url).toBe(name);
      expect($('main').text(), url).toContain(text);
      expect($('main').text(), url).not.toContain('"lama"');
      expect($('main a[href^="/?lang="]').length, url).toBe(1);
      expect($('form'), url).toHaveLength(0);
    }
  });

  it('states an honest time, counted from the questions it asks (about two minutes for nine elements and six profile questions)', async () => {
    const id = await getPage(app, '/s/ktp?lang=id');
    const asked = id.$('fieldset[data-element], fieldset[data-profile]').length;
    expect(asked).toBe(14);
    expect(id.$('main').text()).toContain(`Ada ${asked} pertanyaan singkat; mengisinya butuh sekitar 2 menit.`);
    expect((await getPage(app, '/s/ktp?lang=en')).$('main').text()).toContain(`There are ${asked} short questions; answering takes about 2 minutes.`);
    const home = await getPage(app, '/?lang=id');
    expect(home.$('main').text()).toContain('sekitar 2 menit');
    expect(home.$('main').text()).not.toContain('satu menit');
    expect((await getPage(app, '/?lang=en')).$('main').text()).toContain('takes about 2 minutes');
  });

  it('carries the corrections of wording.md', async () => {
    const id = (await getPage(app, '/s/ktp?lang=id')).$;
    expect(id('.intro').text()).toContain('pertanyaan yang tidak berlaku bagi Anda boleh dilewati');
    expect(id('fieldset[data-element=PERILAKU] legend').text()).toContain('Bagaimana pendapat Saudara tentang perilaku petugas');
    expect(id('main').text()).toContain('“Tidak ingin menjawab”');
    expect(id('main').text()).not.toContain('"Tidak ingin menjawab"');
    const occupations = id('[data-profile=occupation] label')
      .map((_, l) => id(l).text().trim())
      .get();
    expect(occupations).toEqual(
      expect.arrayContaining(['ASN (PNS/PPPK)', 'Petani/Nelayan', 'Ibu rumah tangga', 'Tidak bekerja/Pensiunan', 'Tidak ingin menjawab']),
    );
    expect(occupations).not.toContain('PNS');
    const en = (await getPage(app, '/s/ktp?lang=en')).$;
    expect(en('fieldset[data-element=KOMPETENSI] label').eq(1).text().trim()).toBe('Not very competent');
    expect(en('fieldset[data-element=PERILAKU] label').eq(1).text().trim()).toBe('Not very polite or friendly');
    expect(en('main').text()).toContain('“Prefer not to answer”');
  });
});

describe('submitting the survey', () => {
  let db: Db;
  let app: Express;
  let org: SmallOrg;
  beforeEach(async () => {
    db = testDb();
    org = await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });

  async function post(url: string, fields: Record<string, string>) {
    return request(app).post(url).type('form').send(fields);
  }

  it('stores exactly one response with the right values and redirects to the thank-you page', async () => {
    const hidden = await formFields(app, '/s/ktp?lang=en&ch=qr');
    const before = new Date();
    const res = await post('/s/ktp?lang=en&ch=qr', {
      ...hidden,
      ...allAnswers('4'),
      BIAYA: '',
      WAKTU: '2',
      gender: 'P',
      age: '67',
      education: 'sma',
      occupation: 'wirausaha',
      disability: 'yes',
      comment: '  Antrean terlalu panjang\r\npada pagi hari.  ',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/s/ktp/thanks?lang=en&ch=qr');
    expect(countResponses(db)).toBe(1);
    const row = db.prepare('SELECT * FROM responses').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      service_id: org.serviceId,
      channel: 'qr',
      lang: 'en',
      gender: 'P',
      age: 67,
      age_band: '65plus',
      education: 'sma',
      occupation: 'wirausaha',
      disability: 'yes',
      e_persyaratan: 4,
      e_waktu: 2,
      e_biaya: null,
      e_sarana: 4,
      comment: 'Antrean terlalu panjang\npada pagi hari.',
      idem_key: hidden.idem,
    });
    expect(Date.parse(row.submitted_at as string)).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(row.local_date).toBe(localDate(new Date(row.submitted_at as string), 'Asia/Jakarta'));

    const thanks = await getPage(app, res.headers.location as string);
    expect(thanks.status).toBe(200);
    expect(thanks.$('h1').text()).toContain('Thank you');
    expect(thanks.$('main').text()).toContain('follow-up');
  });

  it('accepts the new occupations and still reads the old codes', async () => {
    for (const occupation of ['petani', 'rumahtangga', 'tidakbekerja', 'pns', 'lainnya']) {
      const res = await post('/s/ktp', { ...allAnswers('3'), occupation });
      expect(res.status, occupation).toBe(303);
    }
    expect(db.prepare('SELECT occupation FROM responses ORDER BY id').pluck().all()).toEqual(['petani', 'rumahtangga', 'tidakbekerja', 'pns', 'lainnya']);
  });

  it('promises on the thank-you page only what exists (no public results page yet)', async () => {
    for (const lang of ['id', 'en']) {
      const { status, $ } = await getPage(app, `/s/ktp/thanks?lang=${lang}`);
      expect(status).toBe(200);
      expect($('main').text()).not.toMatch(/diumumkan|published/);
      expect($('main a[href^="/results"]')).toHaveLength(0);
      expect($('main a').first().text()).toBe(lang === 'id' ? 'Isi survei lagi pada kunjungan berikutnya' : 'Answer the survey again on your next visit');
    }
  });

  it('records "prefer not to answer" and skipped profile questions differently', async () => {
    await post('/s/ktp', { ...allAnswers('3'), gender: 'na', age_na: 'na', age: '' });
    const row = db.prepare('SELECT gender, age, age_band, education FROM responses').get();
    expect(row).toEqual({ gender: 'na', age: null, age_band: 'na', education: null });
  });

  it('defaults the channel to link and ignores unknown channels', async () => {
    await post('/s/ktp?ch=billboard', { PERSYARATAN: '1' });
    expect((db.prepare('SELECT channel FROM responses').get() as { channel: string }).channel).toBe('link');
  });

  it('counts a retried post with the same idempotency key once', async () => {
    const hidden = await formFields(app, '/s/ktp');
    expect(hidden.idem).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const first = await post('/s/ktp', { ...hidden, ...allAnswers('3') });
    const retry = await post('/s/ktp', { ...hidden, ...allAnswers('3') });
    expect([first.status, retry.status]).toEqual([303, 303]);
    expect(countResponses(db)).toBe(1);
    const other = await formFields(app, '/s/ktp');
    expect(other.idem).not.toBe(hidden.idem);
  });

  it('silently drops a post whose honeypot is filled', async () => {
    const res = await post('/s/ktp', { ...allAnswers('4'), website: 'http://spam.example' });
    expect(res.status).toBe(303);
    expect(countResponses(db)).toBe(0);
  });

  const bad: Array<[string, Record<string, string>, string, string, string]> = [
    ['an element outside 1-4', { ...allAnswers('3'), SARANA: '5' }, 'SARANA', 'Pilih salah satu dari empat jawaban', 'Choose one of the four answers'],
    ['an element of 0', { ...allAnswers('3'), BIAYA: '0' }, 'BIAYA', 'Pilih salah satu dari empat jawaban', 'Choose one of the four answers'],
    ['no element answered', { gender: 'L' }, 'elements', 'Jawab setidaknya satu pertanyaan', 'Answer at least one question'],
    ['a gender not in the list', { ...allAnswers('3'), gender: 'X' }, 'gender', 'Pilih salah satu jawaban yang tersedia', 'Choose one of the answers given'],
    ['an occupation not in the list', { ...allAnswers('3'), occupation: 'astronaut' }, 'occupation', 'Pilih salah satu jawaban', 'Choose one of the answers'],
    ['an age that is not a number', { ...allAnswers('3'), age: 'tiga puluh' }, 'age', 'Tuliskan usia dalam tahun', 'Enter your age in years'],
    ['an age out of range', { ...allAnswers('3'), age: '150' }, 'age', 'Tuliskan usia dalam tahun', 'Enter your age in years'],
    ['a comment over the limit', { ...allAnswers('3'), comment: 'a'.repeat(1001) }, 'comment', 'Komentar terlalu panjang', 'The comment is too long'],
  ];

  it.each(bad)('rejects %s with 422, a localized message, every value kept, nothing stored', async (_name, fields, field, idText, enText) => {
    for (const [lang, text] of [
      ['id', idText],
      ['en', enText],
    ] as const) {
      const hidden = await formFields(app, `/s/ktp?lang=${lang}`);
      const posted = { ...hidden, education: 's1', comment: 'Petugas ramah', ...fields };
      const res = await post(`/s/ktp?lang=${lang}`, posted);
      expect(res.status).toBe(422);
      const $ = load(res.text);
      expect($('html').attr('lang')).toBe(lang);
      expect($('title').text()).toMatch(/^(Kesalahan|Error):/);
      const summary = $('.error-summary');
      expect(summary.attr('role')).toBe('alert');
      expect(summary.text()).toContain(text);
      // each summary link brings its whole question into view: it targets the question's fieldset
      // (legend first) or, for the comment, its block with the label; either takes focus (tabindex -1)
      summary.find('a').each((_, a) => {
        const id = ($(a).attr('href') as string).slice(1);
        const target = $(`[id="${id}"]`);
        expect(target, id).toHaveLength(1);
        expect(target.attr('tabindex'), id).toBe('-1');
        if (target.is('fieldset')) expect(target.children('legend').text().trim().length, id).toBeGreaterThan(1);
        else if (field === 'comment') expect(target.find('label[for=f-comment]'), id).toHaveLength(1);
        else expect(target.is('h2#h-elements'), id).toBe(true);
      });
      if (field === 'elements') {
        // "answer at least one question" stands above the questions, not inside the first one
        const error = $('#e-elements');
        expect(error.text()).toContain(text);
        expect(error.prev().is('#h-elements')).toBe(true);
        expect(error.next().is('fieldset[data-element]')).toBe(true);
        expect($('fieldset[data-element] .field-error')).toHaveLength(0);
        expect($('fieldset.invalid')).toHaveLength(0);
      }
      // the field carries its own message, announced through aria-describedby
      const fieldset =
        field === 'elements'
          ? $('fieldset[data-element]').first()
          : field === 'comment'
            ? $('#f-comment')
            : $(`[data-profile=${field}], fieldset[data-element=${field}]`).first();
      const described = (fieldset.attr('aria-describedby') ?? '').split(' ').filter((x) => x.startsWith('e-'));
      expect(described.length, field).toBe(1);
      expect($(`#${described[0]}`).text()).toContain(text);
      // every value the citizen entered is kept
      for (const [name, value] of Object.entries(posted)) {
        if (name === 'comment') expect($('textarea[name=comment]').text()).toBe(value);
        else if (name === 'age') expect($('input[name=age]').attr('value')).toBe(value);
        else if (name === 'idem') expect($('input[name=idem]').attr('value')).toBe(value);
        else if (value !== '' && /^[1-4]$|^[a-zA-Z0-9]+$/.test(value) && $(`input[name=${name}][value="${value}"]`).length)
          expect($(`input[name=${name}][value="${value}"]`).attr('checked'), name).toBeDefined();
      }
      expect(countResponses(db)).toBe(0);
    }
  });

  it('answers 429 with a localized page when one client posts too often', async () => {
    const limited = testApp(db, { surveyLimits: { limit: 2, windowMs: 60_000 } });
    for (let i = 0; i < 2; i++) expect((await request(limited).post('/s/ktp').type('form').send({ PROSEDUR: '3' })).status).toBe(303);
    const res = await request(limited).post('/s/ktp?lang=en').type('form').send({ PROSEDUR: '3' });
    expect(res.status).toBe(429);
    expect(load(res.text)('main').text()).toContain('Too many submissions');
    expect(countResponses(db)).toBe(2);
  });

  it('lets only the allowed origins frame the embed view', async () => {
    const embed = await request(app).get('/s/ktp?embed=1');
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors https://portal.uji.go.id');
    expect(embed.headers['x-frame-options']).toBeUndefined();
    expect(load(embed.text)('.agency')).toHaveLength(0);
    const plain = await request(app).get('/s/ktp');
    expect(plain.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(plain.headers['x-frame-options']).toBe('DENY');
  });
});

describe('embedded survey', () => {
  it('records the embed channel for the embed view unless ?ch= says otherwise', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const app = testApp(db);
    const { $ } = await getPage(app, '/s/ktp?embed=1&lang=en');
    expect($('form').attr('action')).toBe('/s/ktp?lang=en&embed=1');
    await request(app).post('/s/ktp?lang=en&embed=1').type('form').send({ PROSEDUR: '4' });
    await request(app).post('/s/ktp?embed=1&ch=qr').type('form').send({ PROSEDUR: '4' });
    expect(db.prepare('SELECT channel FROM responses ORDER BY id').pluck().all()).toEqual(['embed', 'qr']);
  });
});

describe('closed surveys', () => {
  it('closes the survey of every service under an inactive unit', async () => {
    const db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    const app = testApp(db);
    expect((await request(app).get('/s/ktp')).status).toBe(200);
    db.prepare('UPDATE units SET active = 0 WHERE id = ?').run(org.unitId);
    const fresh = testApp(db); // a new app: no cached page
    expect((await request(fresh).get('/s/ktp')).status).toBe(404);
    expect((await request(fresh).post('/s/ktp').type('form').send({ PROSEDUR: '3' })).status).toBe(404);
    expect(countResponses(db)).toBe(0);
  });
});
