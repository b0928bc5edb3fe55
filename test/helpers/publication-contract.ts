import { beforeEach, describe, expect, it } from 'vitest';
import { createAgency } from '../../server/data/agency.js';
import type { Database } from '../../server/data/engine/index.js';
import {
  addPublication,
  countPublications,
  firstResponseDate,
  getPublication,
  listPublications,
  publicationsOfPeriod,
  recordRepublication,
  removePublication,
  republicationsOf,
  type NewPublication,
} from '../../server/data/publications.js';
import { createService } from '../../server/data/services.js';
import { createUnit } from '../../server/data/units.js';

/**
 * The publication log and the republications (migration 014), run against each engine. `open` gives
 * a fresh, migrated, empty database.
 */
export function publicationContract(name: string, open: () => Promise<Database>): void {
  describe(`publication log data: ${name}`, () => {
    let db: Database;
    let root: number;
    let unit: number;
    let service: number;
    const entry = (over: Partial<NewPublication>): NewPublication => ({
      scope: { unitId: unit },
      period: '2026-Q3',
      periodFrom: '2026-07-01',
      periodTo: '2026-09-30',
      channel: 'website',
      electronic: true,
      publishedOn: '2026-10-05',
      url: 'https://uji.go.id/skm',
      note: null,
      createdBy: null,
      ...over,
    });

    beforeEach(async () => {
      db = await open();
      const agencyId = await createAgency(db, { code: 'uji', name_id: 'Kabupaten Uji', name_en: 'Uji Regency', time_zone: 'Asia/Jakarta' });
      root = await createUnit(db, { agencyId, parentId: null, code: 'pemkab', nameId: 'Pemkab', nameEn: 'Regency' });
      unit = await createUnit(db, { agencyId, parentId: root, code: 'dukcapil', nameId: 'Dukcapil', nameEn: 'Registry' });
      service = await createService(db, { unitId: unit, code: 'ktp', nameId: 'KTP', nameEn: 'ID card' });
    });

    it('adds, reads, lists per scope and period, counts and removes entries', async () => {
      const a = await db.transaction((tx) => addPublication(tx, entry({})));
      const b = await db.transaction((tx) =>
        addPublication(tx, entry({ channel: 'print', electronic: false, url: null, note: 'Harian Uji, hlm. 3', publishedOn: '2026-10-09' })),
      );
      await db.transaction((tx) =>
        addPublication(tx, entry({ scope: { serviceId: service }, channel: 'notice_board', electronic: false, url: null, note: 'Papan loket' })),
      );
      await db.transaction((tx) =>
        addPublication(tx, entry({ period: '2026-Q2', periodFrom: '2026-04-01', periodTo: '2026-06-30', publishedOn: '2026-07-03' })),
      );

      expect(await getPublication(db, a)).toMatchObject({
        unit_id: unit,
        service_id: null,
        channel: 'website',
        electronic: 1,
        url: 'https://uji.go.id/skm',
        note: null,
      });
      // newest publication first
      expect((await publicationsOfPeriod(db, { unitId: unit }, '2026-Q3')).map((p) => p.id)).toEqual([b, a]);
      expect(await countPublications(db, { unitId: unit }, '2026-Q3')).toBe(2);
      expect(await countPublications(db, { serviceId: service }, '2026-Q3')).toBe(1);
      expect(await countPublications(db, { unitId: root }, '2026-Q3')).toBe(0);

      // a scope's year, as the national evaluation reads it: periods overlapping the year
      const year = await listPublications(db, { unitId: unit, from: '2026-01-01', to: '2026-12-31' });
      expect(year.map((p) => p.period).sort()).toEqual(['2026-Q2', '2026-Q3', '2026-Q3']);
      expect((await listPublications(db, { serviceId: service, from: '2026-01-01', to: '2026-12-31' })).map((p) => p.channel)).toEqual(['notice_board']);
      expect(await listPublications(db, { unitId: unit, from: '2025-01-01', to: '2025-12-31' })).toEqual([]);
      expect(await listPublications(db, { from: '2026-07-01', to: '2026-09-30' })).toHaveLength(3);

      expect(await db.transaction((tx) => removePublication(tx, b))).toBe(true);
      expect(await db.transaction((tx) => removePublication(tx, b))).toBe(false);
      expect(await countPublications(db, { unitId: unit }, '2026-Q3')).toBe(1);
    });

    it('refuses what the schema forbids: no scope or two, other links than http(s), neither link nor note', async () => {
      const insert = (sql: string, args: Array<string | number | null>) => db.transaction((tx) => tx.run(sql, args));
      const cols = 'INSERT INTO publications (unit_id, service_id, period, period_from, period_to, channel, electronic, published_on, url, note)';
      const row = (u: number | null, s: number | null, url: string | null, note: string | null, channel = 'website') => [
        u,
        s,
        '2026-Q3',
        '2026-07-01',
        '2026-09-30',
        channel,
        1,
        '2026-10-05',
        url,
        note,
      ];
      const values = ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
      await expect(insert(cols + values, row(null, null, 'https://a.id', null))).rejects.toThrow();
      await expect(insert(cols + values, row(unit, service, 'https://a.id', null))).rejects.toThrow();
      await expect(insert(cols + values, row(unit, null, 'javascript:alert(1)', null))).rejects.toThrow();
      await expect(insert(cols + values, row(unit, null, null, null))).rejects.toThrow();
      await expect(insert(cols + values, row(unit, null, 'https://a.id', null, 'radio'))).rejects.toThrow();
      expect(await countPublications(db, { unitId: unit }, '2026-Q3')).toBe(0);
    });

    it('records republications and finds those touching a run of months', async () => {
      await db.transaction((tx) =>
        recordRepublication(tx, {
          period: '2026-08',
          monthFrom: '2026-08',
          monthTo: '2026-08',
          at: '2026-12-03T02:00:00.000Z',
          reason: 'late kiosk answers included',
          createdBy: null,
        }),
      );
      await db.transaction((tx) =>
        recordRepublication(tx, {
          period: '2026-Q2',
          monthFrom: '2026-04',
          monthTo: '2026-06',
          at: '2026-12-04T02:00:00.000Z',
          reason: 'paper forms entered',
          createdBy: null,
        }),
      );
      expect((await republicationsOf(db, '2026-07', '2026-09')).map((r) => r.reason)).toEqual(['late kiosk answers included']);
      expect((await republicationsOf(db, '2026-01', '2026-12')).map((r) => r.period)).toEqual(['2026-Q2', '2026-08']);
      expect(await republicationsOf(db, '2026-10', '2026-10')).toEqual([]);
      await expect(
        db.transaction((tx) =>
          recordRepublication(tx, { period: '2026-08', monthFrom: '2026-08', monthTo: '2026-08', at: '2026-12-03T00:00:00Z', reason: '  ', createdBy: null }),
        ),
      ).rejects.toThrow();
    });

    it('knows the first response date (none yet: null)', async () => {
      expect(await firstResponseDate(db)).toBeNull();
    });
  });
}
