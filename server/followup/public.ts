/**
 * The follow-up plan as the public sees it (helper "public" puts it in its page model's `followUp`
 * slot): for the plan made from a period's results, each action's element, activity, responsible
 * unit or role (never the person), status, planned quarter in words, and for a done action the
 * element's published score before and after. Scores come from the public results (disclosure
 * control, frozen months): a period that publishes no figures gives none. Whether the change goes
 * beyond the combined margin is judged on the officers' totals of the same periods.
 */
import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { listPlanActions } from '../data/followup.js';
import type { CalendarKind, Period } from '../indicators/periods.js';
import { computePublicResults } from '../results/public.js';
import type { Scope } from '../results/scope.js';
import type { Effect } from './effect.js';
import { timed, liveTotals } from './plan.js';
import { scopeKey } from './scope-key.js';
import { calendarPeriod } from './timing.js';
import { actionWords, effectWords, type EffectWords, type Words } from './words.js';

export interface PublicAction {
  element: string;
  elementCode: string;
  activity: string;
  /** the responsible unit or role: never a person's name */
  responsible: string;
  status: string;
  statusKey: string;
  quarter: string;
  doneDate: string | null;
  onTime: boolean | null;
  overdue: boolean;
  /** done actions: before, after or waiting, change in words */
  effect: EffectWords | null;
}

/** The public actions of the plan made from `period`'s results for `scope`, in the language of `l`. */
export async function publicFollowUp(
  store: Database,
  scope: Scope,
  period: Period & { kind: CalendarKind },
  l: Words & { lang: string },
  opts: { k: number; now: Date; today: string },
): Promise<PublicAction[]> {
  const rows = await listPlanActions(store, scopeKey(scope), period.label);
  if (rows.length === 0) return [];
  const names = new Map((await elementTexts(store, l.lang)).map((e) => [e.code, e.name]));
  const planned = await timed(rows, opts.today, liveTotals(store, scope));
  const published = new Map<string, Promise<Map<string, number | null>>>();
  const scoresOf = (p: Period): Promise<Map<string, number | null>> => {
    let m = published.get(p.label);
    if (!m) {
      const whole = calendarPeriod(p.label);
      m = whole
        ? computePublicResults(store, scope, whole, { lang: l.lang, k: opts.k, now: opts.now }).then(
            (r) => new Map(r.elements.map((e) => [e.code as string, r.n === null ? null : e.score])),
          )
        : Promise.resolve(new Map());
      published.set(p.label, m);
    }
    return m;
  };
  const out: PublicAction[] = [];
  for (const a of planned) {
    const w = actionWords(l, a, names);
    let effect: EffectWords | null = null;
    if (a.status === 'done') {
      const e: Effect = { ...a.effect };
      // a period that publishes no figure for the element shows none (not "no data")
      const publicScore = async (s: Effect['before']) => {
        const score = s ? ((await scoresOf(s.period)).get(a.element_code) ?? null) : null;
        return s && score !== null ? { ...s, score } : null;
      };
      e.before = await publicScore(e.before);
      e.after = await publicScore(e.after);
      if (e.before?.score == null || e.after?.score == null) Object.assign(e, { delta: null, significant: null, direction: null });
      else e.delta = e.after.score - e.before.score;
      effect = effectWords(l, e);
    }
    out.push({
      element: w.element,
      elementCode: w.elementCode,
      activity: w.activity,
      responsible: w.responsible,
      status: w.status,
      statusKey: w.statusKey,
      quarter: w.quarter,
      doneDate: w.doneDate,
      onTime: w.onTime,
      overdue: w.overdue,
      effect,
    });
  }
  return out;
}
