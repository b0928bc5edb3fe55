import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createKiosk, revokeKiosk } from '../server/data/kiosk-tokens.js';
import { hashKioskPin } from '../server/auth/kiosk-pin.js';
import { createService } from '../server/data/services.js';
import { givenTime } from '../server/kiosk/given-time.js';
import { getPage, seedSmall, testDb, type SmallOrg } from './helpers/app.js';
import { kioskAnswer, kioskContract } from './helpers/kiosk-contract.js';

describe('the time a kiosk answer counts at', () => {
  const now = new Date('2026-07-10T08:00:00.000Z');
  const created = '2026-07-01T00:00:00.000Z';
  const at = (given: unknown) => givenTime(given, now, created);
  it("keeps the device's time from the token's creation up to 5 minutes ahead of the server", () => {
    for (const t of ['2026-07-10T07:59:00.000Z', '2026-07-10T08:05:00.000Z', '2026-07-03T12:00:00.000Z', '2026-07-10T15:00:00+07:00']) {
      expect(at(t), t).toEqual({ at: new Date(t), fromDevice: true });
    }
  });
  it('takes the arrival time for a time too far ahead, before the token, older than 7 days, or not a time', () => {
    const old = givenTime('2026-07-02T07:59:00.000Z', now, '2026-06-01T00:00:00.000Z');
    expect(old).toEqual({ at: now, fromDevice: false });
    expect(givenTime('2026-07-03T08:00:00.000Z', now, '2026-06-01T00:00:00.000Z').fromDevice).toBe(true);
    for (const t of ['2026-07-10T08:05:00.001Z', '2026-06-30T23:59:59.999Z', 'yesterday', '2026-07-05', 1783670400000, undefined, '2026-13-45T99:00:00Z']) {
      expect(at(t), String(t)).toEqual({ at: now, fromDevice: false });
    }
  });
});

kioskContract('SQLite', () => Promise.resolve(SqliteDatabase.of(testDb())));

