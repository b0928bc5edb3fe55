import type { Database } from '../data/engine/index.js';
import { publicFollowUp } from '../followup/public.js';
import { localDate } from '../indicators/periods.js';
import type { FollowUpReader, PublicAction } from './model.js';

// The follow-up plan on the public results page: the plan made from the period shown, read through
// the follow-up module's public reader (server/followup/public.ts), in this page's words.

export function followUpReader(store: Database): FollowUpReader {
  return async (scope, period, l, at) => {
    const actions = await publicFollowUp(store, scope, period, l, { k: at.k, now: at.now, today: localDate(at.now, at.timeZone) });
    if (actions.length === 0) return null; // no plan made from this period's results
    return actions.map((a): PublicAction => ({
      element: a.element,
      activity: a.activity,
      responsible: a.responsible,
      quarter: a.quarter,
      status: a.status,
      done: a.doneDate,
      effect: a.effect ? effectSentence(a.effect) : null,
      evidenceUrl: a.evidenceUrl,
    }));
  };
}

/** "81,20 (Triwulan I 2026) → 88,10 (Triwulan III 2026): naik 6,90 poin (bermakna)", or what it waits for. */
function effectSentence(e: { before: string | null; after: string | null; waiting: string | null; change: string | null }): string | null {
  const scores = [e.before, e.after].filter((x): x is string => x !== null).join(' → ');
  const tail = e.change ?? e.waiting;
  return [scores, tail].filter((x): x is string => !!x).join(': ') || null;
}
