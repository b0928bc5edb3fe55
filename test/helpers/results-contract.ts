import { beforeEach, describe, expect, it } from 'vitest';
import { listMigrations } from '../../server/db.js';
import { dateBounds } from '../../server/data/bounds.js';
import { listComments } from '../../server/data/comments.js';
import type { Database } from '../../server/data/engine/index.js';
import { submitResponse } from '../../server/data/responses.js';
import { schemaVersion } from '../../server/data/schema-version.js';
import { createService } from '../../server/data/services.js';
import { rawTotalsByService, readBreakdowns, readTotalsByService, sumTotals, type TotalsQuery } from '../../server/data/totals.js';
import { createUnit } from '../../server/data/units.js';
import { overviewRows } from '../../server/results/overview.js';
import { trendRows } from '../../server/results/trend.js';
import { ikm } from '../../server/indicators/skm.js';
import { ELEMENT_CODES, totalsFromAnswers, type Answers, type Totals } from '../../server/indicators/types.js';
import { periodOf } from '../../server/indicators/periods.js';
import { computeResults } from '../../server/results/compute.js';
import { computePublicResults } from '../../server/results/public.js';
import { resolveScope } from '../../server/results/scope.js';
import { CHANNELS, type Channel } from '../../server/vocabulary/profile.js';

interface Seeded {
  serviceId: number;
  date: string;
  channel: Channel;
  gender: string | null;
  answers: Array<number | null>;
}

/**
 * The read side of results (running totals by scope, period and filter, the raw scan, group
 * breakdowns, comments, date bounds, the schema version, the results object and the overview), run
 * against each engine on a freshly migrated database. `open` gives a fresh, migrated, empty database.
 */
