/**
 * The follow-up plan as the public sees it (helper "public" puts it in its page model's `followUp`
 * slot): for the plan made from a period's results, each action's element, activity, responsible
 * unit or role (never the person), status, planned quarter in words, and for a done action the
 * element's published score before and after, and the evidence link. Scores, margins and the
 * judgement of the change against the combined margin all come from the published figures (frozen
 * months, disclosure control), never the live ones: a period that publishes no figures gives none.
 */
import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { listPlanActions } from '../data/followup.js';
import type { CalendarKind, Period } from '../indicators/periods.js';
import { computePublicResults } from '../results/public.js';
import type { Scope } from '../results/scope.js';
import type { Totals } from '../indicators/types.js';
import { publishedTotals } from '../publication/published-totals.js';
import { timed } from './plan.js';
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
  /** the evidence link the agency published (http or https; the evidence note is not shown: it may name a person) */
  evidenceUrl: string | null;
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
  // before and after as the public saw them: each period read as the public API reads it (which
  // freezes a completed month at its first public read), then its frozen totals under disclosure
  // control; a period that publishes no figures has none, so its action waits for it
  const published = new Map<string, Promise<Totals | null>>();
  const publishedOf = (p: Period): Promise<Totals | null> => {
    let t = published.get(p.label);
    if (!t) {
      const whole = calendarPeriod(p.label);
      t = whole
        ? computePublicResults(store, scope, whole, { lang: l.lang, k: opts.k, now: opts.now }).then(async (r) =>
            r.publication.status === 'published' ? ((await publishedTotals(store, scope, whole, opts.k))?.total ?? null) : null,
          )
        : Promise.resolve(null);
      published.set(p.label, t);
    }
    return t;
  };
  const planned = await timed(rows, opts.today, publishedOf);
  const out: PublicAction[] = [];
  for (const a of planned) {
    const w = actionWords(l, a, names);
    // a period that publishes no figure for the element shows none (not "no data")
    const e = a.effect;
    const effect: EffectWords | null = a.status === 'done' ? effectWords(l, { ...e, before: e.before?.score == null ? null : e.before }) : null;
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
      evidenceUrl: w.evidenceUrl || null,
    });
  }
  return out;
}
