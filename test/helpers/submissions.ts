import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/data/engine/index.js';
import { elementTexts } from '../../server/data/elements.js';
import { submitResponse, type ResponseMeta } from '../../server/data/responses.js';
import { ensureSetting } from '../../server/data/settings.js';
import { recomputeTotals } from '../../server/data/totals.js';
import { ELEMENT_CODES } from '../../server/indicators/types.js';
import type { Channel } from '../../server/vocabulary/profile.js';
import type { SurveySubmission } from '../../server/vocabulary/submission.js';

/**
 * What the survey's storing relies on, run against each engine on a freshly migrated database:
 * a response and its running totals in one transaction, an idempotency key stored once per service
 * also when duplicates race, totals that stay exact under concurrent submissions (equal to a
 * recomputation), the element texts and the settings. `open` gives a fresh, migrated database.
 */
export function submissionContract(name: string, open: () => Promise<Database>): void {
  describe(`survey submissions and running totals: ${name}`, () => {
    let db: Database;
    let services: number[];
    beforeEach(async () => {
      db = await open();
      services = await seed(db);
      return () => db.close();
    });

    it('stores a response with its totals, and a retried key once per service', async () => {
      const [a, b] = services as [number, number];
      const first = await submitResponse(db, submission({ key: 'k-1', answer: 4 }), meta(a, '2026-03-05'));
      expect(first.duplicate).toBe(false);
      expect(await submitResponse(db, submission({ key: 'k-1', answer: 1 }), meta(a, '2026-03-06'))).toEqual({ id: first.id, duplicate: true });
      // the same key on another service is another response
      expect((await submitResponse(db, submission({ key: 'k-1', answer: 2 }), meta(b, '2026-03-05'))).duplicate).toBe(false);
      // posts without a key (imports) never conflict
      await submitResponse(db, submission({ key: null, answer: 3 }), meta(a, '2026-03-05'));
      await submitResponse(db, submission({ key: null, answer: 3 }), meta(a, '2026-03-05'));
      expect(await db.value('SELECT count(*) FROM responses WHERE service_id = ?', [a])).toBe(3);
      expect(await db.get('SELECT id, e_waktu, idem_key FROM responses WHERE id = ?', [first.id])).toEqual({ id: first.id, e_waktu: 4, idem_key: 'k-1' });
      const day = await db.get<Record<string, number>>(
        'SELECT n, mean_sum, waktu_n, waktu_sum, waktu_c4, waktu_c12 FROM totals_day WHERE service_id = ? AND day = ? AND channel = ?',
        [a, '2026-03-05', 'link'],
      );
      expect(day).toEqual({ n: 3, mean_sum: 9.125, waktu_n: 3, waktu_sum: 10, waktu_c4: 1, waktu_c12: 0 });
      expect(await db.value('SELECT n FROM totals_month WHERE service_id = ? AND month = ?', [a, '2026-03'])).toBe(3);
      const groups = await db.all('SELECT dimension, grp, n FROM totals_group_month WHERE service_id = ? ORDER BY dimension, grp', [a]);
      expect(groups).toEqual([
        { dimension: 'age', grp: '25_34', n: 3 },
        { dimension: 'disability', grp: 'na', n: 3 },
        { dimension: 'education', grp: 'sma', n: 3 },
        { dimension: 'endstate', grp: 'na', n: 3 },
        { dimension: 'gender', grp: 'P', n: 3 },
        { dimension: 'occupation', grp: 'na', n: 3 },
      ]);
      await expectTotalsRecomputable(db);
    });

    it('stores each key once and keeps the totals exact under concurrent submissions', async () => {
      const posts = Array.from({ length: 60 }, (_, i) => ({
        service: services[i % 2] as number,
        // every key is sent three times, at once: a citizen's double tap, a proxy's retry
        key: `race-${Math.floor(i / 6)}-${i % 2}`,
        answer: 1 + (i % 4),
        date: `2026-0${1 + (i % 3)}-1${i % 5}`,
        channel: (['link', 'qr', 'embed'] as const)[i % 3] as Channel,
      }));
      const results = await Promise.all(
        posts.map(async (p, i) => {
          await sleep(i % 3);
          return submitResponse(db, submission({ key: p.key, answer: p.answer }), meta(p.service, p.date, p.channel));
        }),
      );
      expect(results.filter((r) => !r.duplicate)).toHaveLength(20);
      // a duplicate answers the id of the stored response of its key
      const ids = new Map<string, number>();
      results.forEach((r, i) => {
        const key = (posts[i] as { key: string }).key;
        const known = ids.get(key);
        if (known === undefined) ids.set(key, r.id);
        else expect(r.id, key).toBe(known);
      });
      expect(await db.value('SELECT count(*) FROM responses')).toBe(20);
      expect(await db.value('SELECT SUM(n) FROM totals_day')).toBe(20);
      expect(await db.value('SELECT SUM(n) FROM totals_month')).toBe(20);
      expect(await db.value("SELECT SUM(n) FROM totals_group_month WHERE dimension = 'gender'")).toBe(20);
      await expectTotalsRecomputable(db);
    });

    it('rolls the response back with its totals when storing fails', async () => {
      const [a] = services as [number];
      await submitResponse(db, submission({ key: 'ok', answer: 4 }), meta(a, '2026-03-05'));
      const bad = { ...submission({ key: 'bad', answer: 4 }), age: 5 }; // refused by the CHECK on age
      await expect(submitResponse(db, bad, meta(a, '2026-03-05'))).rejects.toThrow();
      expect(await db.value('SELECT count(*) FROM responses')).toBe(1);
      expect(await db.value('SELECT SUM(n) FROM totals_day')).toBe(1);
      expect(await db.value('SELECT SUM(n) FROM totals_group_month')).toBe(6); // one row per dimension
    });

    it('reads the element texts in a language, falling back to Indonesian', async () => {
      const en = await elementTexts(db, 'en');
      expect(en.map((e) => e.code)).toEqual([...ELEMENT_CODES]);
      const id = await elementTexts(db, 'id');
      expect(en[0]?.name).not.toBe(id[0]?.name);
      expect(await elementTexts(db, 'fr')).toEqual(id);
      expect(id[0]?.labels).toHaveLength(4);
    });

    it('creates a setting once, also when callers race', async () => {
      let made = 0;
      const values = await Promise.all(Array.from({ length: 5 }, () => ensureSetting(db, 'test_secret', () => `v${++made}`)));
      expect(new Set(values).size).toBe(1);
      expect(await ensureSetting(db, 'test_secret', () => 'other')).toBe(values[0]);
    });
  });
}

