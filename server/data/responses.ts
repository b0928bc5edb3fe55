import { ELEMENT_CODES } from '../indicators/types.js';
import type { SurveySubmission } from '../vocabulary/submission.js';
import { PREFER_NOT, type Channel } from '../vocabulary/profile.js';
import type { Suspicion, Way } from '../vocabulary/assisted.js';
import type { Database, Queryable } from './engine/index.js';
import type { Param } from './engine/types.js';
import { addResponseToTotals, type TotalsKey } from './totals.js';

export interface ResponseMeta {
  serviceId: number;
  channel: Channel;
  lang: string;
  submittedAt: Date;
  /** Agency-local date of submittedAt, YYYY-MM-DD */
  localDate: string;
  /** the counter it came through (a counter link or a kiosk, from the verified token), or none */
  counterId?: number | null;
  /** channel 'assisted' only: how the interview was held, and the officer who entered it (issue 10) */
  way?: Way | null;
  enteredBy?: number | null;
  /** set by the flood checks (server/data/floods.ts): counted, but listed for an officer to decide */
  suspicion?: Suspicion | null;
}

const ANSWER_COLUMNS = ELEMENT_CODES.map((c) => `e_${c.toLowerCase()}`);

// idem_key: the form visit's idempotency key, unique per service (008); idempotency_key is retired
const COLUMNS = ['service_id', 'submitted_at', 'local_date', 'channel', 'lang', 'gender', 'age', 'age_band', 'education',
  'occupation', 'disability', ...ANSWER_COLUMNS, 'comment', 'idem_key', 'counter_id', 'end_state', 'way', 'entered_by', 'suspicion'];
const INSERT_SQL = `INSERT INTO responses (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
/**
 * The insert of a survey post, on both engines: a key already stored for the service (a retried
 * post, or a concurrent duplicate that committed first; PostgreSQL waits for it) inserts nothing
 * and returns no row, instead of failing on the unique index. The arbiter is the partial index
 * responses_service_idem (008), named by its columns and predicate.
 */
const SUBMIT_SQL = `${INSERT_SQL}
  ON CONFLICT (service_id, idem_key) WHERE idem_key IS NOT NULL DO NOTHING RETURNING id`;
const PRIOR_SQL = 'SELECT id FROM responses WHERE service_id = ? AND idem_key = ?';

/** The row's values in COLUMNS order. */
function responseParams(s: SurveySubmission, meta: ResponseMeta): Param[] {
  return [
    meta.serviceId,
    meta.submittedAt.toISOString(),
    meta.localDate,
    meta.channel,
    meta.lang,
    s.profile.gender,
    s.age,
    s.ageBand,
    s.profile.education,
    s.profile.occupation,
    s.profile.disability,
    ...ELEMENT_CODES.map((c) => s.answers[c]),
    s.comment,
    s.idempotencyKey,
    meta.counterId ?? null,
    s.endState ?? null,
    meta.way ?? null,
    meta.enteredBy ?? null,
    meta.suspicion ?? null,
  ];
}

/** Where the response counts in the running totals: NULL (not stated) counts as 'na'. */
function totalsKey(s: SurveySubmission, meta: ResponseMeta): TotalsKey {
  const p = s.profile;
  return {
    serviceId: meta.serviceId,
    localDate: meta.localDate,
    channel: meta.channel,
    groups: {
      gender: p.gender ?? PREFER_NOT,
      age: s.ageBand ?? PREFER_NOT,
      education: p.education ?? PREFER_NOT,
      occupation: p.occupation ?? PREFER_NOT,
      disability: p.disability ?? PREFER_NOT,
      endstate: s.endState ?? PREFER_NOT,
    },
  };
}

/**
 * Stores one response and adds it to the running totals, in one transaction: the insert, then
 * addResponseToTotals, and no other statement unless the key was seen. A repeated idempotency key
 * for the same service (a retried post, also one racing the first from another process) stores
 * nothing and returns the first response's id; the same key on another service is another response. On SQLite the
 * transaction takes the write lock first (BEGIN IMMEDIATE); when another connection holds it past
 * the busy timeout it rejects with SQLITE_BUSY (isDbBusy) having stored nothing.
 */
export async function submitResponse(db: Database, s: SurveySubmission, meta: ResponseMeta): Promise<{ id: number; duplicate: boolean }> {
  return db.transaction((tx) => storeResponseIn(tx, s, meta));
}

/** submitResponse inside the caller's transaction `tx` (an import stores its whole file in one). */
export async function storeResponseIn(tx: Queryable, s: SurveySubmission, meta: ResponseMeta): Promise<{ id: number; duplicate: boolean }> {
  const id = await tx.value<number>(SUBMIT_SQL, responseParams(s, meta));
  if (id === undefined) {
    // only a keyed post can conflict: the key's first response, committed before this one
    const prior = await tx.value<number>(PRIOR_SQL, [meta.serviceId, s.idempotencyKey]);
    return { id: Number(prior), duplicate: true };
  }
  await addResponseToTotals(tx, totalsKey(s, meta), ELEMENT_CODES.map((c) => s.answers[c]));
  return { id: Number(id), duplicate: false };
}

/** Responses per service with a local date in from..to (inclusive), for services that have any. */
export async function responseCountsByService(q: Queryable, from: string, to: string): Promise<Map<number, number>> {
  const rows = await q.all<{ service_id: number; n: number }>(
    'SELECT service_id, count(*) AS n FROM responses WHERE local_date BETWEEN ? AND ? GROUP BY service_id',
    [from, to],
  );
  return new Map(rows.map((r) => [Number(r.service_id), Number(r.n)]));
}
