import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import type { Database } from '../../server/data/engine/index.js';
import { createKiosk, revokeKiosk } from '../../server/data/kiosk-tokens.js';
import { seedSmall, type SmallOrg } from './app.js';

/** A device's answer as kiosk.js queues it: the form's fields, its own key, the service and the time given. */
export function kioskAnswer(over: Record<string, string> = {}): Record<string, string> {
  return {
    PERSYARATAN: '4',
    PROSEDUR: '3',
    gender: 'P',
    age: '41',
    idem: `dev-${Math.random().toString(36).slice(2)}-key0`,
    service: 'ktp',
    lang: 'id',
    ...over,
  };
}

/**
 * What a kiosk's queue relies on, on each engine (a fresh migrated database per test): an answer is
 * stored with channel kiosk and the counter of that service in the kiosk, whatever the request says;
 * at the time it was given when plausible (agency-local date), else at arrival; a resent key stores
 * once; a revoked kiosk keeps what was given before its revocation and takes nothing after.
 */
export function kioskContract(name: string, open: () => Promise<Database>): void {
  describe(`kiosk answers: ${name}`, () => {
    let db: Database;
    let org: SmallOrg;
    let app: Express;
    let kiosk: { id: number; token: string };
    let counterId: number;
    beforeEach(async () => {
      db = await open();
      org = await seedSmall(db);
      kiosk = await db.transaction((tx) => createKiosk(tx, { unitId: org.unitId, place: 'Kios Lobi', serviceIds: [org.serviceId] }));
      // made three days ago, so that answers queued since then count at their own time
      await db.run('UPDATE kiosks SET created_at = ? WHERE id = ?', [new Date(Date.now() - 3 * 86_400_000).toISOString(), kiosk.id]);
      counterId = Number(await db.value('SELECT counter_id FROM kiosk_services WHERE kiosk_id = ?', [kiosk.id]));
      app = createApp({ store: db, config: testConfig() });
      return () => db.close();
    });
    const post = (body: unknown, token = kiosk.token) =>
      request(app)
        .post(`/kiosk/${token}/responses`)
        .send(body as object);
    const rows = () =>
      db.all<{ channel: string; counter_id: number; submitted_at: string; local_date: string; idem_key: string; e_persyaratan: number }>(
        'SELECT channel, counter_id, submitted_at, local_date, idem_key, e_persyaratan FROM responses ORDER BY id',
      );

    it("stores an answer with channel kiosk, the kiosk's counter and the time it was given (agency-local date)", async () => {
      const given = new Date(Date.now() - 2 * 86_400_000 - 5 * 3_600_000); // given offline two days ago
      // the request cannot choose its channel or counter
      const res = await post(kioskAnswer({ given_at: given.toISOString(), channel: 'link', counter_id: '999', idem: 'device-key-0000000001' }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ status: 'stored' });
      const [row] = await rows();
      expect(row).toMatchObject({ channel: 'kiosk', idem_key: 'device-key-0000000001', e_persyaratan: 4 });
      expect(Number(row!.counter_id)).toBe(counterId);
      expect(row!.submitted_at).toBe(given.toISOString());
      expect(row!.local_date).toBe(new Date(given.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)); // Jakarta: UTC+7
    });

    it('stores a resent answer (same device key) once, also when both arrive together', async () => {
      const body = kioskAnswer({ idem: 'device-key-0000000002', given_at: new Date().toISOString() });
      expect((await post(body)).status).toBe(201);
      const again = await post(body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ status: 'duplicate' });
      const racing = kioskAnswer({ idem: 'device-key-0000000003' });
      const both = await Promise.all([post(racing), post(racing)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
      expect((await rows()).map((r) => r.idem_key)).toEqual(['device-key-0000000002', 'device-key-0000000003']);
    });

    it('takes the arrival time for a device time that is implausible', async () => {
      const before = Date.now();
      // too far ahead, older than 7 days, before the kiosk existed, not a time
      const far = [new Date(before + 10 * 60_000), new Date(before - 8 * 86_400_000), new Date(before - 4 * 86_400_000), 'yesterday'];
      for (const [i, at] of far.entries()) {
        const res = await post(kioskAnswer({ idem: `device-key-00000001${i}`, given_at: at instanceof Date ? at.toISOString() : at }));
        expect(res.status).toBe(201);
      }
      for (const row of await rows()) {
        const t = Date.parse(row.submitted_at);
        expect(t).toBeGreaterThanOrEqual(before - 1000);
        expect(t).toBeLessThanOrEqual(Date.now() + 1000);
      }
    });

    it('refuses what validation refuses, a missing key and a service the kiosk does not offer, storing nothing', async () => {
      const none = await post(kioskAnswer({ PERSYARATAN: '', PROSEDUR: '' }));
      expect(none.status).toBe(422);
      expect(Object.keys(none.body.errors)).toEqual(['elements']);
      expect((await post(kioskAnswer({ PERSYARATAN: '9' }))).body.errors).toHaveProperty('PERSYARATAN');
      expect((await post(kioskAnswer({ idem: '' }))).body.errors).toHaveProperty('idem');
      expect((await post(kioskAnswer({ service: 'lama' }))).body.errors).toHaveProperty('service');
      expect((await post({ ...kioskAnswer(), age: 34 })).status).toBe(422);
      expect((await post('[1,2]')).status).toBe(400);
      expect(await rows()).toEqual([]);
    });

    it('keeps, from a revoked kiosk, what was given before the revocation, and nothing after', async () => {
      const before = new Date().toISOString();
      await sleep(5);
      await revokeKiosk(db, kiosk.id);
      expect((await request(app).get(`/kiosk/${kiosk.token}`)).status).toBe(410);
      expect((await post(kioskAnswer({ idem: 'device-key-0000000020', given_at: before }))).status).toBe(201);
      expect((await post(kioskAnswer({ idem: 'device-key-0000000021', given_at: new Date(Date.now() + 1000).toISOString() }))).status).toBe(410);
      expect((await post(kioskAnswer({ idem: 'device-key-0000000022' }))).status).toBe(410);
      expect((await rows()).map((r) => r.idem_key)).toEqual(['device-key-0000000020']);
      expect((await post(kioskAnswer(), 'A'.repeat(24))).status).toBe(404);
    });
  });
}
