import type { Db } from '../../server/db.js';
import type { Database } from '../../server/data/engine/index.js';
import { submitResponse } from '../../server/data/responses.js';
import { ELEMENT_CODES, type ElementCode } from '../../server/indicators/types.js';
import { ageBand, type Channel } from '../../server/vocabulary/profile.js';

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

/** Stores responses, one after another, through the same function the survey uses (so running totals are kept). */
export async function addResponses(store: Database, serviceId: number, list: TestResponse[]): Promise<void> {
  for (const r of list) {
    const answer = (c: ElementCode) => (typeof r.answers === 'number' ? r.answers : (r.answers[c] ?? null));
    const answers = Object.fromEntries(ELEMENT_CODES.map((c) => [c, answer(c)])) as Record<ElementCode, number | null>;
    await submitResponse(
      store,
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

/** How many responses are stored, for one service or all: a check on the raw connection. */
export function countResponses(db: Db, serviceId?: number): number {
  return (
    serviceId === undefined
      ? db.prepare('SELECT count(*) FROM responses').pluck().get()
      : db.prepare('SELECT count(*) FROM responses WHERE service_id = ?').pluck().get(serviceId)
  ) as number;
}
