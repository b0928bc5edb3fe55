import type { Db } from '../../server/db.js';
import { storeResponse } from '../../server/data/responses.js';
import { ELEMENT_CODES, type ElementCode } from '../../server/indicators/types.js';
import { ageBand, type Channel } from '../../server/survey/profile.js';

export interface TestResponse {
  date: string;
  answers: Partial<Record<ElementCode, number | null>> | number;
  channel?: Channel;
  gender?: string | null;
  age?: number | null;
  education?: string | null;
  occupation?: string | null;
  disability?: string | null;
  comment?: string | null;
}

/** Stores responses through the same function the survey uses (so running totals are kept). */
export function addResponses(db: Db, serviceId: number, list: TestResponse[]): void {
  for (const r of list) {
    const answer = (c: ElementCode) => (typeof r.answers === 'number' ? r.answers : (r.answers[c] ?? null));
    const answers = Object.fromEntries(ELEMENT_CODES.map((c) => [c, answer(c)])) as Record<ElementCode, number | null>;
    storeResponse(
      db,
      {
        answers,
        profile: { gender: r.gender ?? null, education: r.education ?? null, occupation: r.occupation ?? null, disability: r.disability ?? null },
        age: r.age ?? null,
        ageBand: r.age == null ? null : ageBand(r.age),
        comment: r.comment ?? null,
        idempotencyKey: null,
      },
      { serviceId, channel: r.channel ?? 'link', lang: 'id', submittedAt: new Date(`${r.date}T03:00:00Z`), localDate: r.date },
    );
  }
}

/** n copies of a response. */
export const times = (n: number, r: TestResponse): TestResponse[] => Array.from({ length: n }, () => r);
