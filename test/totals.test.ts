import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../server/db.js';
import { submitResponse } from '../server/data/responses.js';
import { readBreakdowns, readTotalsByService, rawTotalsByService, recomputeTotals, sumTotals, type TotalsQuery } from '../server/data/totals.js';
import { ELEMENT_CODES, totalsFromAnswers, type Answers, type Totals } from '../server/indicators/types.js';
import { addDays } from '../server/indicators/calendar.js';
import { CHANNELS, PROFILE_OPTIONS, PREFER_NOT, ageBand, type Channel } from '../server/vocabulary/profile.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createService } from '../server/data/services.js';
import { seedSmall, testDb } from './helpers/app.js';

interface Gen {
  service: number; // index
  day: number; // offset from 2025-11-20
  channel: Channel;
  answers: Array<number | null>;
  gender: string | null;
  age: number | null;
  disability: string | null;
}

const START = '2025-11-20';
const answer = fc.option(fc.integer({ min: 1, max: 4 }), { nil: null, freq: 4 });
const response: fc.Arbitrary<Gen> = fc.record({
  service: fc.integer({ min: 0, max: 2 }),
  day: fc.integer({ min: 0, max: 120 }),
  channel: fc.constantFrom(...CHANNELS),
  answers: fc.array(answer, { minLength: 9, maxLength: 9 }).filter((a) => a.some((v) => v !== null)),
  gender: fc.constantFrom(null, PREFER_NOT, ...PROFILE_OPTIONS.gender),
  age: fc.option(fc.integer({ min: 15, max: 90 }), { nil: null }),
  disability: fc.constantFrom(null, PREFER_NOT, ...PROFILE_OPTIONS.disability),
});

async function setup(): Promise<{ db: Db; store: SqliteDatabase; services: number[] }> {
  const db = testDb();
  const store = SqliteDatabase.of(db);
  const org = await seedSmall(store);
  const s2 = await createService(store, { unitId: org.unitId, code: 'kk', nameId: 'Kartu Keluarga', nameEn: 'Family card' });
  const s3 = await createService(store, { unitId: org.rootId, code: 'izin', nameId: 'Izin', nameEn: 'Permit' });
  return { db, store, services: [org.serviceId, s2, s3] };
}

/** Stores a generated response through the survey's own path (its running totals included). */
async function submit(store: SqliteDatabase, services: number[], r: Gen): Promise<void> {
  const answers = Object.fromEntries(ELEMENT_CODES.map((c, i) => [c, r.answers[i] ?? null])) as Record<(typeof ELEMENT_CODES)[number], number | null>;
  await submitResponse(
    store,
    {
      answers,
      profile: { gender: r.gender, education: null, occupation: null, disability: r.disability },
      age: r.age,
      ageBand: r.age === null ? null : ageBand(r.age),
      comment: null,
      idempotencyKey: null,
    },
    { serviceId: services[r.service] as number, channel: r.channel, lang: 'id', submittedAt: new Date(), localDate: addDays(START, r.day) },
  );
}

function expectClose(actual: Totals, expected: Totals): void {
  expect(actual.n).toBe(expected.n);
  expect(Math.abs(actual.meanSum - expected.meanSum)).toBeLessThan(1e-9);
  expect(Math.abs(actual.meanSumSq - expected.meanSumSq)).toBeLessThan(1e-9);
  expect(actual.elements).toEqual(expected.elements);
}

/** Breakdowns carry counts and sums only (what reach and IKM by group need). */
function expectCounts(actual: Totals, expected: Totals): void {
  expect(actual.n).toBe(expected.n);
  for (const code of ELEMENT_CODES) {
    expect(actual.elements[code].n).toBe(expected.elements[code].n);
    expect(actual.elements[code].sum).toBe(expected.elements[code].sum);
  }
}

const query = fc.record({
  fromDay: fc.integer({ min: 0, max: 130 }),
  length: fc.integer({ min: 0, max: 100 }),
  services: fc.subarray([0, 1, 2], { minLength: 1 }),
  all: fc.boolean(),
  channel: fc.option(fc.constantFrom(...CHANNELS), { nil: null }),
  group: fc.option(
    fc.oneof(
      fc.record({ dimension: fc.constant('gender' as const), value: fc.constantFrom(PREFER_NOT, ...PROFILE_OPTIONS.gender) }),
      fc.record({ dimension: fc.constant('age' as const), value: fc.constantFrom(PREFER_NOT, '25_34', '65plus') }),
      fc.record({ dimension: fc.constant('disability' as const), value: fc.constantFrom(PREFER_NOT, 'yes', 'no') }),
    ),
    { nil: null },
  ),
});

