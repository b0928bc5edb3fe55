import { ELEMENT_CODES } from '../indicators/types.js';
import { DIMENSION_NAMES, PREFER_NOT } from '../vocabulary/profile.js';
import { recordAudit, type AuditActor } from './audit.js';
import { inList, type Database, type Queryable } from './engine/index.js';
import { DIMENSION_COLUMN, responseMetrics, upsertSql } from './totals-sql.js';

// The quarantine (issue 10): responses and unrated visits the flood checks marked suspicious. They
// count until an officer decides: `exclude` takes one out of every total (the running totals are
// decremented in the same transaction, emptied rows removed, so they equal a recomputation),
// `restore` puts it back. Nothing is deleted; every decision is audited. Published snapshots are not
// touched: what the public saw changes only by republication.

export type QuarantineKind = 'response' | 'visit';
export type QuarantineState = 'open' | 'excluded' | 'kept';

export interface QuarantineRow {
  kind: QuarantineKind;
  id: number;
  service_id: number;
  service_code: string;
  local_date: string;
  submitted_at: string;
  channel: string;
  suspicion: string;
  excluded: number;
  reviewed_at: string | null;
  end_state: string | null;
  /** the nine answers in ELEMENT_CODES order (null: not answered); none for a visit */
  answers: Array<number | null>;
}

const ANSWER_COLS = ELEMENT_CODES.map((c) => `e_${c.toLowerCase()}`);
const STATE_SQL: Record<QuarantineState, string> = {
  open: 'x.reviewed_at IS NULL',
  excluded: 'x.excluded = 1',
  kept: 'x.reviewed_at IS NOT NULL AND x.excluded = 0',
};

/** Suspicious responses and visits of some services (newest first), in one state. */
export async function listQuarantine(q: Queryable, serviceIds: readonly number[], state: QuarantineState, limit = 200): Promise<QuarantineRow[]> {
  const common = 'x.id, x.service_id, s.code AS service_code, x.local_date, x.submitted_at, x.channel, x.suspicion, x.excluded, x.reviewed_at, x.end_state';
  const where = `x.suspicion IS NOT NULL AND ${inList(q.engine, 'x.service_id')} AND ${STATE_SQL[state]}`;
  const ids = JSON.stringify(serviceIds);
  const responses = await q.all<Record<string, unknown>>(
    `SELECT ${common}, ${ANSWER_COLS.map((c) => `x.${c}`).join(', ')} FROM responses x JOIN services s ON s.id = x.service_id WHERE ${where} ORDER BY x.id DESC LIMIT ?`,
    [ids, limit],
  );
  const visits = await q.all<Record<string, unknown>>(
    `SELECT ${common} FROM unrated_visits x JOIN services s ON s.id = x.service_id WHERE ${where} ORDER BY x.id DESC LIMIT ?`,
    [ids, limit],
  );
  const row = (kind: QuarantineKind, r: Record<string, unknown>): QuarantineRow => ({
    kind,
    id: Number(r.id),
    service_id: Number(r.service_id),
    service_code: String(r.service_code),
    local_date: String(r.local_date),
    submitted_at: String(r.submitted_at),
    channel: String(r.channel),
    suspicion: String(r.suspicion),
    excluded: Number(r.excluded),
    reviewed_at: (r.reviewed_at as string | null) ?? null,
    end_state: (r.end_state as string | null) ?? null,
    answers: kind === 'response' ? ANSWER_COLS.map((c) => (r[c] === null ? null : Number(r[c]))) : [],
  });
  return [...responses.map((r) => row('response', r)), ...visits.map((r) => row('visit', r))]
    .sort((a, b) => b.submitted_at.localeCompare(a.submitted_at))
    .slice(0, limit);
}

/** How many suspicious responses and visits of some services wait for a decision. */
export async function countOpen(q: Queryable, serviceIds: readonly number[]): Promise<number> {
  const where = `suspicion IS NOT NULL AND reviewed_at IS NULL AND ${inList(q.engine, 'service_id')}`;
  const ids = JSON.stringify(serviceIds);
  const a = await q.value<number>(`SELECT count(*) FROM responses WHERE ${where}`, [ids]);
  const b = await q.value<number>(`SELECT count(*) FROM unrated_visits WHERE ${where}`, [ids]);
  return Number(a ?? 0) + Number(b ?? 0);
}

