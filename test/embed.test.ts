import { load } from 'cheerio';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { SqliteDatabase } from '../server/data/engine/index.js';
import type { Db } from '../server/db.js';
import { formFields, seedSmall, testApp, testDb } from './helpers/app.js';

// The widget script and the embed view it opens (contract "Reach"; browser side: widget.browser.test.ts).

const PORTAL = 'https://portal.uji.go.id';

describe('GET /embed.js', () => {
  let app: Express;
  beforeEach(async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });

  it('is a few KB of script with the texts of every language, loadable from other origins (and only it)', async () => {
    const res = await request(app).get('/embed.js').set('Accept-Encoding', 'identity');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.text.length).toBeLessThan(12_000);
    expect(res.text).toContain('"Nilai layanan ini"');
    expect(res.text).toContain('"Rate this service"');
    expect(res.text).not.toContain('/*texts*/');
    // nothing from elsewhere: no URL but the survey's, built from the script's own origin
    expect(res.text).not.toMatch(/https?:\/\//);
    const gz = await request(app).get('/embed.js').set('Accept-Encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect((await request(app).get('/embed.js').set('If-None-Match', String(res.headers.etag))).status).toBe(304);
    for (const path of ['/s/ktp', '/s/ktp?embed=1', '/static/css/public.css', '/kiosk/sw.js']) {
      expect((await request(app).get(path)).headers['cross-origin-resource-policy'], path).toBe('same-origin');
    }
  });
});

describe('the embed view', () => {
  let db: Db;
  let app: Express;
  beforeEach(async () => {
    db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });
  const frameAncestors = (res: request.Response) => /frame-ancestors ([^;]*)/.exec(String(res.headers['content-security-policy']))?.[1];

  it("may be framed by the service's allowed origins only, and carries its script with them (the plain survey neither)", async () => {
    const res = await request(app).get('/s/ktp?embed=1&lang=id');
    expect(frameAncestors(res)).toBe(PORTAL);
    expect(res.headers['x-frame-options']).toBeUndefined();
    const script = load(res.text)('script[src*="js/embed-view.js"]');
    expect(script.attr('data-origins')).toBe(PORTAL);
    expect(script.attr('data-service')).toBe('ktp');
    expect(script.attr('data-submitted')).toBeUndefined();
    expect(load(res.text)('script:not([src])').length).toBe(0);
    const again = await request(app).get('/s/ktp?embed=1&lang=id'); // from the page cache
    expect(frameAncestors(again)).toBe(PORTAL);
    const plain = await request(app).get('/s/ktp?lang=id');
    expect(frameAncestors(plain)).toBe("'none'");
    expect(plain.headers['x-frame-options']).toBe('DENY');
    expect(load(plain.text)('script').length).toBe(0);
  });

  it('keeps framing, its script and the allowed origin through an error re-render and the thank-you page', async () => {
    const url = `/s/ktp?lang=id&embed=1&origin=${encodeURIComponent(PORTAL)}`;
    const fields = await formFields(app, url);
    const bad = await request(app)
      .post(url)
      .type('form')
      .send({ ...fields, age: 'abc' });
    expect(bad.status).toBe(422);
    expect(frameAncestors(bad)).toBe(PORTAL);
    expect(load(bad.text)('script[src*="js/embed-view.js"]').attr('data-origins')).toBe(PORTAL);
    const ok = await request(app)
      .post(url)
      .type('form')
      .send({ ...fields, PERSYARATAN: '3' });
    expect(ok.status).toBe(303);
    const thanksUrl = String(ok.headers.location);
    expect(new URL(thanksUrl, 'http://x').searchParams.get('origin')).toBe(PORTAL);
    const thanks = await request(app).get(thanksUrl);
    expect(frameAncestors(thanks)).toBe(PORTAL);
    expect(load(thanks.text)('script[src*="js/embed-view.js"]').attr('data-submitted')).toBe('');
    // an origin the service does not allow is not carried to the thank-you page
    const stranger = `/s/ktp?lang=id&embed=1&origin=${encodeURIComponent('https://evil.example')}`;
    const other = await request(app)
      .post(stranger)
      .type('form')
      .send({ ...(await formFields(app, stranger)), PERSYARATAN: '2' });
    expect(other.status).toBe(303);
    expect(String(other.headers.location)).not.toContain('origin=');
  });

  it('lets no one frame a service without allowed origins, and posts to no one', async () => {
    db.prepare("UPDATE services SET embed_origins = '' WHERE code = 'ktp'").run();
    const res = await request(app).get('/s/ktp?embed=1&lang=en');
    expect(frameAncestors(res)).toBe("'none'");
    expect(load(res.text)('script[src*="js/embed-view.js"]').attr('data-origins')).toBe('');
  });
});
