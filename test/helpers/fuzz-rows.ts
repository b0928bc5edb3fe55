import { expect } from 'vitest';
import type { Queryable } from '../../server/data/engine/index.js';
import { ELEMENT_CODES } from '../../server/indicators/types.js';
import { COMMENT_MAX } from '../../server/survey/validate.js';
import { AGE_MAX, AGE_MIN, ageBand, END_STATES, NOT_RATED_END_STATES, PREFER_NOT, PROFILE_OPTIONS } from '../../server/vocabulary/profile.js';

// After a fuzz run: every stored response and unrated visit satisfies the schema's and the survey's
// rules, beyond what the database's own CHECKs hold (known codes, no NUL, trimmed comments...).

type Row = Record<string, unknown>;

const IDEM = /^[A-Za-z0-9_-]{16,64}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const inOptions = (dim: keyof typeof PROFILE_OPTIONS, v: unknown) => v === null || v === PREFER_NOT || (PROFILE_OPTIONS[dim] as readonly unknown[]).includes(v);

/** What is wrong with a stored row (a response when `rated`, else an unrated visit); empty when nothing. */
function rowProblems(r: Row, rated: boolean, known: { services: Set<number>; counters: Set<number> }): string[] {
  const bad: string[] = [];
  const check = (ok: boolean, what: string) => void (ok || bad.push(`${what}: ${JSON.stringify(r[what] ?? null)}`));
  check(known.services.has(Number(r.service_id)), 'service_id');
  check(['link', 'qr', 'embed', 'kiosk'].includes(r.channel as string), 'channel');
  check(r.lang === 'id' || r.lang === 'en', 'lang');
  check(typeof r.local_date === 'string' && DATE.test(r.local_date), 'local_date');
  check(!Number.isNaN(Date.parse(String(r.submitted_at))), 'submitted_at');
  for (const dim of ['gender', 'education', 'occupation', 'disability'] as const) check(inOptions(dim, r[dim]), dim);
  const age = r.age === null ? null : Number(r.age);
  check(age === null || (Number.isInteger(age) && age >= AGE_MIN && age <= AGE_MAX), 'age');
  check(age === null ? r.age_band === null || r.age_band === PREFER_NOT : r.age_band === ageBand(age), 'age_band');
  const c = r.comment;
  check(c === null || (typeof c === 'string' && c !== '' && c === c.trim() && !c.includes('\u0000') && Array.from(c).length <= COMMENT_MAX), 'comment');
  check(r.idem_key === null || (typeof r.idem_key === 'string' && IDEM.test(r.idem_key)), 'idem_key');
  check(r.counter_id === null || known.counters.has(Number(r.counter_id)), 'counter_id');
  if (rated) {
    const answers = ELEMENT_CODES.map((e) => r[`e_${e.toLowerCase()}`]);
    for (const [i, a] of answers.entries()) check(a === null || [1, 2, 3, 4].includes(Number(a)), `e_${ELEMENT_CODES[i]!.toLowerCase()}`);
    check(
      answers.some((a) => a !== null),
      'e_persyaratan',
    );
    check(r.end_state === null || r.end_state === PREFER_NOT || (END_STATES as readonly unknown[]).includes(r.end_state), 'end_state');
  } else check(NOT_RATED_END_STATES.includes(r.end_state as string), 'end_state');
  return bad;
}

/** Checks every stored response and unrated visit; returns how many there are (and how many responses have a comment). */
export async function expectValidRows(q: Queryable): Promise<{ responses: number; unrated: number; comments: number }> {
  const services = new Set((await q.all<{ id: number }>('SELECT id FROM services')).map((r) => Number(r.id)));
  const counters = new Set((await q.all<{ id: number }>('SELECT id FROM counters')).map((r) => Number(r.id)));
  const responses = await q.all<Row>('SELECT * FROM responses');
  const unrated = await q.all<Row>('SELECT * FROM unrated_visits');
  const problems = [
    ...responses.map((r) => ({ id: r.id, bad: rowProblems(r, true, { services, counters }) })),
    ...unrated.map((r) => ({ id: `unrated ${String(r.id)}`, bad: rowProblems(r, false, { services, counters }) })),
  ].filter((p) => p.bad.length);
  expect(problems).toEqual([]);
  return { responses: responses.length, unrated: unrated.length, comments: responses.filter((r) => r.comment !== null).length };
}
