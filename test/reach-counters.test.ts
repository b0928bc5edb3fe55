import { load } from 'cheerio';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createCounterLink, revokeCounter } from '../server/data/counters.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import type { Db } from '../server/db.js';
import { getPage, seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs } from './helpers/officer.js';
import { decodePng } from './helpers/qr-decode.js';
import { reachContract } from './helpers/reach-contract.js';

// Counter links (/k/:token), QR codes of the plain link, and the officers' preview (contract "Reach", "Preview").

const ANSWERS = { PERSYARATAN: '4', PROSEDUR: '3', WAKTU: '3', BIAYA: '4' };

/** The form's own fields (hidden ones included) from a page, plus answers. */
function fieldsOf($: ReturnType<typeof import('cheerio').load>, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  $('form[method=post] input[type=hidden]').each((_, el) => {
    out[$(el).attr('name') as string] = $(el).attr('value') ?? '';
  });
  return { ...out, ...ANSWERS, ...extra };
}

// The same contract runs on PostgreSQL in test/pg/reach.pg.test.ts.
reachContract('SQLite', () => Promise.resolve(SqliteDatabase.of(testDb())));

const decodeQrPng = (png: Buffer): string | null => decodePng(png)?.data ?? null;

describe('counter links', () => {
  let db: Db;
  let store: SqliteDatabase;
  let org: SmallOrg;
  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
  });

  it('makes unguessable tokens: at least 128 random bits, base64url, each different', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i++) tokens.add((await createCounterLink(store, { serviceId: org.serviceId, place: `Loket ${i}` })).token);
    expect(tokens.size).toBe(20);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(t, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });

  it('serves the same survey at /k/:token, posting back to the token, and stores channel qr with the counter', async () => {
    const app = testApp(db);
    const { id, token } = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 2' });
    const { status, $ } = await getPage(app, `/k/${token}`);
    expect(status).toBe(200);
    expect($('fieldset[data-element]')).toHaveLength(9);
    expect($('[data-profile="gender"]')).toHaveLength(1);
    expect($('form[method=post]').attr('action')).toBe(`/k/${token}?lang=id`);
    // the form carries no counter: it comes from the token the post is sent to
    expect($('form input[name*=counter]')).toHaveLength(0);
    expect($('.langs a[hreflang=en]').attr('href')).toBe(`/k/${token}?lang=en`);

    const post = await request(app).post(`/k/${token}?lang=id`).type('form').send(fieldsOf($));
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe(`/k/${token}/thanks?lang=id`);
    expect(await store.all('SELECT channel, counter_id FROM responses')).toEqual([{ channel: 'qr', counter_id: id }]);
    const thanks = await getPage(app, post.headers.location as string);
    expect(thanks.status).toBe(200);
    expect(thanks.$(`a[href="/k/${token}?lang=id"]`)).toHaveLength(1);
  });

  it('cannot be forged: a counter or channel in the query or body is ignored, a tampered token is unknown', async () => {
    const app = testApp(db);
    const real = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 1' });
    const other = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 9' });
    const { $ } = await getPage(app, `/s/ktp`);
    // a plain survey post cannot name a counter
    await request(app)
      .post(`/s/ktp?counter_id=${other.id}&ch=kiosk`)
      .type('form')
      .send(fieldsOf($, { counter_id: String(other.id), counterId: String(other.id) }));
    const k = await getPage(app, `/k/${real.token}?ch=kiosk`);
    await request(app)
      .post(`/k/${real.token}?ch=link&counter_id=${other.id}`)
      .type('form')
      .send(fieldsOf(k.$, { counter_id: String(other.id), ch: 'kiosk' }));
    expect(await store.all('SELECT channel, counter_id FROM responses ORDER BY id')).toEqual([
      { channel: 'link', counter_id: null },
      { channel: 'qr', counter_id: real.id },
    ]);
    const last = real.token.at(-1) === 'A' ? 'B' : 'A';
    const tampered = real.token.slice(0, -1) + last;
    expect((await request(app).get(`/k/${tampered}`)).status).toBe(404);
    expect((await request(app).post(`/k/${tampered}`).type('form').send(fieldsOf(k.$))).status).toBe(404);
    expect((await request(app).get('/k/123')).status).toBe(404);
    expect((await request(app).get(`/k/${real.token}/other`)).status).toBe(404);
    expect(await store.value('SELECT count(*) FROM responses')).toBe(2);
  });

  it('answers 410 for a revoked or expired link, naming the service and linking its plain survey, in the request language', async () => {
    const app = testApp(db);
    const revoked = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 1' });
    const k = await getPage(app, `/k/${revoked.token}`);
    await revokeCounter(store, revoked.id);
    const expired = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 3', expiresAt: new Date(Date.now() - 1000).toISOString() });
    for (const token of [revoked.token, expired.token]) {
      const id = await getPage(app, `/k/${token}`);
      expect(id.status).toBe(410);
      expect(id.$('h1').text()).toBe('Perekaman KTP-el');
      expect(id.$('a[data-survey-link]').attr('href')).toBe('/s/ktp?lang=id');
      const en = await getPage(app, `/k/${token}?lang=en`);
      expect(en.status).toBe(410);
      expect(en.$('html').attr('lang')).toBe('en');
      expect(en.$('h1').text()).toBe('Electronic ID card');
      expect(en.$('a[data-survey-link]').attr('href')).toBe('/s/ktp?lang=en');
    }
    // a form opened before the revocation stores nothing afterwards
    const post = await request(app).post(`/k/${revoked.token}`).type('form').send(fieldsOf(k.$));
    expect(post.status).toBe(410);
    expect(await store.value('SELECT count(*) FROM responses')).toBe(0);
    // a link that expires later still works
    const later = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 4', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    expect((await request(app).get(`/k/${later.token}`)).status).toBe(200);
  });
});

