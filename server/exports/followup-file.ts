import type { Response } from 'express';
import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { listPlanActions, type FollowUpScopeKind } from '../data/followup.js';
import { parsePeriod } from '../indicators/periods.js';
import { dateCell } from './cells.js';
import type { ExportContext } from './context.js';
import { csvOut } from './csv.js';
import { startDownload } from './send.js';

// The follow-up plan (Rencana Tindak Lanjut) of the scope made from the period's results, as the
// report's table has it: priority element, activity, who is responsible, the planned quarter, then
// how far it got (status, done date, evidence). Officers only: it names the person in charge.

export async function followupCsv(store: Database, res: Response, c: ExportContext): Promise<void> {
  const { t } = c.l;
  const kind: FollowUpScopeKind = c.scope.kind;
  const id = c.scope.kind === 'service' ? (c.scope.serviceIds?.[0] ?? 0) : c.scope.unitId;
  const actions = await listPlanActions(store, { kind, id }, c.filters.label);
  const names = new Map((await elementTexts(store, c.l.lang)).map((e) => [e.code, e.name]));
  const quarter = (label: string) => {
    const p = parsePeriod(label);
    return p.ok ? c.l.period(p.period.from, p.period.to) : label;
  };
  startDownload(res, c, 'followup', 'csv', false);
  const out = await csvOut(
    res,
    ['element', 'activity', 'responsible', 'person', 'quarter', 'status', 'done', 'evidence_note', 'evidence_url'].map((k) => t(`exports.followup.${k}`)),
  );
  for (const a of actions) {
    await out.row([
      names.get(a.element_code) ?? a.element_code,
      a.activity,
      a.responsible,
      a.person,
      quarter(a.planned_quarter),
      t(`exports.followup.statuses.${a.status}`),
      a.done_date ? dateCell(a.done_date) : null,
      a.evidence_note,
      a.evidence_url,
    ]);
  }
  await out.end();
}
