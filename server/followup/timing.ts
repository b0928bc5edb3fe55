/**
 * When follow-up actions are due, late and measured (pure; dates are agency-local 'YYYY-MM-DD').
 * An action's due date is the last day of its planned quarter; it is overdue once that quarter has
 * ended and it is neither done nor dropped; done on time when its done date is on or before the due
 * date. Its effect is measured in the first whole period of the plan's kind after the done date.
 */
import { addDays } from '../indicators/calendar.js';
import { followUpRate, type FollowUpRate } from '../indicators/followup.js';
import { parsePeriod, periodOf, type CalendarKind, type Period } from '../indicators/periods.js';
import type { ActionStatus } from '../data/followup.js';

const QUARTER = /^(\d{4})-Q([1-4])$/;

export const isQuarterLabel = (s: string): boolean => QUARTER.test(s);

/** A calendar period ('2026-Q1', '2026-S1', '2026', '2026-03') as a Period, or null (ranges are not plan periods). */
export function calendarPeriod(label: string): (Period & { kind: CalendarKind }) | null {
  const p = parsePeriod(label);
  if (!p.ok || p.period.kind === 'range' || p.period.label !== label) return null;
  return p.period as Period & { kind: CalendarKind };
}

/** The period of the same kind right after `p`. */
export function nextPeriod(p: Period & { kind: CalendarKind }): Period & { kind: CalendarKind } {
  return { ...periodOf(p.kind, addDays(p.to, 1)), kind: p.kind };
}

/** The last day of a quarter label. @throws RangeError on a label that is not a quarter. */
export function quarterEnd(label: string): string {
  const p = calendarPeriod(label);
  if (!p || p.kind !== 'quarter') throw new RangeError(`not a quarter: ${label}`);
  return p.to;
}

/** `count` quarters from the one holding `from`, as labels. */
export function quartersFrom(from: string, count: number): string[] {
  const out: string[] = [];
  let q: Period & { kind: CalendarKind } = { ...periodOf('quarter', from), kind: 'quarter' };
  for (let i = 0; i < count; i++, q = nextPeriod(q)) out.push(q.label);
  return out;
}

export interface Timed {
  status: ActionStatus;
  planned_quarter: string;
  done_date: string | null;
}

/** Still open (planned or in progress) after the last day of its planned quarter. */
export const isOverdue = (a: Timed, today: string): boolean => (a.status === 'planned' || a.status === 'in_progress') && quarterEnd(a.planned_quarter) < today;

/** Done on or before the last day of its planned quarter; null while not done. */
export const doneOnTime = (a: Timed): boolean | null => (a.status === 'done' && a.done_date ? a.done_date <= quarterEnd(a.planned_quarter) : null);

/** The follow-up rate (indicators.md) of one plan's actions; dropped actions count as planned and not done. */
export function planRate(actions: readonly Timed[], planPeriod: Period): FollowUpRate {
  return followUpRate(
    actions.map((a) => ({ dueDate: quarterEnd(a.planned_quarter), doneDate: a.status === 'done' ? a.done_date : null })),
    planPeriod.to,
  );
}

/** The period in which a done action's effect is measured: the first whole period of the plan's kind after the done date. */
export function afterPeriod(planKind: CalendarKind, doneDate: string): Period & { kind: CalendarKind } {
  return nextPeriod({ ...periodOf(planKind, doneDate), kind: planKind });
}