const TOTALS = [
  { table: 'totals_day', keys: ['service_id', 'day', 'channel'] },
  { table: 'totals_month', keys: ['service_id', 'month', 'channel'] },
] as const;
const GROUP_KEYS = ['service_id', 'month', 'dimension', 'grp'];

/** Adds (sign 1) or takes away (sign -1) one stored response in every totals table; rows left with no response are removed. */
async function moveTotals(tx: Queryable, r: Record<string, unknown>, sign: 1 | -1): Promise<void> {
  const answers = ANSWER_COLS.map((c) => (r[c] === null || r[c] === undefined ? null : Number(r[c])));
  const m = responseMetrics(answers).map((v) => v * sign);
  const day = String(r.local_date);
  const month = day.slice(0, 7);
  const keyOf: Record<string, unknown[]> = { totals_day: [r.service_id, day, r.channel], totals_month: [r.service_id, month, r.channel] };
  for (const t of TOTALS) {
    const key = keyOf[t.table] as Array<string | number>;
    await tx.run(upsertSql(t.table, [...t.keys]), [...key, ...m]);
    await tx.run(`DELETE FROM ${t.table} WHERE ${t.keys.map((k) => `${k} = ?`).join(' AND ')} AND n = 0`, key);
  }
  for (const dim of DIMENSION_NAMES) {
    const grp = (r[DIMENSION_COLUMN[dim]] as string | null) ?? PREFER_NOT;
    const key = [r.service_id as number, month, dim, grp];
    await tx.run(upsertSql('totals_group_month', GROUP_KEYS), [...key, ...m]);
    await tx.run(`DELETE FROM totals_group_month WHERE ${GROUP_KEYS.map((k) => `${k} = ?`).join(' AND ')} AND n = 0`, key);
  }
}

export type Decision = 'exclude' | 'restore';
const TABLE: Record<QuarantineKind, string> = { response: 'responses', visit: 'unrated_visits' };
const ROW_COLS = ['id', 'service_id', 'local_date', 'channel', 'suspicion', 'excluded', ...new Set(Object.values(DIMENSION_COLUMN)), ...ANSWER_COLS];

/**
 * Excludes or restores one suspicious response or visit of the given services, audited, in one
 * transaction with its totals. Returns false when it is not suspicious or not in those services
 * (the caller answers 404); a decision that changes nothing (already excluded) is still recorded
 * as reviewed and audited.
 */
export async function decide(db: Database, actor: AuditActor, kind: QuarantineKind, id: number, decision: Decision, serviceIds: readonly number[], now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const cols = kind === 'response' ? ROW_COLS : ROW_COLS.filter((c) => !c.startsWith('e_'));
    const r = await tx.get<Record<string, unknown>>(
      `SELECT ${cols.join(', ')} FROM ${TABLE[kind]} WHERE id = ? AND suspicion IS NOT NULL AND ${inList(tx.engine, 'service_id')}`,
      [id, JSON.stringify(serviceIds)],
    );
    if (!r) return false;
    const to = decision === 'exclude' ? 1 : 0;
    // the condition on `excluded` makes a concurrent second decision change nothing (PostgreSQL waits for the first)
    const moved = await tx.run(`UPDATE ${TABLE[kind]} SET excluded = ?, reviewed_at = ?, reviewed_by = ? WHERE id = ? AND excluded <> ?`, [
      to,
      now.toISOString(),
      actor.userId,
      id,
      to,
    ]);
    if (moved.changes === 0) await tx.run(`UPDATE ${TABLE[kind]} SET reviewed_at = ?, reviewed_by = ? WHERE id = ?`, [now.toISOString(), actor.userId, id]);
    else if (kind === 'response') await moveTotals(tx, r, to === 1 ? -1 : 1);
    const service = await tx.value<string>('SELECT code FROM services WHERE id = ?', [r.service_id as number]);
    await recordAudit(tx, actor, decision, { kind, id, code: service ?? null }, {
      service: service ?? null,
      date: r.local_date,
      suspicion: r.suspicion,
      before: { excluded: Number(r.excluded) === 1 },
      after: { excluded: to === 1 },
    });
    return true;
  });
}