describe('running totals', () => {
  it('equal a brute-force computation from the raw responses, for any scope, period and filter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(response, { minLength: 0, maxLength: 60 }), fc.array(query, { minLength: 1, maxLength: 6 }), async (responses, queries) => {
        const { store: q, services } = await setup();
        for (const r of responses) await submit(q, services, r);
        for (const qq of queries) {
          const from = addDays(START, qq.fromDay);
          const to = addDays(from, qq.length);
          const ids = qq.services.map((i) => services[i] as number);
          const tq: TotalsQuery = { serviceIds: qq.all ? null : ids, from, to, channel: qq.channel, group: qq.group };
          const selected = responses.filter((r) => {
            const day = addDays(START, r.day);
            if (day < from || day > to) return false;
            if (!qq.all && !qq.services.includes(r.service)) return false;
            if (qq.channel && r.channel !== qq.channel) return false;
            if (qq.group) {
              const v =
                qq.group.dimension === 'gender' ? r.gender : qq.group.dimension === 'disability' ? r.disability : r.age === null ? null : ageBand(r.age);
              if ((v ?? PREFER_NOT) !== qq.group.value) return false;
            }
            return true;
          });
          const toAnswers = (rs: Gen[]): Answers[] => rs.map((r) => Object.fromEntries(ELEMENT_CODES.map((c, i) => [c, r.answers[i]])));
          const fromTotals = await readTotalsByService(q, tq);
          expectClose(sumTotals(fromTotals.values()), totalsFromAnswers(toAnswers(selected)));
          for (const [i, id] of services.entries()) {
            const own = selected.filter((r) => r.service === i);
            if (own.length) expectClose(fromTotals.get(id)!, totalsFromAnswers(toAnswers(own)));
            else expect(fromTotals.get(id)?.n ?? 0).toBe(0);
          }
          expectClose(sumTotals((await rawTotalsByService(q, tq)).values()), totalsFromAnswers(toAnswers(selected)));
          if (!qq.group) {
            const breakdown = await readBreakdowns(q, tq);
            const groupOf = {
              gender: (r: Gen) => r.gender ?? PREFER_NOT,
              disability: (r: Gen) => r.disability ?? PREFER_NOT,
              age: (r: Gen) => (r.age === null ? PREFER_NOT : ageBand(r.age)),
            };
            for (const [dim, of] of Object.entries(groupOf) as Array<[keyof typeof groupOf, (r: Gen) => string]>) {
              const groups = new Set([...selected.map(of), ...Object.keys(breakdown[dim])]);
              for (const g of groups) {
                const exp = selected.filter((r) => of(r) === g);
                if (exp.length) expectCounts(breakdown[dim][g]!, totalsFromAnswers(toAnswers(exp)));
                else expect(breakdown[dim][g]?.n ?? 0, `${dim}:${g}`).toBe(0);
              }
            }
            for (const ch of CHANNELS) {
              const exp = selected.filter((r) => r.channel === ch);
              if (exp.length) expectCounts(breakdown.channel[ch]!, totalsFromAnswers(toAnswers(exp)));
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('are rebuilt from the responses to the same values as kept incrementally', async () => {
    const { db, store, services } = await setup();
    const responses = fc.sample(response, { numRuns: 300, seed: 7 });
    for (const r of responses) await submit(store, services, r);
    const tables = ['totals_day', 'totals_month', 'totals_group_month'];
    const snapshot = () => Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()]));
    const before = snapshot();
    await recomputeTotals(store);
    const after = snapshot();
    for (const t of tables) {
      expect(after[t]!.length, t).toBe(before[t]!.length);
      (after[t] as Array<Record<string, number>>).forEach((row, i) => {
        const prev = (before[t] as Array<Record<string, number>>)[i]!;
        for (const [k, v] of Object.entries(row)) {
          if (typeof v === 'number') expect(Math.abs(v - (prev[k] as number)), `${t}.${k}`).toBeLessThan(1e-9);
          else expect(v).toBe(prev[k]);
        }
      });
    }
  });

  it('roll back with the response when storing fails', async () => {
    const { db, store, services } = await setup();
    const before = db.prepare('SELECT count(*) FROM totals_day').pluck().get();
    await expect(
      submitResponse(
        store,
        {
          answers: Object.fromEntries(ELEMENT_CODES.map((c) => [c, 3])) as never,
          profile: { gender: null, education: null, occupation: null, disability: null },
          age: 5,
          ageBand: 'lt25',
          comment: null,
          idempotencyKey: null,
        },
        { serviceId: services[0] as number, channel: 'link', lang: 'id', submittedAt: new Date(), localDate: '2026-01-05' },
      ),
    ).rejects.toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM totals_day').pluck().get()).toBe(before);
  });
});
