import { beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../server/data/audit.js';
import type { Database } from '../../server/data/engine/index.js';
import {
  addAction,
  getAction,
  listPlanActions,
  listYearActions,
  overdueCounts,
  planCounts,
  type ActionFields,
  type ScopeKey,
} from '../../server/data/followup.js';
import { readDrafts } from '../../server/data/report-drafts.js';
import { addUser } from '../../server/data/users.js';
import { createActionAudited, deleteActionAudited, updateActionAudited } from '../../server/followup/actions.js';
import { readPlan } from '../../server/followup/plan.js';
import { resolveScope } from '../../server/results/scope.js';
import { saveChapterAudited } from '../../server/report/chapter.js';
import { addResponses, times } from './responses.js';
import { seedSmall, type SmallOrg } from './app.js';

const actor = { userId: 0, email: 'admin@uji.go.id' };

export const action = (over: Partial<ActionFields> = {}): ActionFields => ({
  element: 'WAKTU',
  activity: 'Antrean daring',
  person: 'Rina',
  responsible: 'Bidang Pelayanan',
  plannedQuarter: '2026-Q2',
  status: 'planned',
  evidenceNote: '',
  evidenceUrl: '',
  doneDate: null,
  ...over,
});

/**
 * Follow-up plans and report drafts on each engine: the data functions, the audited writes, the
 * plan with its timing and before/after from the running totals. `open` gives a fresh, migrated, empty database.
 */
export function followUpContract(name: string, open: () => Promise<Database>): void {
  describe(`follow-up data: ${name}`, () => {
    let db: Database;
    let org: SmallOrg;
    let key: ScopeKey;
    beforeEach(async () => {
      db = await open();
      org = await seedSmall(db);
      actor.userId = await addUser(db, {
        email: 'admin@uji.go.id',
        name: 'Admin',
        role: 'admin',
        unitId: org.rootId,
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      });
      key = { kind: 'service', id: org.serviceId };
    });

    it('adds, lists, changes and removes actions, each change audited in its transaction', async () => {
      const id = await createActionAudited(db, actor, key, 'ktp', '2026-Q1', action());
      await addAction(db, { kind: 'unit', id: org.unitId }, '2026-Q1', action({ element: 'SARANA' }), null);
      expect((await listPlanActions(db, key, '2026-Q1')).map((a) => [a.id, a.element_code, a.status])).toEqual([[id, 'WAKTU', 'planned']]);
      expect(await listPlanActions(db, key, '2026-Q2')).toEqual([]);
      const row = await getAction(db, id);
      expect(row).toMatchObject({
        scope_kind: 'service',
        scope_id: org.serviceId,
        period: '2026-Q1',
        responsible: 'Bidang Pelayanan',
        person: 'Rina',
        done_date: null,
      });

      expect(await updateActionAudited(db, actor, row!, 'ktp', action({ status: 'done', doneDate: '2026-04-10', evidenceUrl: 'https://x.example/b' }))).toBe(
        true,
      );
      expect(
        await updateActionAudited(
          db,
          actor,
          (await getAction(db, id))!,
          'ktp',
          action({ status: 'done', doneDate: '2026-04-10', evidenceUrl: 'https://x.example/b' }),
        ),
      ).toBe(false);
      expect(await getAction(db, id)).toMatchObject({ status: 'done', done_date: '2026-04-10', evidence_url: 'https://x.example/b' });
      await deleteActionAudited(db, actor, (await getAction(db, id))!, 'ktp');
      expect(await getAction(db, id)).toBeUndefined();

      const audit = (await listAudit(db, { kind: 'followup_action', limit: 10, offset: 0 })).reverse();
      expect(audit.map((a) => [a.action, a.entity_id, a.entity_code, a.user_email])).toEqual([
        ['create', id, 'ktp', 'admin@uji.go.id'],
        ['update', id, 'ktp', 'admin@uji.go.id'],
        ['delete', id, 'ktp', 'admin@uji.go.id'],
      ]);
      expect(JSON.parse(audit[1]!.details)).toEqual({
        before: { status: 'planned', done_date: null, evidence_url: '' },
        after: { status: 'done', done_date: '2026-04-10', evidence_url: 'https://x.example/b' },
      });
    });

    it('refuses a done action without its date, and a date on an open one', async () => {
      await expect(addAction(db, key, '2026-Q1', action({ status: 'done', doneDate: null }), null)).rejects.toThrow();
      await expect(addAction(db, key, '2026-Q1', action({ status: 'planned', doneDate: '2026-04-01' }), null)).rejects.toThrow();
      expect(await listPlanActions(db, key, '2026-Q1')).toEqual([]);
    });

    it('counts overdue actions and plans per scope', async () => {
      await addAction(db, key, '2026-Q1', action({ plannedQuarter: '2026-Q2' }), null);
      await addAction(db, key, '2026-Q1', action({ plannedQuarter: '2026-Q2', status: 'in_progress' }), null);
      await addAction(db, key, '2026-Q1', action({ plannedQuarter: '2026-Q2', status: 'dropped' }), null);
      await addAction(db, key, '2026-Q1', action({ plannedQuarter: '2026-Q2', status: 'done', doneDate: '2026-07-02' }), null);
      await addAction(db, key, '2026-Q1', action({ plannedQuarter: '2026-Q4' }), null);
      await addAction(db, { kind: 'unit', id: org.unitId }, '2026-Q2', action({ plannedQuarter: '2026-Q1' }), null);
      const byScope = (rows: Array<{ scope_kind: string; scope_id: number; n: number }>) => rows.map((r) => [r.scope_kind, r.scope_id, Number(r.n)]);
      expect(byScope(await overdueCounts(db, '2026-Q4'))).toEqual([
        ['service', org.serviceId, 2],
        ['unit', org.unitId, 1],
      ]);
      expect(byScope(await overdueCounts(db, '2026-Q2'))).toEqual([['unit', org.unitId, 1]]);
      expect(byScope(await planCounts(db, '2026-Q1'))).toEqual([['service', org.serviceId, 5]]);
      expect((await listYearActions(db, 2026)).map((a) => a.period)).toEqual(['2026-Q1', '2026-Q1', '2026-Q1', '2026-Q1', '2026-Q1', '2026-Q2']);
      expect(await listYearActions(db, 2025)).toEqual([]);
    });

    it("reads a plan's timing and before/after from the running totals, waiting while the after period lacks data", async () => {
      await addResponses(db, org.serviceId, [
        ...times(20, { date: '2026-02-10', answers: { WAKTU: 2, SARANA: 3 } }),
        ...times(20, { date: '2026-02-11', answers: { WAKTU: 3, SARANA: 3 } }),
      ]);
      await addResponses(db, org.serviceId, times(30, { date: '2026-08-05', answers: { WAKTU: 4, SARANA: 3 } }));
      const done = await addAction(db, key, '2026-Q1', action({ status: 'done', doneDate: '2026-04-20', plannedQuarter: '2026-Q2' }), null);
      const later = await addAction(db, key, '2026-Q1', action({ element: 'SARANA', status: 'done', doneDate: '2026-07-20', plannedQuarter: '2026-Q2' }), null);
      const scope = (await resolveScope(db, 'service', 'ktp'))!;
      const plan = await readPlan(db, scope, { kind: 'quarter', label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' }, '2026-11-15');
      const a = plan.actions.find((x) => x.id === done)!;
      expect(a.onTime).toBe(true);
      expect(a.effect.before).toMatchObject({ score: 62.5, n: 40 });
      expect(a.effect.after).toMatchObject({ score: 100, n: 30 });
      expect(a.effect.after?.period.label).toBe('2026-Q3');
      expect(a.effect.direction).toBe('up');
      const b = plan.actions.find((x) => x.id === later)!;
      expect(b.onTime).toBe(false);
      expect(b.effect.after).toBeNull();
      expect(b.effect.waitingFor?.label).toBe('2026-Q4');
      expect(plan.rate).toMatchObject({ planned: 2, done: 2, doneShare: 1, doneOnTime: 1, onTimeShare: 0.5 });
      expect(plan.priority[0]).toMatchObject({ code: 'WAKTU', nrr: 2.5 });
    });

    it('saves report chapters per scope, period and language, audited; empty goes back to the draft', async () => {
      expect(await saveChapterAudited(db, actor, key, 'ktp', '2026-Q1', 'introduction', 'id', 'Teks bab satu.\r\n\r\nParagraf dua.')).toBe(true);
      expect(await saveChapterAudited(db, actor, key, 'ktp', '2026-Q1', 'introduction', 'en', 'Chapter one.')).toBe(true);
      expect(await saveChapterAudited(db, actor, key, 'ktp', '2026-Q1', 'introduction', 'id', 'Teks bab satu.\n\nParagraf dua.')).toBe(false);
      expect(await readDrafts(db, key, '2026-Q1', 'id')).toEqual({ introduction: 'Teks bab satu.\n\nParagraf dua.' });
      expect(await readDrafts(db, key, '2026-Q1', 'en')).toEqual({ introduction: 'Chapter one.' });
      expect(await readDrafts(db, key, '2026-Q2', 'id')).toEqual({});
      expect(await readDrafts(db, { kind: 'unit', id: org.unitId }, '2026-Q1', 'id')).toEqual({});
      expect(await saveChapterAudited(db, actor, key, 'ktp', '2026-Q1', 'introduction', 'id', '   ')).toBe(true);
      expect(await readDrafts(db, key, '2026-Q1', 'id')).toEqual({});
      const audit = await listAudit(db, { kind: 'report_draft', limit: 10, offset: 0 });
      expect(audit).toHaveLength(3);
      expect(JSON.parse(audit[0]!.details)).toMatchObject({ chapter: 'introduction', lang: 'id', period: '2026-Q1', after: { text: null } });
    });
  });
}
