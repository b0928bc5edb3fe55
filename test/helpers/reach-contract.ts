import { beforeEach, describe, expect, it } from 'vitest';
import { counterByToken, createCounterLink, getCounter, listCounters, revokeCounter, serviceResponseTotal } from '../../server/data/counters.js';
import type { Database } from '../../server/data/engine/index.js';
import { createKiosk, kioskByToken, listKiosksOfService, revokeKiosk } from '../../server/data/kiosk-tokens.js';
import { hashKioskPin, verifyKioskPin } from '../../server/auth/kiosk-pin.js';
import { submitResponse, type ResponseMeta } from '../../server/data/responses.js';
import { ELEMENT_CODES } from '../../server/indicators/types.js';
import { counterFigures } from '../../server/results/counters.js';
import type { SurveySubmission } from '../../server/vocabulary/submission.js';

/**
 * Counter links, kiosks and the counter of each response on each engine: the same calls give the
 * same answers. `open` gives a fresh, migrated, empty database for each test.
 */
export function reachContract(name: string, open: () => Promise<Database>): void {
  describe(`reach data: ${name}`, () => {
    let db: Database;
    let unitId: number;
    let ktp: number;
    let akta: number;

    beforeEach(async () => {
      db = await open();
      const agency = await db.value("INSERT INTO agencies (code, name_id, name_en) VALUES ('uji', 'Uji', 'Uji') RETURNING id");
      unitId = Number(
        await db.value("INSERT INTO units (agency_id, parent_id, code, name_id, name_en) VALUES (?, NULL, 'dinas', 'Dinas', 'Office') RETURNING id", [
          Number(agency),
        ]),
      );
      const service = async (code: string, name: string) =>
        Number(await db.value('INSERT INTO services (unit_id, code, name_id, name_en) VALUES (?, ?, ?, ?) RETURNING id', [unitId, code, name, name]));
      ktp = await service('ktp', 'KTP');
      akta = await service('akta', 'Akta');
      return () => db.close();
    });

    /** One response with these answers to the first four elements (the rest unanswered). */
    const respond = (serviceId: number, counterId: number | null, answers: number[], localDate = '2026-05-04', key: string | null = null) => {
      const s: SurveySubmission = {
        answers: Object.fromEntries(ELEMENT_CODES.map((c, i) => [c, answers[i] ?? null])) as SurveySubmission['answers'],
        profile: { gender: null, education: null, occupation: null, disability: null },
        age: null,
        ageBand: null,
        comment: null,
        idempotencyKey: key,
      };
      const meta: ResponseMeta = {
        serviceId,
        channel: counterId === null ? 'link' : 'qr',
        lang: 'id',
        submittedAt: new Date(`${localDate}T03:00:00Z`),
        localDate,
        counterId,
      };
      return submitResponse(db, s, meta);
    };

    it('finds a counter link by its token with its service and state; unknown and malformed tokens find nothing', async () => {
      const { id, token } = await createCounterLink(db, { serviceId: ktp, place: ' Loket 2 ', expiresAt: '2099-01-01T00:00:00.000Z' });
      const found = await counterByToken(db, token);
      expect(found?.counter).toMatchObject({
        id,
        service_id: ktp,
        place: 'Loket 2',
        kind: 'link',
        token,
        expires_at: '2099-01-01T00:00:00.000Z',
        revoked_at: null,
      });
      expect(found?.service).toMatchObject({ id: ktp, code: 'ktp' });
      expect(found?.state).toBe('active');
      expect(found?.counter.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect((await counterByToken(db, token, new Date('2099-01-01T00:00:00.000Z')))?.state).toBe('expired');
      expect(await counterByToken(db, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
      expect(await counterByToken(db, "' OR 1=1 --")).toBeUndefined();
      expect(await revokeCounter(db, id)).toBe(true);
      expect(await revokeCounter(db, id)).toBe(false);
      expect((await counterByToken(db, token))?.state).toBe('revoked');
      expect((await getCounter(db, id))?.revoked_at).toMatch(/Z$/);
    });

    it('stores the counter with a response and counts what each counter brought, excluded responses left out', async () => {
      const a = await createCounterLink(db, { serviceId: ktp, place: 'Loket 1' });
      const b = await createCounterLink(db, { serviceId: ktp, place: 'Loket 2' });
      await respond(ktp, a.id, [4, 4, 4, 4], '2026-05-04', 'k1');
      await respond(ktp, a.id, [4, 4, 4, 4], '2026-05-04', 'k1'); // a retried post: once
      await respond(ktp, a.id, [2, 2, 2, 2]);
      await respond(ktp, null, [3, 3, 3, 3]);
      const excluded = await respond(ktp, b.id, [1, 1, 1, 1]);
      await db.run('UPDATE responses SET excluded = 1 WHERE id = ?', [excluded.id]);
      expect(await db.all('SELECT counter_id, channel FROM responses ORDER BY id')).toEqual([
        { counter_id: a.id, channel: 'qr' },
        { counter_id: a.id, channel: 'qr' },
        { counter_id: null, channel: 'link' },
        { counter_id: b.id, channel: 'qr' },
      ]);
      await revokeCounter(db, a.id);
      const list = await listCounters(db, ktp);
      // in use first
      expect(list.map((c) => [c.place, c.responses, c.revoked_at === null])).toEqual([
        ['Loket 2', 0, true],
        ['Loket 1', 2, false],
      ]);
      expect(await serviceResponseTotal(db, ktp, '2026-05-01', '2026-05-31')).toBe(3);
    });

    it('computes reach and IKM per counter for a period, the IKM only from k responses on', async () => {
      const big = await createCounterLink(db, { serviceId: ktp, place: 'Besar' });
      const small = await createCounterLink(db, { serviceId: ktp, place: 'Kecil' });
      for (let i = 0; i < 5; i++) await respond(ktp, big.id, i === 0 ? [4, 4, 4, 4] : [3, 3, 3]);
      await respond(ktp, small.id, [1, 1, 1, 1]);
      await respond(ktp, null, [4, 4, 4, 4]);
      await respond(ktp, big.id, [1, 1, 1, 1], '2026-06-01'); // outside the period
      const f = await counterFigures(db, ktp, '2026-05-01', '2026-05-31', 5);
      const byPlace = Object.fromEntries(f.rows.map((r) => [r.place, r]));
      expect(f.total).toBe(7);
      expect(byPlace.Besar).toMatchObject({ n: 5, hidden: false, grade: 'B', state: 'active' });
      // NRRs: (4+3*4)/5 = 3.2 three times, and 4/1 for the fourth element: mean 3.4, x25
      expect(byPlace.Besar?.ikm).toBeCloseTo(85, 10);
      expect(byPlace.Besar?.share).toBeCloseTo(5 / 7, 10);
      expect(byPlace.Kecil).toMatchObject({ n: 1, hidden: true, ikm: null, grade: null });
      expect(f.other).toEqual({ n: 1, share: 1 / 7 });
    });

    it('creates kiosks with a counter per service, finds them by token, lists them per service, revokes them with their counters', async () => {
      const pinHash = await hashKioskPin('2468');
      const one = await createKiosk(db, { unitId, place: 'Lobi', serviceIds: [akta, ktp], pinHash, createdBy: null });
      const two = await createKiosk(db, { unitId, place: 'Pojok', serviceIds: [akta] });
      const found = await kioskByToken(db, one.token);
      expect(found?.state).toBe('active');
      expect(found?.kiosk).toMatchObject({ id: one.id, unit_id: unitId, place: 'Lobi', token: one.token });
      expect(found?.services.map((s) => [s.code, s.position, s.active])).toEqual([
        ['akta', 0, true],
        ['ktp', 1, true],
      ]);
      expect(await verifyKioskPin(found!.kiosk, '2468')).toBe(true);
      expect(await verifyKioskPin(found!.kiosk, '1357')).toBe(false);
      expect(await verifyKioskPin((await kioskByToken(db, two.token))!.kiosk, '')).toBe(true);
      const counters = await db.all<{ kind: string; service_id: number; place: string; token: string | null }>(
        'SELECT c.kind, c.service_id, c.place, c.token FROM counters c JOIN kiosk_services ks ON ks.counter_id = c.id WHERE ks.kiosk_id = ? ORDER BY ks.position',
        [one.id],
      );
      expect(counters).toEqual([
        { kind: 'kiosk', service_id: akta, place: 'Lobi', token: null },
        { kind: 'kiosk', service_id: ktp, place: 'Lobi', token: null },
      ]);
      const ktpCounter = found!.services[1]!.counterId;
      await respond(ktp, ktpCounter, [4, 4, 4, 4]);
      await respond(akta, found!.services[0]!.counterId, [4, 4, 4, 4]);
      const ofKtp = await listKiosksOfService(db, ktp);
      expect(ofKtp.map((k) => [k.kiosk.place, k.responsesHere, k.responses])).toEqual([['Lobi', 1, 2]]);
      expect((await listKiosksOfService(db, akta)).map((k) => k.kiosk.place)).toEqual(['Pojok', 'Lobi']);
      // a kiosk's counters are not counter links: no /k/ token finds them
      expect(await listCounters(db, ktp)).toEqual([]);
      expect(await revokeKiosk(db, one.id)).toBe(true);
      expect(await revokeKiosk(db, one.id)).toBe(false);
      expect((await kioskByToken(db, one.token))?.state).toBe('revoked');
      expect(await db.value('SELECT count(*) FROM counters WHERE revoked_at IS NULL')).toBe(1);
      await expect(createKiosk(db, { unitId, place: 'Kosong', serviceIds: [] })).rejects.toThrow();
    });
  });
}
