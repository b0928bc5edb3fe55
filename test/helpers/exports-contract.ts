import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import type { Database } from '../../server/data/engine/index.js';
import { commentPages, countExportResponses, responsePages, type ExportFilter, type ExportResponse } from '../../server/data/export-rows.js';
import { createService } from '../../server/data/services.js';
import { seedSmall, type SmallOrg } from './app.js';
import { download, readCsv, readXlsx } from './export-files.js';
import { signInAs } from './officer.js';
import { addResponses, times, type TestResponse } from './responses.js';

/**
 * The paged reads behind the exports (server/data/export-rows.ts) on each engine, and one file of
 * each kind through the app on that engine. `open` gives a fresh, migrated, empty database.
 */
export function exportsContract(name: string, open: () => Promise<Database>): void {
  describe(`export reads: ${name}`, () => {
    let db: Database;
    let org: SmallOrg;
    let other = 0;
    const base = (over: Partial<ExportFilter> = {}): ExportFilter => ({
      serviceIds: [org.serviceId, other],
      from: '2026-07-01',
      to: '2026-09-30',
      channel: null,
      group: null,
      ...over,
    });
    const all = async (f: ExportFilter, pageSize: number) => {
      const pages: ExportResponse[][] = [];
      for await (const page of responsePages(db, f, pageSize)) pages.push(page);
      return pages;
    };

    beforeEach(async () => {
      db = await open();
      org = await seedSmall(db);
      other = await createService(db, { unitId: org.unitId, code: 'akta', nameId: 'Akta Kelahiran', nameEn: 'Birth certificate' });
      const day = (date: string, gender: string | null, comment: string | null = null): TestResponse => ({ date, answers: 3, gender, age: 40, comment });
      // several on one date, so that pages end inside a date; one outside the period on each side
      await addResponses(db, org.serviceId, [
        day('2026-06-30', 'P'),
        ...times(4, day('2026-07-01', 'P', 'Loket ramah')),
        ...times(3, day('2026-07-01', null)),
        day('2026-08-15', 'na', 'Antre 100% lama'),
        { ...day('2026-08-15', 'L'), channel: 'qr' },
        day('2026-09-30', 'L', 'LOKET tutup'),
        day('2026-10-01', 'L'),
      ]);
      await addResponses(db, other, [...times(2, day('2026-07-02', 'L', 'loket dua')), day('2026-07-01', 'P')]);
    });

    it('reads every response of the period once, service by service, by date and id, in pages', async () => {
      const expected = await db.all<{ id: number; service_id: number; local_date: string }>(
        "SELECT id, service_id, local_date FROM responses WHERE local_date BETWEEN '2026-07-01' AND '2026-09-30' ORDER BY CASE WHEN service_id = ? THEN 0 ELSE 1 END, local_date, id",
        [org.serviceId],
      );
      expect(expected.length).toBe(13);
      for (const size of [1, 3, 5, 100]) {
        const pages = await all(base(), size);
        expect(pages.every((p) => p.length >= 1 && p.length <= size)).toBe(true);
        expect(pages.flat().map((r) => Number(r.id))).toEqual(expected.map((r) => Number(r.id)));
      }
      expect(await countExportResponses(db, base())).toBe(13);
      // a row has the export's columns only: no time, age, counter, officer, key or comment
      const first = (await all(base(), 1))[0]?.[0] as ExportResponse;
      expect(Object.keys(first)).not.toEqual(expect.arrayContaining(['submitted_at']));
      for (const hidden of ['submitted_at', 'age', 'counter_id', 'entered_by', 'idem_key', 'idempotency_key', 'comment'])
        expect(first).not.toHaveProperty(hidden);
      expect(first).toMatchObject({ local_date: '2026-07-01', age_band: '35_44', e_persyaratan: 3 });
    });

    it('narrows by channel and profile group as the running totals do ("na" also for an empty answer)', async () => {
      expect((await all(base({ channel: 'qr' }), 10)).flat().length).toBe(1);
      const na = (await all(base({ group: { dimension: 'gender', value: 'na' } }), 2)).flat();
      expect(na.map((r) => r.gender).sort()).toEqual(['na', null, null, null].sort());
      expect(await countExportResponses(db, base({ group: { dimension: 'gender', value: 'L' } }))).toBe(4);
      expect(await countExportResponses(db, base({ serviceIds: [other] }))).toBe(3);
    });

    it('leaves out responses an officer excluded (quarantine), as every figure does', async () => {
      const one = (await all(base(), 1))[0]?.[0] as ExportResponse;
      await db.run('UPDATE responses SET excluded = 1 WHERE id = ?', [one.id]);
      const ids = (await all(base(), 4)).flat().map((r) => Number(r.id));
      expect(ids).not.toContain(Number(one.id));
      expect(ids.length).toBe(12);
      expect(await countExportResponses(db, base())).toBe(12);
    });

    it('reads comments of the period in pages, searched case-insensitively with literal % and _', async () => {
      const read = async (search?: string, size = 2) => {
        const out: string[] = [];
        for await (const page of commentPages(db, { serviceIds: [org.serviceId, other], from: '2026-07-01', to: '2026-09-30', search }, size)) {
          expect(page.length).toBeLessThanOrEqual(size);
          out.push(...page.map((c) => c.comment));
        }
        return out;
      };
      expect((await read()).length).toBe(8);
      expect((await read('loket')).sort()).toEqual(
        ['LOKET tutup', 'Loket ramah', 'Loket ramah', 'Loket ramah', 'Loket ramah', 'loket dua', 'loket dua'].sort(),
      );
      expect(await read('%')).toEqual(['Antre 100% lama']);
      expect(await read('_')).toEqual([]);
    });

    it('makes the files through the app on this engine', async () => {
      const app = createApp({ store: db, config: testConfig() });
      const { agent } = await signInAs(app, db, { role: 'manager', unitId: org.unitId });
      const csv = readCsv((await download(agent, '/exports/units/dukcapil/responses.csv?period=2026-Q3')).body);
      expect(csv.length - 1).toBe(13);
      expect(csv[1]?.slice(2, 4)).toEqual(['ktp', 'Perekaman KTP-el']);
      const comments = readCsv((await download(agent, '/exports/units/dukcapil/comments.csv?period=2026-Q3&q=LOKET')).body);
      expect(comments.length - 1).toBe(7);
      const ws = (await readXlsx((await download(agent, '/exports/services/ktp/olah-data.xlsx?period=2026-Q3')).body)).worksheets[0];
      expect(ws?.getRow(6).getCell(2).value).toBe(3);
      const results = readCsv((await download(agent, '/exports/units/dukcapil/results.csv?period=2026-Q3')).body);
      expect(results[1]?.[7]).toBe('13'); // respondents of the summary row
      expect(Number(results[1]?.[10])).toBe(75); // every answer 3: IKM 75
    });
  });
}
