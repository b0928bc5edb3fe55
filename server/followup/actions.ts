/**
 * Follow-up actions changed by officers: every change and its audit row in one transaction
 * (server/manage/audited.ts). The audit rows name the scope by its code and the plan by its period.
 */
import type { AuditActor } from '../data/audit.js';
import type { Database } from '../data/engine/index.js';
import { addAction, deleteAction, getAction, updateAction, type ActionFields, type ActionRow, type ScopeKey } from '../data/followup.js';
import { audited, auditedUpdate } from '../manage/audited.js';

const KIND = 'followup_action';

/** What the audit row keeps of an action (codes and values, readable on their own). */
function snapshot(f: ActionFields) {
  return {
    element: f.element,
    activity: f.activity,
    responsible: f.responsible,
    person: f.person,
    planned_quarter: f.plannedQuarter,
    status: f.status,
    done_date: f.doneDate,
    evidence_note: f.evidenceNote,
    evidence_url: f.evidenceUrl,
  };
}

const fieldsOf = (a: ActionRow): ActionFields => ({
  element: a.element_code,
  activity: a.activity,
  person: a.person,
  responsible: a.responsible,
  plannedQuarter: a.planned_quarter,
  status: a.status,
  evidenceNote: a.evidence_note,
  evidenceUrl: a.evidence_url,
  doneDate: a.done_date,
});

export function createActionAudited(store: Database, actor: AuditActor, key: ScopeKey, scopeCode: string, period: string, f: ActionFields): Promise<number> {
  return audited(store, actor, async (tx) => {
    const id = await addAction(tx, key, period, f, actor.userId);
    return { result: id, audit: [{ action: 'create', entity: { kind: KIND, id, code: scopeCode }, details: { scope: key.kind, period, after: snapshot(f) } }] };
  });
}

export function updateActionAudited(store: Database, actor: AuditActor, a: ActionRow, scopeCode: string, f: ActionFields): Promise<boolean> {
  return auditedUpdate(store, actor, {
    entity: { kind: KIND, id: a.id, code: scopeCode },
    before: async (tx) => {
      const now = await getAction(tx, a.id);
      return snapshot(now ? fieldsOf(now) : fieldsOf(a));
    },
    after: () => Promise.resolve(snapshot(f)),
    write: (tx) => updateAction(tx, a.id, f),
  });
}

export function deleteActionAudited(store: Database, actor: AuditActor, a: ActionRow, scopeCode: string): Promise<void> {
  return audited(store, actor, async (tx) => {
    await deleteAction(tx, a.id);
    return {
      result: undefined,
      audit: [
        {
          action: 'delete',
          entity: { kind: KIND, id: a.id, code: scopeCode },
          details: { scope: a.scope_kind, period: a.period, before: snapshot(fieldsOf(a)) },
        },
      ],
    };
  });
}
