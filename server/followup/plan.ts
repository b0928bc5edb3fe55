/**
 * One follow-up plan (the actions of a scope made from one period's results) with everything the
 * officer's page, the report and the public page need: each action's timing and effect, the
 * proposed priority elements and the follow-up rate. No words here (page-model.ts adds them).
 */
import type { Queryable } from '../data/engine/index.js';
import { listPlanActions, type ActionRow } from '../data/followup.js';
import { readTotalsByService, sumTotals } from '../data/totals.js';
import type { FollowUpRate } from '../indicators/followup.js';
import type { CalendarKind, Period } from '../indicators/periods.js';
import { priorityElements, type PriorityElement } from '../indicators/priority.js';
import type { Totals } from '../indicators/types.js';
import type { Scope } from '../results/scope.js';
import { actionEffect, type Effect, type TotalsOf } from './effect.js';
import { scopeKey } from './scope-key.js';
import { doneOnTime, isOverdue, planRate, quarterEnd } from './timing.js';

export interface PlannedAction extends ActionRow {
  due: string;
  overdue: boolean;
  onTime: boolean | null;
  effect: Effect;
}

export interface Plan {
  period: Period & { kind: CalendarKind };
  actions: PlannedAction[];
  rate: FollowUpRate;
  /** the elements with the lowest NRR in the plan's period: proposals for the plan */
  priority: PriorityElement[];
  /** answers behind the plan's period */
  n: number;
}

/** The officers' figures of a scope per period (live totals), read once per period. */
export function liveTotals(store: Queryable, scope: Scope): (p: Period) => Promise<Totals> {
  const cache = new Map<string, Promise<Totals>>();
  return (p: Period) => {
    let t = cache.get(`${p.from}/${p.to}`);
    if (!t) {
      t = readTotalsByService(store, { serviceIds: scope.serviceIds, from: p.from, to: p.to, channel: null, group: null }).then((m) => sumTotals(m.values()));
      cache.set(`${p.from}/${p.to}`, t);
    }
    return t;
  };
}

/** Timing and effect of each action of a plan. */
export async function timed(actions: readonly ActionRow[], today: string, totalsOf: TotalsOf): Promise<PlannedAction[]> {
  const out: PlannedAction[] = [];
  for (const a of actions) {
    out.push({ ...a, due: quarterEnd(a.planned_quarter), overdue: isOverdue(a, today), onTime: doneOnTime(a), effect: await actionEffect(a, today, totalsOf) });
  }
  return out;
}

/** The plan of a scope made from one period's results, as officers see it. */
export async function readPlan(store: Queryable, scope: Scope, period: Period & { kind: CalendarKind }, today: string): Promise<Plan> {
  const totalsOf = liveTotals(store, scope);
  const rows = await listPlanActions(store, scopeKey(scope), period.label);
  const totals = await totalsOf(period);
  return { period, actions: await timed(rows, today, totalsOf), rate: planRate(rows, period), priority: priorityElements(totals), n: totals.n };
}
