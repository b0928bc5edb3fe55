import { ELEMENT_CODES } from '../indicators/types.js';
import type { SurveySubmission } from '../vocabulary/submission.js';
import { PREFER_NOT, type Channel } from '../vocabulary/profile.js';
import type { Suspicion, Way } from '../vocabulary/assisted.js';
import type { Database, Queryable } from './engine/index.js';
import type { Param } from './engine/types.js';
import type { TotalsKey } from './totals.js';
import { TotalsBatch } from './totals-batch.js';

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
/**
 * The insert of survey posts (`rows` of them), on both engines: a key already stored for the
 * service (a retried post, or a concurrent duplicate that committed first; PostgreSQL waits for it)
 * inserts nothing and returns no row, instead of failing on the unique index. The arbiter is the
 * partial index responses_service_idem (008), named by its columns and predicate. Each stored row
 * returns its id first (what `value` reads), then its service and key.
 */
const submitSql = (rows: number): string =>
  `INSERT INTO responses (${COLUMNS.join(', ')}) VALUES ${Array<string>(rows).fill(`(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}
  ON CONFLICT (service_id, idem_key) WHERE idem_key IS NOT NULL DO NOTHING RETURNING id, service_id, idem_key`;
const SUBMIT_SQL = submitSql(1);
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
 * the totals' upserts (TotalsBatch), and no other statement unless the key was seen. A repeated idempotency key
 * for the same service (a retried post, also one racing the first from another process) stores
 * nothing and returns the first response's id; the same key on another service is another response. On SQLite the
 * transaction takes the write lock first (BEGIN IMMEDIATE); when another connection holds it past
 * the busy timeout it rejects with SQLITE_BUSY (isDbBusy) having stored nothing.
 */
export async function submitResponse(db: Database, s: SurveySubmission, meta: ResponseMeta): Promise<{ id: number; duplicate: boolean }> {
  return db.transaction((tx) => storeResponseIn(tx, s, meta));
}

/**
 * submitResponse inside the caller's transaction `tx` (an import stores its whole file in one). With
 * `batch` (group commit), the response's totals are summed there and written with the batch's.
 */
export async function storeResponseIn(
  tx: Queryable,
  s: SurveySubmission,
  meta: ResponseMeta,
  batch?: TotalsBatch,
): Promise<{ id: number; duplicate: boolean }> {
  const id = await tx.value<number>(SUBMIT_SQL, responseParams(s, meta));
  if (id === undefined) {
    // only a keyed post can conflict: the key's first response, committed before this one
    const prior = await tx.value<number>(PRIOR_SQL, [meta.serviceId, s.idempotencyKey]);
    return { id: Number(prior), duplicate: true };
  }
  // alone, a batch of one: every path upserts totals rows in the same global order (no deadlocks between them)
  const totals = batch ?? new TotalsBatch();
  totals.add(totalsKey(s, meta), ELEMENT_CODES.map((c) => s.answers[c]));
  if (!batch) await totals.writeTo(tx);
  return { id: Number(id), duplicate: false };
}

/** Rows per multi-row insert (a row's parameters times this stays far below PostgreSQL's limit of 65,535). */
const MANY_CHUNK = 200;

/**
 * Stores keyed responses of a group commit in one statement per chunk (PostgreSQL: one round trip
 * for the batch instead of one per post), their totals summed in `batch`. Each (service, key) is
 * inserted once: a key repeated in the batch, or already stored, answers the stored id as a
 * duplicate. Rows go in the order given, which the caller sorts by (service, key) so that
 * concurrent batches lock keys in one order.
 */
export async function storeKeyedResponsesIn(
  tx: Queryable,
  items: ReadonlyArray<{ s: SurveySubmission; meta: ResponseMeta }>,
  batch: TotalsBatch,
): Promise<Array<{ id: number; duplicate: boolean }>> {
  const keyOf = (i: number): string => `${items[i]?.meta.serviceId}|${items[i]?.s.idempotencyKey}`;
  const first = new Map<string, number>();
  items.forEach((it, i) => {
    if (!it.s.idempotencyKey) throw new Error('storeKeyedResponsesIn takes keyed submissions only');
    if (!first.has(keyOf(i))) first.set(keyOf(i), i);
  });
  const uniques = [...first.values()];
  const stored = new Map<string, number>();
  for (let c = 0; c < uniques.length; c += MANY_CHUNK) {
    const chunk = uniques.slice(c, c + MANY_CHUNK);
    const rows = await tx.all<{ id: number; service_id: number; idem_key: string }>(
      submitSql(chunk.length),
      chunk.flatMap((i) => responseParams((items[i] as { s: SurveySubmission }).s, (items[i] as { meta: ResponseMeta }).meta)),
    );
    for (const r of rows) stored.set(`${r.service_id}|${r.idem_key}`, Number(r.id));
  }
  const ids = new Map<string, { id: number; duplicate: boolean }>();
  for (const i of uniques) {
    const { s, meta } = items[i] as { s: SurveySubmission; meta: ResponseMeta };
    const id = stored.get(keyOf(i));
    if (id !== undefined) {
      ids.set(keyOf(i), { id, duplicate: false });
      batch.add(totalsKey(s, meta), ELEMENT_CODES.map((c) => s.answers[c]));
    } else {
      // stored before (a retry, or a concurrent duplicate that committed first)
      ids.set(keyOf(i), { id: Number(await tx.value<number>(PRIOR_SQL, [meta.serviceId, s.idempotencyKey])), duplicate: true });
    }
  }
  return items.map((_, i) => {
    const r = ids.get(keyOf(i)) as { id: number; duplicate: boolean };
    return first.get(keyOf(i)) === i ? r : { id: r.id, duplicate: true };
  });
}

/** Responses per service with a local date in from..to (inclusive), for services that have any. */
export async function responseCountsByService(q: Queryable, from: string, to: string): Promise<Map<number, number>> {
  const rows = await q.all<{ service_id: number; n: number }>(
    'SELECT service_id, count(*) AS n FROM responses WHERE local_date BETWEEN ? AND ? GROUP BY service_id',
    [from, to],
  );
  return new Map(rows.map((r) => [Number(r.service_id), Number(r.n)]));
}