export function resultsContract(name: string, open: () => Promise<Database>): void {
  describe(`results reads: ${name}`, () => {
    let db: Database;
    let ids: { root: number; unit: number; ktp: number; kk: number; izin: number };
    let stored: Seeded[];

    beforeEach(async () => {
      db = await open();
      const agencyId = Number(
        await db.value("INSERT INTO agencies (code, name_id, name_en, time_zone) VALUES ('uji', 'Uji', 'Uji', 'Asia/Jakarta') RETURNING id"),
      );
      const root = await createUnit(db, { agencyId, parentId: null, code: 'pemkab', nameId: 'Pemkab', nameEn: 'Regency', targetIkm: 80 });
      const unit = await createUnit(db, { agencyId, parentId: root, code: 'dukcapil', nameId: 'Dukcapil', nameEn: 'Registry' });
      const ktp = await createService(db, { unitId: unit, code: 'ktp', nameId: 'KTP', nameEn: 'ID card', published: true });
      const kk = await createService(db, { unitId: unit, code: 'kk', nameId: 'KK', nameEn: 'Family card', targetIkm: 90 });
      const izin = await createService(db, { unitId: root, code: 'izin', nameId: 'Izin', nameEn: 'Permit' });
      ids = { root, unit, ktp, kk, izin };
      stored = [];
      const services = [ktp, kk, izin];
      const genders = ['P', 'L', null];
      for (let i = 0; i < 48; i++) {
        const r: Seeded = {
          serviceId: services[i % 3] as number,
          date: `2026-0${1 + (i % 3)}-${String(5 + ((i * 7) % 24)).padStart(2, '0')}`,
          channel: CHANNELS[i % CHANNELS.length] as Channel,
          gender: genders[(i >> 1) % 3] ?? null,
          answers: ELEMENT_CODES.map((_, e) => (e === i % 9 && i % 4 === 0 ? null : 1 + ((i + e) % 4))),
        };
        stored.push(r);
        await submitResponse(
          db,
          {
            answers: Object.fromEntries(ELEMENT_CODES.map((c, e) => [c, r.answers[e] ?? null])) as Record<(typeof ELEMENT_CODES)[number], number | null>,
            profile: { gender: r.gender, education: null, occupation: null, disability: i % 5 === 0 ? 'yes' : null },
            age: null,
            ageBand: null,
            comment: [`Pelayanan CEPAT nomor ${i}`, `diskon 100% nomor ${i}`, `antri_panjang nomor ${i}`, null][i % 4] ?? null,
            idempotencyKey: `k-${i}`,
          },
          { serviceId: r.serviceId, channel: r.channel, lang: 'id', submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), localDate: r.date },
        );
      }
      return () => db.close();
    });

    const expected = (pick: (r: Seeded) => boolean): Totals =>
      totalsFromAnswers(stored.filter(pick).map((r) => Object.fromEntries(ELEMENT_CODES.map((c, e) => [c, r.answers[e] ?? null])) as Answers));

    function expectTotals(actual: Totals, want: Totals): void {
      expect(actual.n).toBe(want.n);
      expect(actual.meanSum).toBeCloseTo(want.meanSum, 9);
      expect(actual.meanSumSq).toBeCloseTo(want.meanSumSq, 9);
      expect(actual.elements).toEqual(want.elements);
    }

    it('reads totals by scope over whole months and cut edges, by channel and by group, as the responses give them', async () => {
      const cases: Array<[TotalsQuery, (r: Seeded) => boolean]> = [
        [{ serviceIds: null, from: '2026-01-01', to: '2026-03-31' }, () => true],
        [
          { serviceIds: [ids.ktp, ids.kk], from: '2026-01-15', to: '2026-03-10' },
          (r) => r.serviceId !== ids.izin && r.date >= '2026-01-15' && r.date <= '2026-03-10',
        ],
        [{ serviceIds: null, from: '2026-02-01', to: '2026-02-28', channel: 'qr' }, (r) => r.date.startsWith('2026-02') && r.channel === 'qr'],
        [
          { serviceIds: [ids.ktp], from: '2026-01-10', to: '2026-02-28', group: { dimension: 'gender', value: 'P' } },
          (r) => r.serviceId === ids.ktp && r.date >= '2026-01-10' && r.date <= '2026-02-28' && r.gender === 'P',
        ],
        [
          { serviceIds: null, from: '2026-01-01', to: '2026-03-20', group: { dimension: 'gender', value: 'na' } },
          (r) => r.date <= '2026-03-20' && r.gender === null,
        ],
        [
          { serviceIds: null, from: '2026-01-01', to: '2026-03-31', channel: 'link', group: { dimension: 'gender', value: 'L' } },
          (r) => r.channel === 'link' && r.gender === 'L',
        ],
        [{ serviceIds: [], from: '2026-01-01', to: '2026-03-31' }, () => false],
      ];
      for (const [q, pick] of cases) {
        const byService = await readTotalsByService(db, q);
        expectTotals(sumTotals(byService.values()), expected(pick));
        expectTotals(sumTotals((await rawTotalsByService(db, q)).values()), expected(pick));
        for (const id of [ids.ktp, ids.kk, ids.izin]) expect(byService.get(id)?.n ?? 0).toBe(expected((r) => pick(r) && r.serviceId === id).n);
      }
    });

    it('breaks a scope down by every group and channel, whole months and edge days alike', async () => {
      for (const q of [
        { serviceIds: null, from: '2026-01-01', to: '2026-03-31' },
        { serviceIds: [ids.ktp, ids.izin], from: '2026-01-20', to: '2026-03-15' },
        { serviceIds: null, from: '2026-01-01', to: '2026-03-31', channel: 'kiosk' as Channel },
      ]) {
        const inQuery = (r: Seeded) =>
          (q.serviceIds ? q.serviceIds.includes(r.serviceId) : true) && r.date >= q.from && r.date <= q.to && (!q.channel || r.channel === q.channel);
        const b = await readBreakdowns(db, q);
        for (const g of ['P', 'L', 'na']) expect(b.gender[g]?.n ?? 0, g).toBe(expected((r) => inQuery(r) && (r.gender ?? 'na') === g).n);
        for (const c of CHANNELS) expect(b.channel[c]?.n ?? 0, c).toBe(expected((r) => inQuery(r) && r.channel === c).n);
        expect(b.disability.yes?.elements.WAKTU.sum ?? 0).toBe(expected((r) => inQuery(r) && stored.indexOf(r) % 5 === 0).elements.WAKTU.sum);
      }
    });

    it('computes the results object and the overview from the same figures', async () => {
      const agency = await resolveScope(db, 'agency');
      const unit = await resolveScope(db, 'unit', 'dukcapil');
      expect(unit).toMatchObject({ kind: 'unit', unitId: ids.unit, serviceIds: [ids.ktp, ids.kk], target: 80 });
      expect(await resolveScope(db, 'service', 'nope')).toBeUndefined();
      const q = { from: '2026-01-01', to: '2026-03-31', channel: null, group: null };
      const results = await computeResults(db, agency!, q, { lang: 'en', k: 5, showUnpublished: true });
      expect(results.n).toBe(48);
      expect(results.ikm).toBeCloseTo(ikm(expected(() => true)) as number, 9);
      expect(results.services.map((s) => [s.code, s.n, s.target])).toEqual([
        ['ktp', 16, 80],
        ['kk', 16, 90],
        ['izin', 16, 80],
      ]);
      expect((results.groups.gender as Array<{ group: string; n: number | null }>).find((g) => g.group === 'na')?.n).toBe(expected((r) => r.gender === null).n);
      const rows = await overviewRows(db, agency!, q, '2026-Q1', 'en', 5);
      expect(rows.filter((r) => r.kind === 'unit').map((r) => [r.code, r.depth, r.n])).toEqual([
        ['pemkab', 0, 48],
        ['dukcapil', 1, 32],
      ]);
      const trend = await trendRows(db, unit!, q, '2026-Q1', 5);
      expect(trend).toHaveLength(8);
      expect(trend.at(-1)?.n).toBe(32);
    });

    it('lists comments newest first, searched without regard to case, with % and _ taken literally', async () => {
      const all = await listComments(db, { serviceIds: null, from: '2026-01-01', to: '2026-03-31', limit: 5, offset: 0 });
      expect(all.total).toBe(36);
      expect(all.rows.map((r) => r.comment)).toEqual([
        'antri_panjang nomor 46',
        'diskon 100% nomor 45',
        'Pelayanan CEPAT nomor 44',
        'antri_panjang nomor 42',
        'diskon 100% nomor 41',
      ]);
      const search = async (s: string) =>
        (await listComments(db, { serviceIds: [ids.ktp, ids.kk], from: '2026-01-01', to: '2026-03-31', search: s, limit: 50, offset: 0 })).total;
      const inServices = (k: number) => stored.filter((r, i) => i % 4 === k && r.serviceId !== ids.izin).length;
      expect(await search('cepat')).toBe(inServices(0));
      expect(await search('100%')).toBe(inServices(1));
      expect(await search('i_p')).toBe(inServices(2));
      expect(await search('%')).toBe(inServices(1));
      expect(await search('_')).toBe(inServices(2));
    });

    it('publishes a completed quarter from its frozen months', async () => {
      const period = { ...periodOf('quarter', '2026-01-01'), kind: 'quarter' as const };
      const at = new Date('2026-05-01T00:00:00Z');
      const service = await computePublicResults(db, (await resolveScope(db, 'service', 'ktp'))!, period, { lang: 'en', k: 5, now: at });
      expect(service.publication.status).toBe('published');
      expect(service.n).toBe(16);
      // kk and izin are not published: the agency shows ktp alone
      const agency = await computePublicResults(db, (await resolveScope(db, 'agency'))!, period, { lang: 'en', k: 5, now: at });
      expect([agency.n, agency.services.map((s) => s.code)]).toEqual([16, ['ktp']]);
    });

    it('bounds the dates by the earliest response and knows the schema is migrated', async () => {
      expect(await dateBounds(db, new Date('2027-05-01T00:00:00Z'))).toEqual({ minYear: 2025, maxYear: 2028 });
      expect(await schemaVersion(db)).toBe(listMigrations().at(-1)?.version);
    });
  });
}
