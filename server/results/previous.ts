import { isValidDate } from '../indicators/calendar.js';
import { parsePeriod, previousPeriods, type Period } from '../indicators/periods.js';

/** The period before the one shown (same kind, or a range of the same length); none before year 0. */
export function previousPeriod(periodLabel: string): Period | null {
  const parsed = parsePeriod(periodLabel);
  if (!parsed.ok) return null;
  const prev = previousPeriods(parsed.period, 1)[0];
  return prev && isValidDate(prev.from) && isValidDate(prev.to) ? prev : null;
}
