/**
 * The plan periods an officer picks from (wording.md: pickers offer periods, nobody types a code):
 * the last eight complete quarters, the last two half-years and years, and the one shown.
 */
import type { CalendarKind, Period } from '../indicators/periods.js';
import { currentPeriod, previousPeriods } from '../indicators/periods.js';

export interface PeriodChoice {
  value: string;
  label: string;
  selected: boolean;
}

export function periodChoices(shown: Period, today: Date, timeZone: string, words: (from: string, to: string) => string): PeriodChoice[] {
  const kinds: Array<[CalendarKind, number]> = [
    ['quarter', 8],
    ['semester', 2],
    ['year', 2],
  ];
  const list: Period[] = [];
  for (const [kind, count] of kinds) list.push(...previousPeriods(currentPeriod(kind, today, timeZone), count).reverse());
  if (!list.some((p) => p.label === shown.label)) list.unshift(shown);
  return list.map((p) => ({ value: p.label, label: words(p.from, p.to), selected: p.label === shown.label }));
}