export async function seed(db: Database): Promise<number[]> {
  const agency = await db.value<number>("INSERT INTO agencies (code, name_id, name_en) VALUES ('uji', 'Kabupaten Uji', 'Uji Regency') RETURNING id");
  const unit = await db.value<number>(
    "INSERT INTO units (agency_id, parent_id, code, name_id, name_en) VALUES (?, NULL, 'pemkab', 'Pemkab Uji', 'Uji Government') RETURNING id",
    [Number(agency)],
  );
  const services: number[] = [];
  for (const code of ['ktp', 'kk']) {
    const id = await db.value<number>("INSERT INTO services (unit_id, code, name_id, name_en) VALUES (?, ?, 'Layanan', 'Service') RETURNING id", [
      Number(unit),
      code,
    ]);
    services.push(Number(id));
  }
  return services;
}

export function submission(o: { key: string | null; answer: number }): SurveySubmission {
  return {
    answers: Object.fromEntries(ELEMENT_CODES.map((c, i) => [c, i === 8 ? null : c === 'WAKTU' ? o.answer : 3])) as SurveySubmission['answers'],
    profile: { gender: 'P', education: 'sma', occupation: null, disability: null },
    age: 30,
    ageBand: '25_34',
    comment: null,
    idempotencyKey: o.key,
  };
}

export function meta(serviceId: number, localDate: string, channel: Channel = 'link'): ResponseMeta {
  return { serviceId, channel, lang: 'id', submittedAt: new Date(`${localDate}T03:00:00Z`), localDate };
}

/** The running totals as kept incrementally equal a recomputation from the responses. */
export async function expectTotalsRecomputable(db: Database): Promise<void> {
  const tables = ['totals_day', 'totals_month', 'totals_group_month'];
  const snapshot = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await db.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`)])));
  const kept = await snapshot();
  await recomputeTotals(db);
  const recomputed = await snapshot();
  for (const t of tables) {
    const a = kept[t] as Array<Record<string, unknown>>;
    const b = recomputed[t] as Array<Record<string, unknown>>;
    expect(b.length, t).toBe(a.length);
    b.forEach((row, i) => {
      for (const [k, v] of Object.entries(row)) {
        const was = (a[i] as Record<string, unknown>)[k];
        if (typeof v === 'number') expect(Math.abs(v - (was as number)), `${t}.${k}`).toBeLessThan(1e-9);
        else expect(v, `${t}.${k}`).toBe(was);
      }
    });
  }
}