describe('QR codes of the plain survey link', () => {
  it('encodes the absolute ?ch=qr link from PUBLIC_URL (default http://localhost:PORT), SVG and PNG, loadable cross-origin', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const local = testApp(db);
    const svg = await request(local).get('/s/ktp/qr.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(String(svg.body ?? svg.text)).toContain('<svg');
    const png = await request(local).get('/s/ktp/qr.png').buffer(true);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(decodeQrPng(png.body as Buffer)).toBe('http://localhost:3000/s/ktp?ch=qr');

    const hosted = testApp(db, { config: { publicUrl: 'https://survei.uji.go.id', publicUrlSet: true } });
    expect(decodeQrPng((await request(hosted).get('/s/ktp/qr.png').buffer(true)).body as Buffer)).toBe('https://survei.uji.go.id/s/ktp?ch=qr');
    expect((await request(hosted).get('/s/nope/qr.svg')).status).toBe(404);
    expect((await request(hosted).get('/s/ktp/qr.gif')).status).toBe(404);
    // other pages stay same-origin
    expect((await request(hosted).get('/s/ktp')).headers['cross-origin-resource-policy']).toBe('same-origin');
  });
});

describe('preview', () => {
  let db: Db;
  let store: SqliteDatabase;
  let org: SmallOrg;
  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
  });

  it('asks for sign-in first, then says it is a preview and stores nothing (every check still runs)', async () => {
    const app = testApp(db);
    const anonymous = await request(app).get('/s/ktp?preview=1&lang=en');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent('/s/ktp?preview=1&lang=en')}&lang=en`);

    const viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
    const page = await viewer.agent.get('/s/ktp?preview=1');
    expect(page.status).toBe(200);
    const $ = (await import('cheerio')).load(page.text);
    expect($('.preview-note').text()).toContain('Pratinjau');
    expect($('form[method=post]').attr('action')).toBe('/s/ktp?lang=id&preview=1');
    expect($('fieldset[data-element]')).toHaveLength(9);

    const bad = await viewer.agent
      .post('/s/ktp?lang=id&preview=1')
      .type('form')
      .send(fieldsOf($, { PERSYARATAN: '7' }));
    expect(bad.status).toBe(422);
    const good = await viewer.agent.post('/s/ktp?lang=id&preview=1').type('form').send(fieldsOf($));
    expect(good.status).toBe(303);
    expect(good.headers.location).toBe('/s/ktp/thanks?lang=id&preview=1');
    const thanks = (await import('cheerio')).load((await viewer.agent.get(good.headers.location as string)).text);
    expect(thanks('.preview-note').text()).toContain('tidak disimpan');
    expect(await store.value('SELECT count(*) FROM responses')).toBe(0);
    expect(await store.value('SELECT count(*) FROM totals_day')).toBe(0);
    // the plain page is not a preview, and the preview did not replace it in the page cache
    const plain = await getPage(app, '/s/ktp');
    expect(plain.$('.preview-note')).toHaveLength(0);
    // the embed view's preview may be framed by Mutu's own pages (the reach page's live preview), the plain embed view only by the allowed origins
    const framedPreview = await viewer.agent.get('/s/ktp?embed=1&preview=1');
    expect(framedPreview.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect((await request(app).get('/s/ktp?embed=1')).headers['content-security-policy']).toContain('frame-ancestors https://portal.uji.go.id');
    expect((await request(app).get('/s/ktp')).headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('opens a closed service for officers of its subtree only', async () => {
    const app = testApp(db);
    const inside = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
    expect((await inside.agent.get('/s/lama?preview=1')).status).toBe(200);
    const otherUnit = Number(
      await store.value("INSERT INTO units (agency_id, parent_id, code, name_id, name_en) VALUES (?, ?, 'lain', 'Lain', 'Other') RETURNING id", [
        org.agencyId,
        org.rootId,
      ]),
    );
    const outside = await signInAs(app, store, { role: 'manager', unitId: otherUnit });
    expect((await outside.agent.get('/s/lama?preview=1')).status).toBe(404);
    expect((await request(app).get('/s/lama')).status).toBe(404);
  });
});

/** The fields a browser would send from the form matching `selector` (hidden, text, checked boxes), merged with `fill`. */
function formOf(html: string, selector: string, fill: Record<string, string | string[]> = {}): { action: string; fields: Record<string, string | string[]> } {
  const $ = load(html);
  const form = $(selector).first();
  if (!form.length) throw new Error(`no ${selector}`);
  const fields: Record<string, string | string[]> = {};
  form.find('input, textarea').each((_, el) => {
    const name = $(el).attr('name');
    const type = $(el).attr('type');
    if (!name) return;
    if (type === 'checkbox') {
      if ($(el).is('[checked]')) fields[name] = [...((fields[name] as string[] | undefined) ?? []), $(el).attr('value') ?? 'on'];
    } else fields[name] = el.tagName === 'textarea' ? $(el).text() : ($(el).attr('value') ?? '');
  });
  return { action: form.attr('action') as string, fields: { ...fields, ...fill } };
}

describe('the reach page of a service', () => {
  let db: Db;
  let store: SqliteDatabase;
  let org: SmallOrg;
  const PAGE = '/manage/services/ktp/reach';
  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
  });

  const audits = (kind: string) =>
    store.all<{ action: string; details: string }>('SELECT action, details FROM audit_log WHERE entity_kind = ? ORDER BY id', [kind]);

  it('is for unit managers and admins of the subtree: viewers and other units 403, anonymous to sign-in', async () => {
    const app = testApp(db);
    expect((await request(app).get(PAGE)).status).toBe(303);
    const viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
    expect((await viewer.agent.get(PAGE)).status).toBe(403);
    const other = Number(
      await store.value("INSERT INTO units (agency_id, parent_id, code, name_id, name_en) VALUES (?, ?, 'lain', 'Lain', 'Other') RETURNING id", [
        org.agencyId,
        org.rootId,
      ]),
    );
    const outsider = await signInAs(app, store, { role: 'manager', unitId: other });
    expect((await outsider.agent.get(PAGE)).status).toBe(403);
    const admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    expect((await admin.agent.get(PAGE)).status).toBe(200);
    expect((await admin.agent.get('/manage/services/nope/reach')).status).toBe(404);
  });

  it('creates counter links (audited), lists them with their responses and QR codes, and revokes them', async () => {
    const app = testApp(db, { config: { publicUrl: 'https://survei.uji.go.id', publicUrlSet: true } });
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const page = await m.agent.get(PAGE);
    expect(page.status).toBe(200);
    const create = formOf(page.text, 'form[data-create="counter"]', { place: '  Loket 2 ' });
    const made = await m.agent.post(create.action).type('form').send(create.fields);
    expect(made.status).toBe(303);
    const $ = load((await m.agent.get(made.headers.location as string)).text);
    const link = $('a[data-counter-link]');
    expect(link).toHaveLength(1);
    const href = link.attr('href') as string;
    expect(href).toMatch(/^\/k\/[A-Za-z0-9_-]{22,}$/);
    expect(link.text()).toBe(`https://survei.uji.go.id${href}`);
    expect($('[data-public-url-warning]')).toHaveLength(0);
    const row = link.closest('tr');
    expect(row.find('th').text()).toBe('Loket 2');
    expect(row.find('form[data-revoke]')).toHaveLength(1);
    // a response through it shows on the page
    const k = await getPage(app, href);
    await request(app).post(href).type('form').send(fieldsOf(k.$));
    const again = load((await m.agent.get(PAGE)).text);
    expect(again('a[data-counter-link]').closest('tr').find('[data-col=responses]').text()).toBe('1');
    // its QR codes read back the absolute link
    const png = await m.agent.get(String(again('a[data-counter-link]').closest('tr').find('a[href$="qr.png"]').attr('href'))).buffer(true);
    expect(png.status).toBe(200);
    expect(decodeQrPng(png.body as Buffer)).toBe(`https://survei.uji.go.id${href}`);
    expect((await audits('counter')).map((a) => [a.action, JSON.parse(a.details)])).toEqual([
      ['create', { after: { service: 'ktp', place: 'Loket 2', expires_at: null } }],
    ]);

    const revoke = formOf(again.html(), 'form[data-revoke]');
    expect((await m.agent.post(revoke.action).type('form').send(revoke.fields)).status).toBe(303);
    expect((await request(app).get(href)).status).toBe(410);
    const after = load((await m.agent.get(PAGE)).text);
    expect(after('a[data-counter-link]')).toHaveLength(0);
    expect(after('[data-ended-counter]').text()).toContain('Loket 2');
    expect((await audits('counter')).map((a) => a.action)).toEqual(['create', 'revoke']);
    // revoking twice changes and records nothing more
    expect((await m.agent.post(revoke.action).type('form').send(revoke.fields)).status).toBe(303);
    expect((await audits('counter')).map((a) => a.action)).toEqual(['create', 'revoke']);
  });

  it('keeps CSRF protection on its posts', async () => {
    const app = testApp(db);
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const res = await m.agent.post(`${PAGE}/counters?lang=id`).type('form').send({ place: 'Loket 1' });
    expect(res.status).toBe(403);
    expect(await store.value('SELECT count(*) FROM counters')).toBe(0);
  });

  it('refuses a counter without a place or with a past last day: 422, values kept, errors linked, in English too', async () => {
    const app = testApp(db);
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const form = formOf((await m.agent.get(`${PAGE}?lang=en`)).text, 'form[data-create="counter"]', { place: ' ', expires: '2020-01-31' });
    const res = await m.agent.post(form.action).type('form').send(form.fields);
    expect(res.status).toBe(422);
    const $ = load(res.text);
    expect(
      $('.error-summary a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['#c-place', '#c-expires']);
    expect($('.error-summary').text()).toContain('Enter the name of the place');
    expect($('#c-expires').attr('value')).toBe('2020-01-31');
    expect($('#c-place').attr('aria-invalid')).toBe('true');
    const long = formOf((await m.agent.get(PAGE)).text, 'form[data-create="counter"]', { place: 'x'.repeat(121), expires: 'besok' });
    const res2 = load((await m.agent.post(long.action).type('form').send(long.fields)).text);
    expect(res2('#c-place').attr('value')).toBe('x'.repeat(121));
    expect(res2('#e-c-expires').text()).toContain('tanggal');
    expect(await store.value('SELECT count(*) FROM counters')).toBe(0);
  });

  it('makes a counter with a last day: it works through that day in the agency’s time zone', async () => {
    const app = testApp(db);
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const form = formOf((await m.agent.get(PAGE)).text, 'form[data-create="counter"]', { place: 'Kantor Desa Sukamaju', expires: '2099-12-31' });
    expect((await m.agent.post(form.action).type('form').send(form.fields)).status).toBe(303);
    // the end of 31 December 2099 in Jakarta (UTC+7) is 17:00 UTC that day
    expect(await store.value('SELECT expires_at FROM counters')).toBe('2099-12-31T17:00:00.000Z');
    const $ = load((await m.agent.get(PAGE)).text);
    expect($('a[data-counter-link]').closest('tr').text()).toContain('2099');
  });

  it('creates kiosks for one or several services of the unit, with a hashed PIN, and revokes them', async () => {
    const app = testApp(db);
    await store.run("INSERT INTO services (unit_id, code, name_id, name_en) VALUES (?, 'akta', 'Akta Kelahiran', 'Birth certificate')", [org.unitId]);
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const page = load((await m.agent.get(PAGE)).text);
    // offered: the active services of the unit; this one checked by default
    expect(
      page('form[data-create="kiosk"] input[name=services]')
        .map((_, el) => page(el).attr('value'))
        .get(),
    ).toEqual(['ktp', 'akta']);
    expect(page('form[data-create="kiosk"] input[name=services][checked]').attr('value')).toBe('ktp');
    const bad = formOf(page.html(), 'form[data-create="kiosk"]', { place: 'Lobi', pin: '12ab' });
    const refused = await m.agent.post(bad.action).type('form').send(bad.fields);
    expect(refused.status).toBe(422);
    expect(load(refused.text)('#k-pin').attr('value')).toBe('');
    expect(load(refused.text)('#k-place').attr('value')).toBe('Lobi');
    const noService = formOf(page.html(), 'form[data-create="kiosk"]', { place: 'Lobi', services: [] });
    delete noService.fields.services;
    expect((await m.agent.post(noService.action).type('form').send(noService.fields)).status).toBe(422);
    const foreign = formOf(page.html(), 'form[data-create="kiosk"]', { place: 'Lobi', services: ['ktp', 'lama'] });
    expect((await m.agent.post(foreign.action).type('form').send(foreign.fields)).status).toBe(422);

    const good = formOf(page.html(), 'form[data-create="kiosk"]', { place: 'Lobi Utama', pin: '2468', services: ['ktp', 'akta'] });
    expect((await m.agent.post(good.action).type('form').send(good.fields)).status).toBe(303);
    const kiosk = await store.get<{ id: number; pin_hash: string; place: string }>('SELECT id, pin_hash, place FROM kiosks');
    expect(kiosk?.place).toBe('Lobi Utama');
    expect(kiosk?.pin_hash).toMatch(/^\$argon2id\$/);
    expect(
      await store.all(
        'SELECT s.code, c.kind, c.place FROM kiosk_services ks JOIN services s ON s.id = ks.service_id JOIN counters c ON c.id = ks.counter_id ORDER BY ks.position',
      ),
    ).toEqual([
      { code: 'ktp', kind: 'kiosk', place: 'Lobi Utama' },
      { code: 'akta', kind: 'kiosk', place: 'Lobi Utama' },
    ]);
    const listed = load((await m.agent.get(PAGE)).text);
    const link = listed('a[data-kiosk-link]');
    expect(link.attr('href')).toMatch(/^\/kiosk\/[A-Za-z0-9_-]{22,}$/);
    expect(link.closest('tr').find('form[data-revoke]')).toHaveLength(1);
    expect(link.closest('tr').text()).toContain('Akta Kelahiran');
    const audit = await audits('kiosk');
    expect(JSON.parse(audit[0]!.details)).toEqual({ after: { place: 'Lobi Utama', services: ['ktp', 'akta'], pin: true, expires_at: null } });
    expect(audit[0]!.details).not.toContain('2468');

    const revoke = formOf(listed.html(), 'a[data-kiosk-link] ~ form, tr[data-kiosk] form[data-revoke]');
    expect((await m.agent.post(revoke.action).type('form').send(revoke.fields)).status).toBe(303);
    expect(await store.value('SELECT count(*) FROM kiosks WHERE revoked_at IS NOT NULL')).toBe(1);
    expect(await store.value('SELECT count(*) FROM counters WHERE kind = ? AND revoked_at IS NULL', ['kiosk'])).toBe(0);
    expect(load((await m.agent.get(PAGE)).text)('a[data-kiosk-link]')).toHaveLength(0);
    expect((await audits('kiosk')).map((a) => a.action)).toEqual(['create', 'revoke']);
  });

  it('sets the allowed origins (one per line or spaces, canonical, audited) and gives the snippets from PUBLIC_URL', async () => {
    const app = testApp(db, { config: { publicUrl: 'https://survei.uji.go.id', publicUrlSet: true } });
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const page = load((await m.agent.get(PAGE)).text);
    expect(page('#snippet-script').text()).toBe('<script src="https://survei.uji.go.id/embed.js" data-mutu-service="ktp" defer></script>');
    expect(page('#snippet-iframe').text()).toContain('src="https://survei.uji.go.id/s/ktp?embed=1"');
    expect(page('#snippet-link').text()).toBe('https://survei.uji.go.id/s/ktp');
    expect(page('iframe.embed-preview').attr('src')).toBe('/s/ktp?embed=1&preview=1&lang=id');

    const bad = formOf(page.html(), 'form[data-embed-origins]', { origins: 'https://dukcapil.uji.go.id\nhttp://evil.example' });
    const refused = await m.agent.post(bad.action).type('form').send(bad.fields);
    expect(refused.status).toBe(422);
    const $bad = load(refused.text);
    expect($bad('#o-origins').text()).toBe('https://dukcapil.uji.go.id\nhttp://evil.example');
    expect($bad('.error-summary a').attr('href')).toBe('#o-origins');
    expect($bad('.error-summary').text()).toContain('http://evil.example');

    const good = formOf(page.html(), 'form[data-embed-origins]', {
      origins: 'https://Dukcapil.Uji.go.id/\r\nhttps://portal.uji.go.id   http://localhost:8080 https://dukcapil.uji.go.id',
    });
    expect((await m.agent.post(good.action).type('form').send(good.fields)).status).toBe(303);
    expect(await store.value("SELECT embed_origins FROM services WHERE code = 'ktp'")).toBe(
      'https://dukcapil.uji.go.id https://portal.uji.go.id http://localhost:8080',
    );
    const audit = await audits('service');
    expect(JSON.parse(audit.at(-1)!.details)).toEqual({
      before: { embed_origins: 'https://portal.uji.go.id' },
      after: { embed_origins: 'https://dukcapil.uji.go.id https://portal.uji.go.id http://localhost:8080' },
    });
    // the embed view may now be framed by them (the survey page cache was cleared)
    const framed = await request(app).get('/s/ktp?embed=1');
    expect(framed.headers['content-security-policy']).toContain('frame-ancestors https://dukcapil.uji.go.id https://portal.uji.go.id http://localhost:8080');
    expect(load((await m.agent.get(PAGE)).text)('#o-origins').text()).toBe('https://dukcapil.uji.go.id\nhttps://portal.uji.go.id\nhttp://localhost:8080');
  });

  it('says when PUBLIC_URL is unset or local that citizens cannot open the codes, on the page and the poster', async () => {
    const app = testApp(db);
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const $ = load((await m.agent.get(PAGE)).text);
    expect($('[data-public-url-warning=local]').text()).toContain('http://localhost:3000');
    const poster = load((await m.agent.get(`${PAGE}/poster?lang=en`)).text);
    expect(poster('[data-public-url-warning=local]').text()).toContain('cannot open');
    expect(poster('[data-qr-target]').attr('data-qr-target')).toBe('http://localhost:3000/s/ktp?ch=qr');
    const plainHttp = testApp(db, { config: { publicUrl: 'http://survei.uji.go.id', publicUrlSet: true } });
    const m2 = await signInAs(plainHttp, store, { role: 'manager', unitId: org.unitId });
    const $2 = load((await m2.agent.get(PAGE)).text);
    expect($2('[data-public-url-warning=local]')).toHaveLength(0);
    expect($2('[data-public-url-warning=insecure]')).toHaveLength(1);
  });

  it('prints posters only of its own counter links', async () => {
    const app = testApp(db);
    const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const other = await createCounterLink(store, { serviceId: org.inactiveServiceId, place: 'Loket X' });
    expect((await m.agent.get(`${PAGE}/poster?counter=${other.id}`)).status).toBe(404);
    expect((await m.agent.get(`${PAGE}/poster?counter=abc`)).status).toBe(404);
    expect((await m.agent.get(`${PAGE}/counters/${other.id}/qr.svg`)).status).toBe(404);
    const own = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 5' });
    const a6 = load((await m.agent.get(`${PAGE}/poster?counter=${own.id}&size=a6&lang=en`)).text);
    expect(a6('[data-poster=a6]')).toHaveLength(1);
    expect(a6('[data-place]').text()).toBe('Loket 5');
    expect(a6('[data-short-link]').text()).toBe(`http://localhost:3000/k/${own.token}`);
  });
});

