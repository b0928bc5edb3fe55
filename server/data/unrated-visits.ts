import { ELEMENT_CODES } from '../indicators/types.js';
import type { SurveySubmission } from '../vocabulary/submission.js';
import { END_STATES, NOT_RATED_END_STATES } from '../vocabulary/profile.js';
import { inList, type Database, type Queryable } from './engine/index.js';
import { storeResponseIn, type ResponseMeta } from './responses.js';
import type { TotalsBatch } from './totals-batch.js';

/** What storing a valid submission did: its row's id, whether its key was stored before, and whether it rated nothing. */
export interface StoredSubmission {
  id: number;
  duplicate: boolean;
  unrated: boolean;
}

// Visits that ended without service (not served, gave up) and answered no element (issue 10):
// kept for reach by end state, never an IKM response, so every row of `responses` still answers at
// least one element and every IKM figure is unchanged. Few rows: reach reads them through
// (service_id, local_date) rather than running totals.

const COLUMNS = [
  'service_id',
  'submitted_at',
  'local_date',
  'channel',
  'way',
  'counter_id',
  'lang',
  'end_state',
  'gender',
  'age',
  'age_band',
  'education',
  'occupation',
  'disability',
  'comment',
  'idem_key',
  'entered_by',
  'suspicion',
];
const INSERT_SQL = `INSERT INTO unrated_visits (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (service_id, idem_key) WHERE idem_key IS NOT NULL DO NOTHING RETURNING id`;

/** A submission that answered no element: it can only be stored as an unrated visit. */
export function isUnrated(s: SurveySubmission): boolean {
  return ELEMENT_CODES.every((c) => s.answers[c] === null);
}

/** Stores an unrated visit in the caller's transaction; a repeated key stores nothing (duplicate). */
async function storeUnratedVisitIn(tx: Queryable, s: SurveySubmission, meta: ResponseMeta): Promise<{ id: number; duplicate: boolean }> {
  if (!s.endState || !NOT_RATED_END_STATES.includes(s.endState)) throw new Error('an unrated visit needs end state not_served or gave_up');
  const p = s.profile;
  const id = await tx.value<number>(INSERT_SQL, [
    meta.serviceId,
    meta.submittedAt.toISOString(),
    meta.localDate,
    meta.channel,
    meta.way ?? null,
    meta.counterId ?? null,
    meta.lang,
    s.endState,
    p.gender,
    s.age,
    s.ageBand,
    p.education,
    p.occupation,
    p.disability,
    s.comment,
    s.idempotencyKey,
    meta.enteredBy ?? null,
    meta.suspicion ?? null,
  ]);
  if (id !== undefined) return { id: Number(id), duplicate: false };
  const prior = await tx.value<number>('SELECT id FROM unrated_visits WHERE service_id = ? AND idem_key = ?', [meta.serviceId, s.idempotencyKey]);
  return { id: Number(prior), duplicate: true };
}

/**
 * A valid submission in the caller's transaction: an IKM response, or an unrated visit when it
 * answered no element. With `batch` (group commit), the totals are summed there.
 */
export function storeSubmissionIn(tx: Queryable, s: SurveySubmission, meta: ResponseMeta, batch?: TotalsBatch): Promise<StoredSubmission> {
  const unrated = isUnrated(s);
  return (unrated ? storeUnratedVisitIn(tx, s, meta) : storeResponseIn(tx, s, meta, batch)).then((r) => ({ ...r, unrated }));
}

/** storeSubmissionIn in a transaction of its own (citizens' posts go through the group commit, server/data/group-commit.ts). */
export function storeSubmission(db: Database, s: SurveySubmission, meta: ResponseMeta): Promise<StoredSubmission> {
  return db.transaction((tx) => storeSubmissionIn(tx, s, meta));
}

/** Unrated visits (not excluded) per end state, for services (null: all) and inclusive local dates. */
export async function unratedByEndState(q: Queryable, serviceIds: readonly number[] | null, from: string, to: string): Promise<Record<string, number>> {
  const scope = serviceIds ? ` AND ${inList(q.engine, 'service_id')}` : '';
  const rows = await q.all<{ end_state: string; n: number }>(
    `SELECT end_state, count(*) AS n FROM unrated_visits WHERE local_date BETWEEN ? AND ? AND excluded = 0${scope} GROUP BY end_state`,
    [from, to, ...(serviceIds ? [JSON.stringify(serviceIds)] : [])],
  );
  const out: Record<string, number> = {};
  for (const e of END_STATES) out[e] = 0;
  for (const r of rows) out[r.end_state] = Number(r.n);
  return out;
}
