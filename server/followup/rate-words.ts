import type { FollowUpRate } from '../indicators/followup.js';
import type { Words } from './words.js';

/** The follow-up rate (indicators.md) in words: shares as percentages, days as a count. */
export function rateWords(l: Words & { pct: (x: number | null) => string }, r: FollowUpRate) {
  return {
    planned: r.planned,
    done: r.done,
    doneShare: r.doneShare === null ? l.t('common.no_data') : l.pct(r.doneShare),
    onTime: r.doneOnTime,
    onTimeShare: r.onTimeShare === null ? l.t('common.no_data') : l.pct(r.onTimeShare),
    medianDays:
      r.medianDaysToDone === null
        ? l.t('common.no_data')
        : l.t(Math.abs(Math.round(r.medianDaysToDone)) === 1 ? 'followup.rate.day' : 'followup.rate.days', { count: Math.round(r.medianDaysToDone) }),
  };
}