describe('the counter as a dimension of the service dashboard', () => {
  it('shows responses per counter and IKM only for counters with at least k responses, to officers; links the reach page for managers', async () => {
    const db = testDb();
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    const app = testApp(db);
    const big = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket Besar' });
    const small = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket Kecil' });
    await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket Sepi' });
    const post = async (path: string) => {
      const { $ } = await getPage(app, path);
      expect((await request(app).post(path).type('form').send(fieldsOf($))).status).toBe(303);
    };
    for (let i = 0; i < 5; i++) await post(`/k/${big.token}`);
    for (let i = 0; i < 2; i++) await post(`/k/${small.token}`);
    await post('/s/ktp');

    const manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const $ = load((await manager.agent.get('/dashboard/services/ktp?lang=id')).text);
    expect($('a[data-reach]').attr('href')).toBe('/manage/services/ktp/reach?lang=id');
    const row = (id: number | string) => $(`#counters-table tr[data-counter="${id}"]`);
    expect(row(big.id).find('[data-col=n]').text()).toBe('5');
    // NRRs 4, 3, 3, 4 (the other elements unanswered): IKM 3.5 x 25
    expect(row(big.id).find('[data-col=ikm]').text()).toBe('87,50');
    expect(row(small.id).find('[data-col=n]').text()).toBe('2');
    expect(row(small.id).find('[data-col=ikm]').text()).toBe('kurang dari 5 responden');
    expect($('#counters-table').text()).toContain('Loket Sepi');
    expect(row('none').find('[data-col=n]').text()).toBe('1');
    // the survey link opens a preview
    expect($('a[data-reach]').siblings('a').first().attr('href')).toBe('/s/ktp?lang=id&preview=1');

    const viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
    const v = load((await viewer.agent.get('/dashboard/services/ktp?lang=id')).text);
    expect(v('a[data-reach]')).toHaveLength(0);
    expect(v('#counters-table tr[data-counter]')).toHaveLength(4);
    // counters are never public
    const pub = await request(app).get('/results/services/ktp');
    expect(pub.text).not.toContain('Loket Besar');
  });
});

describe('PUBLIC_URL', () => {
  it('defaults to http://localhost:PORT, keeps an http(s) base without a trailing slash, and refuses anything else', () => {
    const env = { NODE_ENV: 'test', MUTU_DEMO: '0' };
    expect(loadConfig(env)).toMatchObject({ publicUrl: 'http://localhost:3000', publicUrlSet: false });
    expect(loadConfig({ ...env, PORT: '8080', PUBLIC_URL: '' })).toMatchObject({ publicUrl: 'http://localhost:8080', publicUrlSet: false });
    expect(loadConfig({ ...env, PUBLIC_URL: 'https://Survei.Mekarsari.go.id/' })).toMatchObject({
      publicUrl: 'https://survei.mekarsari.go.id',
      publicUrlSet: true,
    });
    expect(loadConfig({ ...env, PUBLIC_URL: 'https://pemda.go.id/mutu/' }).publicUrl).toBe('https://pemda.go.id/mutu');
    for (const bad of ['ftp://pemda.go.id', 'https://pemda.go.id/?a=1', 'https://pemda.go.id/#x', 'survei.pemda.go.id', 'https://user:pw@pemda.go.id']) {
      expect(() => loadConfig({ ...env, PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL must be an http\(s\) address/);
    }
  });
});
