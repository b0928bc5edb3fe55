import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { listMigrations, migrate, openDb } from '../server/db.js';
import { loadConfig } from '../server/config.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { getPage, rawGet, seedSmall, testApp, testDb } from './helpers/app.js';

describe('database', () => {
  it('applies every migration to an empty database, once', () => {
    const db = openDb(':memory:');
    const applied = migrate(db);
    expect(applied).toEqual(listMigrations().map((m) => m.name));
    expect(db.pragma('user_version', { simple: true })).toBe(listMigrations().at(-1)!.version);
    expect(migrate(db)).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const elements = db.prepare('SELECT code FROM elements ORDER BY position').pluck().all();
    expect(elements).toEqual(['PERSYARATAN', 'PROSEDUR', 'WAKTU', 'BIAYA', 'PRODUK', 'KOMPETENSI', 'PERILAKU', 'PENGADUAN', 'SARANA']);
    expect(db.prepare("SELECT count(*) FROM element_texts WHERE lang IN ('id', 'en')").pluck().get()).toBe(18);
  });

  it('rolls a failing migration back whole', () => {
    const db = openDb(':memory:');
    migrate(db);
    const version = db.pragma('user_version', { simple: true }) as number;
    const bad = { version: version + 1, name: 'bad', sql: 'CREATE TABLE half_done (x); INSERT INTO nowhere VALUES (1);' };
    expect(() => migrate(db, [bad])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
  });

  it('refuses answers outside 1-4 and responses with no answer at the database level too', async () => {
    const db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    const insert = (col: string, v: number | null) =>
      db
        .prepare(
          `INSERT INTO responses (service_id, submitted_at, local_date, channel, lang, ${col}) VALUES (?, '2026-01-01T00:00:00Z', '2026-01-01', 'link', 'id', ?)`,
        )
        .run(org.serviceId, v);
    expect(() => insert('e_waktu', 5)).toThrow(/CHECK/);
    expect(() => insert('e_waktu', 0)).toThrow(/CHECK/);
    expect(() => insert('e_waktu', null)).toThrow(/CHECK/);
    expect(() => insert('e_waktu', 4)).not.toThrow();
  });
});

describe('configuration', () => {
  it('has safe defaults and rejects bad values with one readable error', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databasePath: './data/mutu.db', demo: true, timeZone: 'Asia/Jakarta', trustProxy: false, logLevel: 'info' });
    expect(loadConfig({ MUTU_DEMO: '0', TRUST_PROXY: '1', TZ_DEFAULT: 'Asia/Jayapura' })).toMatchObject({
      demo: false,
      trustProxy: 1,
      timeZone: 'Asia/Jayapura',
    });
    expect(() => loadConfig({ PORT: 'eighty', TZ_DEFAULT: 'Mars/Olympus' })).toThrow(/PORT[\s\S]*TZ_DEFAULT/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(Object.isFrozen(c)).toBe(true);
  });
});

describe('site', () => {
  it('answers /healthz with {"status":"ok"}', async () => {
    const res = await request(testApp(testDb())).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers /healthz with 503 while the database is behind the latest migration', async () => {
    const db = testDb();
    const app = testApp(db);
    db.pragma(`user_version = ${(listMigrations().at(-1)?.version ?? 1) - 1}`);
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'migrating' });
  });

  it('lists the active services by unit on the home page', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const { status, $ } = await getPage(testApp(db), '/?lang=en');
    expect(status).toBe(200);
    expect($('.unit-group h2').text()).toContain('Population Registry');
    const links = $('.services a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(links).toEqual(['/s/ktp?lang=en']);
    expect($('.services').text()).toContain('Electronic ID card');
    expect($('.services').text()).not.toContain('Old Service');
  });

  it('shows a 404 page in the request language', async () => {
    const app = testApp(testDb());
    const id = await getPage(app, '/tidak/ada');
    expect(id.status).toBe(404);
    expect(id.$('h1').text()).toBe('Halaman tidak ditemukan');
    const en = await getPage(app, '/nowhere', { 'Accept-Language': 'en' });
    expect(en.$('h1').text()).toBe('Page not found');
    expect(en.$('html').attr('lang')).toBe('en');
  });

  it('serves static files compressed ahead of time, cacheable, with security headers', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const app = testApp(db);
    const { $ } = await getPage(app, '/s/ktp');
    const href = $('link[rel=stylesheet]').attr('href') as string;
    const css = await request(app).get(href).set('Accept-Encoding', 'gzip');
    expect(css.status).toBe(200);
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['cache-control']).toContain('immutable');
    const again = await request(app)
      .get(href)
      .set('If-None-Match', css.headers.etag as string);
    expect(again.status).toBe(304);
    const page = await request(app).get('/s/ktp');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-powered-by']).toBeUndefined();
  });
});

describe('page weight', () => {
  it('keeps the survey page and its stylesheet under 14 KB compressed (one round trip)', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const app = testApp(db);
    for (const lang of ['id', 'en']) {
      const page = await request(app).get(`/s/ktp?lang=${lang}`);
      const { load } = await import('cheerio');
      const $ = load(page.text);
      // everything the page loads is same-origin and is only the one stylesheet
      const external = $('[src], link[href]')
        .map((_, el) => $(el).attr('src') ?? $(el).attr('href'))
        .get()
        .filter((u) => !u.startsWith('data:'));
      expect(external).toHaveLength(1);
      expect(external[0]).toMatch(/^\/static\/css\/public\.css/);
      const css = await rawGet(app, external[0] as string, { 'Accept-Encoding': 'gzip' });
      expect(css.headers['content-encoding']).toBe('gzip');
      const wire = await rawGet(app, `/s/ktp?lang=${lang}`, { 'Accept-Encoding': 'gzip' });
      expect(wire.headers['content-encoding']).toBe('gzip');
      const pageGz = wire.body.length;
      const cssGz = css.body.length;
      const total = pageGz + cssGz;
      console.log(`survey page (${lang}): ${page.text.length} B raw, ${pageGz} B gzip; stylesheet ${cssGz} B on the wire; total ${total} B`);
      expect(total).toBeLessThan(14 * 1024);
    }
  });
});

describe('cached survey pages', () => {
  it('splice a fresh key into a precompressed page that decompresses to the same HTML', async () => {
    const { buildPage, pageBody, PLACEHOLDER } = await import('../server/survey/page-cache.js');
    const { gunzipSync } = await import('node:zlib');
    const html = `<p>${'halo dunia '.repeat(300)}</p><input name="idem" value="${PLACEHOLDER}"><p>${'é ü '.repeat(200)}</p>`;
    const page = buildPage(html, 1000);
    const key = 'abcDEF0123456789_-xyzQ';
    const gz = pageBody(page, key, true);
    expect(gunzipSync(gz).toString()).toBe(html.replace(PLACEHOLDER, key));
    expect(pageBody(page, key, false).toString()).toBe(html.replace(PLACEHOLDER, key));
    expect(gz.length).toBeLessThan(Buffer.byteLength(html) / 5);
  });

  it('give every visit its own idempotency key', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const app = testApp(db);
    const keys = new Set<string>();
    for (let i = 0; i < 5; i++) keys.add((await getPage(app, '/s/ktp')).$('input[name=idem]').attr('value') as string);
    expect(keys.size).toBe(5);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f-]{36}$/);
  });
});
