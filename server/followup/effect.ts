/**
 * Before and after of a done action (issue 11): its element's score in the period the plan was made
 * from, and in the first whole period of the plan's kind after the done date; until that period has
 * ended and holds answers, the action is waiting for it. A change counts only beyond the combined
 * margin of the two scores (indicators.md "margin of error").
 */
import { elementMargin, isSignificant } from '../indicators/margin.js';
import type { Period } from '../indicators/periods.js';
import { nrr } from '../indicators/skm.js';
import type { ElementCode, Totals } from '../indicators/types.js';
import { afterPeriod, calendarPeriod } from './timing.js';

/** One element's score (NRR x 25) in a period, with its answers and 95% margin (points). */
export interface ElementScore {
  period: Period;
  score: number | null;
  n: number;
  margin: number | null;
}

export interface Effect {
  before: ElementScore | null;
  after: ElementScore | null;
  /** the period that will show the effect, while it has not ended or has no answers yet */
  waitingFor: Period | null;
  delta: number | null;
  significant: boolean | null;
  /** 'up' | 'down' beyond the combined margin, 'within' it, null when it cannot be judged */
  direction: 'up' | 'down' | 'within' | null;
}

/** The figures of a period for a scope: totals, or null when they may not be shown (the public side). */
export type TotalsOf = (period: Period) => Promise<Totals | null>;

function elementScore(totals: Totals | null, code: ElementCode, period: Period): ElementScore {
  const e = totals?.elements[code];
  if (!e || e.n === 0) return { period, score: null, n: 0, margin: null };
  const m = elementMargin(e);
  return { period, score: (nrr(e) as number) * 25, n: e.n, margin: m === null ? null : m * 25 };
}

const NONE: Effect = { before: null, after: null, waitingFor: null, delta: null, significant: null, direction: null };

/** The effect of a done action; an action that is not done has none (all null). */
export async function actionEffect(
  a: { period: string; element_code: string; status: string; done_date: string | null },
  today: string,
  totalsOf: TotalsOf,
): Promise<Effect> {
  const plan = calendarPeriod(a.period);
  if (!plan || a.status !== 'done' || !a.done_date) return NONE;
  const code = a.element_code as ElementCode;
  const before = elementScore(await totalsOf(plan), code, plan);
  const next = afterPeriod(plan.kind, a.done_date);
  const after = next.to < today ? elementScore(await totalsOf(next), code, next) : null;
  if (!after || after.score === null) return { ...NONE, before, waitingFor: next };
  if (before.score === null) return { ...NONE, before, after };
  const delta = after.score - before.score;
  const significant = isSignificant(delta, before.margin, after.margin);
  return { before, after, waitingFor: null, delta, significant, direction: significant === null ? null : significant ? (delta > 0 ? 'up' : 'down') : 'within' };
}
