/**
 * A planned action in the page language: element name, quarter and dates in words, status, and
 * its effect as a sentence (wording.md: changes are words with their significance).
 */
import type { Localized } from '../i18n.js';
import { calendarPeriod } from './timing.js';
import type { Effect } from './effect.js';
import type { PlannedAction } from './plan.js';

export type Words = Pick<Localized, 't' | 'num' | 'date' | 'period'>;

/** '2027-Q1' -> "Triwulan I 2027" / "Q1 2027". */
export function quarterWords(l: Words, label: string): string {
  const p = calendarPeriod(label);
  return p ? l.period(p.from, p.to) : label;
}

export interface EffectWords {
  before: string | null;
  after: string | null;
  /** "Menunggu data Triwulan III 2026" while the period that shows the effect has not come */
  waiting: string | null;
  /** "naik 6,90 poin (bermakna)" */
  change: string | null;
  direction: Effect['direction'];
}

export function effectWords(l: Words, e: Effect): EffectWords {
  const score = (s: Effect['before']) => (s ? l.t('followup.effect.score', { score: l.num(s.score), period: l.period(s.period.from, s.period.to) }) : null);
  const change =
    e.delta === null ? null : l.t(`followup.effect.${e.direction === 'within' ? 'within' : e.delta >= 0 ? 'up' : 'down'}`, { delta: l.num(Math.abs(e.delta)) });
  return {
    before: score(e.before),
    after: score(e.after),
    waiting: e.waitingFor ? l.t('followup.effect.waiting', { period: l.period(e.waitingFor.from, e.waitingFor.to) }) : null,
    change,
    direction: e.direction,
  };
}

export interface ActionWords {
  id: number;
  element: string;
  elementCode: string;
  activity: string;
  responsible: string;
  person: string;
  quarter: string;
  status: string;
  statusKey: string;
  overdue: boolean;
  onTime: boolean | null;
  doneDate: string | null;
  evidenceNote: string;
  evidenceUrl: string;
  effect: EffectWords;
}

export function actionWords(l: Words, a: PlannedAction, elementNames: ReadonlyMap<string, string>): ActionWords {
  return {
    id: a.id,
    element: elementNames.get(a.element_code) ?? a.element_code,
    elementCode: a.element_code,
    activity: a.activity,
    responsible: a.responsible,
    person: a.person,
    quarter: quarterWords(l, a.planned_quarter),
    status: l.t(`followup.status.${a.status}`),
    statusKey: a.status,
    overdue: a.overdue,
    onTime: a.onTime,
    doneDate: a.done_date ? l.date(a.done_date) : null,
    evidenceNote: a.evidence_note,
    evidenceUrl: a.evidence_url,
    effect: effectWords(l, a.effect),
  };
}
