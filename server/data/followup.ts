import type { Queryable } from './engine/index.js';

// Follow-up plans (Rencana Tindak Lanjut, db/migrations/015): one row per action of the plan of a
// scope made from one period's results. A scope is the agency (its root unit), a unit or a service.

export type FollowUpScopeKind = 'agency' | 'unit' | 'service';
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Which plan: the scope's kind and id (root unit, unit or service). */
export interface ScopeKey {
  kind: FollowUpScopeKind;
  id: number;
}

/** What an officer enters for an action. */
export interface ActionFields {
  element: string;
  activity: string;
  person: string;
  responsible: string;
  /** '2027-Q1' */
  plannedQuarter: string;
  status: ActionStatus;
  evidenceNote: string;
  evidenceUrl: string;
  /** local YYYY-MM-DD, set exactly when the status is done */
  doneDate: string | null;
}

export interface ActionRow {
  id: number;
  scope_kind: FollowUpScopeKind;
  scope_id: number;
  period: string;
  element_code: string;
  activity: string;
  person: string;
  responsible: string;
  planned_quarter: string;
  status: ActionStatus;
  evidence_note: string;
  evidence_url: string;
  done_date: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS =
  'id, scope_kind, scope_id, period, element_code, activity, person, responsible, planned_quarter, status, evidence_note, evidence_url, done_date, created_at, updated_at';
const ORDER = 'ORDER BY planned_quarter, id';

/** The actions of one plan (scope and period), by planned quarter. */
export function listPlanActions(q: Queryable, key: ScopeKey, period: string): Promise<ActionRow[]> {
  return q.all<ActionRow>(`SELECT ${COLUMNS} FROM followup_actions WHERE scope_kind = ? AND scope_id = ? AND period = ? ${ORDER}`, [key.kind, key.id, period]);
}

/** Every action of a scope, whatever the plan's period (newest plan first). */
export function listScopeActions(q: Queryable, key: ScopeKey): Promise<ActionRow[]> {
  return q.all<ActionRow>(`SELECT ${COLUMNS} FROM followup_actions WHERE scope_kind = ? AND scope_id = ? ORDER BY period DESC, planned_quarter, id`, [
    key.kind,
    key.id,
  ]);
}

export function getAction(q: Queryable, id: number): Promise<ActionRow | undefined> {
  return q.get<ActionRow>(`SELECT ${COLUMNS} FROM followup_actions WHERE id = ?`, [id]);
}

const nowText = (): string => new Date().toISOString();

/** Adds an action to a plan; returns its id. Call it inside the audited transaction. */
export async function addAction(tx: Queryable, key: ScopeKey, period: string, f: ActionFields, userId: number | null): Promise<number> {
  const id = await tx.value<number>(
    `INSERT INTO followup_actions (scope_kind, scope_id, period, element_code, activity, person, responsible, planned_quarter, status,
       evidence_note, evidence_url, done_date, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [key.kind, key.id, period, f.element, f.activity, f.person, f.responsible, f.plannedQuarter, f.status, f.evidenceNote, f.evidenceUrl, f.doneDate, userId],
  );
  return Number(id);
}

export async function updateAction(tx: Queryable, id: number, f: ActionFields): Promise<void> {
  await tx.run(
    `UPDATE followup_actions SET element_code = ?, activity = ?, person = ?, responsible = ?, planned_quarter = ?, status = ?,
       evidence_note = ?, evidence_url = ?, done_date = ?, updated_at = ? WHERE id = ?`,
    [f.element, f.activity, f.person, f.responsible, f.plannedQuarter, f.status, f.evidenceNote, f.evidenceUrl, f.doneDate, nowText(), id],
  );
}

export async function deleteAction(tx: Queryable, id: number): Promise<void> {
  await tx.run('DELETE FROM followup_actions WHERE id = ?', [id]);
}

/** Open (planned or in progress) actions whose planned quarter came before `quarter` ('2026-Q4'), counted per scope. */
export function overdueCounts(q: Queryable, quarter: string): Promise<Array<{ scope_kind: FollowUpScopeKind; scope_id: number; n: number }>> {
  return q.all(
    `SELECT scope_kind, scope_id, COUNT(*) AS n FROM followup_actions
      WHERE status IN ('planned', 'in_progress') AND planned_quarter < ? GROUP BY scope_kind, scope_id ORDER BY scope_kind, scope_id`,
    [quarter],
  );
}

/** Actions of the plans made from one period, counted per scope. */
export function planCounts(q: Queryable, period: string): Promise<Array<{ scope_kind: FollowUpScopeKind; scope_id: number; n: number }>> {
  return q.all(
    'SELECT scope_kind, scope_id, COUNT(*) AS n FROM followup_actions WHERE period = ? GROUP BY scope_kind, scope_id ORDER BY scope_kind, scope_id',
    [period],
  );
}

/** Every action of the plans made from the periods of one year ('2026', '2026-Q1', '2026-S2', '2026-03'). */
export function listYearActions(q: Queryable, year: number): Promise<ActionRow[]> {
  return q.all<ActionRow>(`SELECT ${COLUMNS} FROM followup_actions WHERE period LIKE ? ORDER BY id`, [`${String(year).padStart(4, '0')}%`]);
}
