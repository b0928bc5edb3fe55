import type { Db } from '../db.js';
import { ELEMENT_CODES } from '../indicators/types.js';
import type { SurveySubmission } from '../survey/validate.js';
import { PREFER_NOT, type Channel } from '../survey/profile.js';
import { addToTotals } from './totals.js';

export interface ResponseMeta {
  serviceId: number;
  channel: Channel;
  lang: string;
  submittedAt: Date;
  /** Agency-local date of submittedAt, YYYY-MM-DD */
  localDate: string;
}

const ANSWER_COLUMNS = ELEMENT_CODES.map((c) => `e_${c.toLowerCase()}`);

// idem_key: the form visit's idempotency key, unique per service (008); idempotency_key is retired
const COLUMNS = ['service_id', 'submitted_at', 'local_date', 'channel', 'lang', 'gender', 'age', 'age_band', 'education',
  'occupation', 'disability', ...ANSWER_COLUMNS, 'comment', 'idem_key'];
const INSERT_SQL = `INSERT INTO responses (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

/**
 * Stores one response and adds it to the running totals, in one transaction.
 * A repeated idempotency key for the same service (a retried post) stores nothing and returns the
 * first response's id; the same key on another service is another response. The transaction takes
 * the write lock first (IMMEDIATE), so the check and the insert see the same data; when another
 * connection holds the lock past the busy timeout it throws SQLITE_BUSY having stored nothing.
 */
export function storeResponse(
  db: Db,
  s: SurveySubmission,
  meta: ResponseMeta,
): { id: number; duplicate: boolean } {
  return db.transaction(() => {
    if (s.idempotencyKey) {
      const prior = db.prepare('SELECT id FROM responses WHERE service_id = ? AND idem_key = ?').get(meta.serviceId, s.idempotencyKey) as { id: number } | undefined;
      if (prior) return { id: prior.id, duplicate: true };
    }
    const id = Number(
      db.prepare(INSERT_SQL).run(
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
      ).lastInsertRowid,
    );
    const p = s.profile;
    addToTotals(
      db,
      {
        serviceId: meta.serviceId,
        localDate: meta.localDate,
        channel: meta.channel,
        groups: {
          gender: p.gender ?? PREFER_NOT,
          age: s.ageBand ?? PREFER_NOT,
          education: p.education ?? PREFER_NOT,
          occupation: p.occupation ?? PREFER_NOT,
          disability: p.disability ?? PREFER_NOT,
        },
      },
      ELEMENT_CODES.map((c) => s.answers[c]),
    );
    return { id, duplicate: false };
  }).immediate();
}

export function countResponses(db: Db, serviceId?: number): number {
  const row = (
    serviceId === undefined
      ? db.prepare('SELECT count(*) AS n FROM responses').get()
      : db.prepare('SELECT count(*) AS n FROM responses WHERE service_id = ?').get(serviceId)
  ) as { n: number };
  return row.n;
}