describe('the kiosk page and its posts', () => {
  let db: Db;
  let app: Express;
  let org: SmallOrg;
  const make = (place: string, serviceIds: number[], extra: { pinHash?: string; expiresAt?: string } = {}) =>
    SqliteDatabase.of(db).transaction((tx) => createKiosk(tx, { unitId: org.unitId, place, serviceIds, ...extra }));
  beforeEach(async () => {
    db = testDb();
    org = await seedSmall(SqliteDatabase.of(db));
    app = createApp({ db, config: testConfig(), kioskLimits: { answers: 3, pins: 2 } });
  });

  it('shows one service straight away, with no cookie, no inline script and nothing to autocomplete', async () => {
    const { token } = await make('Loket 2', [org.serviceId, org.inactiveServiceId]);
    const { status, $, res } = await getPage(app, `/kiosk/${token}?lang=id`);
    expect(status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect($('[data-kiosk]').attr('data-service')).toBe('ktp'); // the closed service is not offered
    expect($('#k-pick').attr('hidden')).toBeDefined();
    expect($('#k-form').attr('hidden')).toBeUndefined();
    expect($('[data-kiosk-service-name]').text()).toBe('Perekaman KTP-el');
    expect($('#k-survey').attr('autocomplete')).toBe('off');
    expect($('#k-survey').attr('action')).toBeUndefined();
    expect($('[data-kiosk-queue]').text()).toBe('0');
    expect($('fieldset[data-element]').length).toBe(9);
    expect($('script').length).toBe(1);
    expect($('script').attr('src')).toMatch(/^\/static\/js\/kiosk\.js\?v=/);
    expect($('input[name=idem]').length).toBe(0); // each answer's key is made on the device
    expect($('[data-kiosk-https]').length).toBe(0); // this machine: no HTTPS needed
    expect($('#k-pin').length).toBe(0);
  });

  it('offers a first screen to pick among several services, and says when HTTPS is needed', async () => {
    const other = await createService(SqliteDatabase.of(db), { unitId: org.unitId, code: 'akta', nameId: 'Akta Kelahiran', nameEn: 'Birth certificate' });
    const { token } = await make('Lobi', [other, org.serviceId], { pinHash: await hashKioskPin('2468') });
    const { $ } = await getPage(app, `/kiosk/${token}?lang=en`, { Host: 'mutu.kabupaten.go.id' });
    expect($('[data-kiosk]').attr('data-service')).toBeUndefined();
    expect($('#k-pick').attr('hidden')).toBeUndefined();
    expect(
      $('[data-kiosk-service]')
        .map((_, b) => `${$(b).attr('data-kiosk-service')}:${$(b).text()}`)
        .get(),
    ).toEqual(['akta:Birth certificate', 'ktp:Electronic ID card']);
    expect($('[data-kiosk-https]').text()).toContain('HTTPS');
    expect($('#k-pin').attr('autocomplete')).toBe('off');
  });

  it('answers 404 for an unknown kiosk and 410, naming it, for a revoked or expired one', async () => {
    expect((await request(app).get(`/kiosk/${'x'.repeat(24)}`)).status).toBe(404);
    expect((await request(app).get('/kiosk/short')).status).toBe(404);
    const revoked = await make('Loket Lama', [org.serviceId]);
    await revokeKiosk(SqliteDatabase.of(db), revoked.id);
    const gone = await getPage(app, `/kiosk/${revoked.token}?lang=id`);
    expect(gone.status).toBe(410);
    expect(gone.$('.closed-message').text()).toContain('Loket Lama');
    const expired = await make('Pameran', [org.serviceId], { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const old = await getPage(app, `/kiosk/${expired.token}?lang=en`);
    expect(old.status).toBe(410);
    expect(old.$('.closed-message').text()).toBe('The kiosk “Pameran” has expired. Please answer the survey through the service’s link or QR code.');
  });

  it('limits posts per kiosk, not per address', async () => {
    const a = await make('A', [org.serviceId]);
    const b = await make('B', [org.serviceId]);
    const send = (token: string, i: number, ip: string) =>
      request(app)
        .post(`/kiosk/${token}/responses`)
        .set('X-Forwarded-For', ip)
        .send(kioskAnswer({ idem: `limit-key-000000000${i}` }));
    for (let i = 0; i < 3; i++) expect((await send(a.token, i, `10.0.0.${i}`)).status).toBe(201);
    const over = await send(a.token, 3, '10.9.9.9');
    expect(over.status).toBe(429);
    expect(over.body.error).toBeTruthy();
    expect((await send(b.token, 4, '10.0.0.1')).status).toBe(201);
  });

  it('answers a body it cannot read (malformed JSON, an unknown charset) with a JSON error the kiosk script can show', async () => {
    const { token } = await make('Loket 9', [org.serviceId]);
    const malformed = await request(app).post(`/kiosk/${token}/responses`).set('Content-Type', 'application/json').send('{"idem": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBeTruthy();
    const charset = await request(app).post(`/kiosk/${token}/responses`).set('Content-Type', 'application/json; charset=klingon').send('{}');
    expect(charset.status).toBe(415);
    expect(charset.headers['content-type']).toMatch(/^application\/json/);
    expect(charset.body.error).toBe(malformed.body.error);
  });

  it('lets an officer out with the PIN, checked on the server and limited per kiosk', async () => {
    const { token } = await make('Loket 3', [org.serviceId], { pinHash: await hashKioskPin('2468') });
    const wrong = await request(app).post(`/kiosk/${token}/exit`).send({ pin: '1111' });
    expect(wrong.status).toBe(403);
    const right = await request(app).post(`/kiosk/${token}/exit?lang=en`).send({ pin: '2468' });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ next: '/login?lang=en' });
    expect((await request(app).post(`/kiosk/${token}/exit`).send({ pin: '2468' })).status).toBe(429);
    const open = await make('Tanpa PIN', [org.serviceId]);
    expect((await request(app).post(`/kiosk/${open.token}/exit`).send({})).status).toBe(200);
  });

  it('asks how the visit ended where the service does, and keeps an unserved visit without elements (not an IKM response)', async () => {
    db.prepare("UPDATE services SET ask_end_state = 1 WHERE code = 'ktp'").run();
    const { id, token } = await make('Loket 4', [org.serviceId]);
    const { $ } = await getPage(app, `/kiosk/${token}?lang=id`);
    expect($('[data-kiosk-endstate]').attr('data-services')).toBe('ktp');
    expect($('[data-kiosk-endstate] input[name=endstate]').length).toBeGreaterThanOrEqual(4);
    const res = await request(app)
      .post(`/kiosk/${token}/responses`)
      .send(kioskAnswer({ PERSYARATAN: '', PROSEDUR: '', endstate: 'not_served', idem: 'unserved-key-00000001' }));
    expect(res.status).toBe(201);
    const counter = db.prepare('SELECT counter_id FROM kiosk_services WHERE kiosk_id = ?').pluck().get(id);
    expect(db.prepare('SELECT channel, end_state, counter_id FROM unrated_visits').all()).toEqual([
      { channel: 'kiosk', end_state: 'not_served', counter_id: counter },
    ]);
    expect(db.prepare('SELECT count(*) FROM responses').pluck().get()).toBe(0);
  });

  it('serves its service worker for the /kiosk/ scope', async () => {
    const res = await request(app).get('/kiosk/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['service-worker-allowed']).toBe('/kiosk/');
    expect(res.text).toContain("addEventListener('fetch'");
  });
});
