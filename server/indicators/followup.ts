/**
 * Follow-up rate (spec/indicators.md): of the follow-up actions planned for a period, the share
 * done, the share done by their due date, and the median days from the period's end to done.
 */
import { daysBetween, isValidDate } from './calendar.js';

export interface FollowUpAction {
  dueDate: string | null;
  doneDate: string | null;
}

export interface FollowUpRate {
  planned: number;
  done: number;
  /** done / planned; null without actions */
  doneShare: number | null;
  /** actions that have a due date (the denominator of onTimeShare) */
  withDueDate: number;
  /** of those, done on or before the due date */
  doneOnTime: number;
  /** doneOnTime / withDueDate; null when no action has a due date */
  onTimeShare: number | null;
  /** median of (doneDate − periodEnd) in days over done actions (negative if done before the end); null when none is done */
  medianDaysToDone: number | null;
}

function checkDate(text: string, what: string): void {
  if (!isValidDate(text)) throw new RangeError(`invalid ${what}: ${text}`);
}

/** Median of numbers (mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/**
 * Follow-up rate of a period's actions. Dates are local 'YYYY-MM-DD'; an action without a due
 * date counts as planned and (when done) as done, but not in the on-time share.
 * @throws RangeError on a malformed date.
 */
export function followUpRate(actions: ReadonlyArray<FollowUpAction>, periodEnd: string): FollowUpRate {
  checkDate(periodEnd, 'period end');
  let done = 0;
  let withDueDate = 0;
  let doneOnTime = 0;
  const days: number[] = [];
  for (const a of actions) {
    if (a.dueDate !== null) checkDate(a.dueDate, 'due date');
    if (a.doneDate !== null) {
      checkDate(a.doneDate, 'done date');
      done += 1;
      days.push(daysBetween(periodEnd, a.doneDate));
    }
    if (a.dueDate !== null) {
      withDueDate += 1;
      if (a.doneDate !== null && a.doneDate <= a.dueDate) doneOnTime += 1;
    }
  }
  const planned = actions.length;
  return {
    planned,
    done,
    doneShare: planned > 0 ? done / planned : null,
    withDueDate,
    doneOnTime,
    onTimeShare: withDueDate > 0 ? doneOnTime / withDueDate : null,
    medianDaysToDone: median(days),
  };
}
