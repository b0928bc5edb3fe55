/**
 * Split a date range into whole calendar months plus the partial edges, so a reader can take
 * monthly totals for the months and read only the cut edges at a finer grain.
 */
import { daysInMonth, formatDate, fromDayNumber, parseDate, toDayNumber } from './calendar.js';

export interface MonthSplit {
  /** 'YYYY-MM' of the months fully inside the range, in order */
  months: string[];
  /** inclusive day ranges not covered by `months`, in order; each lies within one month (at most 2) */
  edges: Array<{ from: string; to: string }>;
}

/** Split inclusive local dates from..to. @throws RangeError on an invalid date or from after to. */
export function splitByMonths(from: string, to: string): MonthSplit {
  const end = toDayNumber(to); // validates `to`
  let cursor = toDayNumber(from); // validates `from`
  if (cursor > end) throw new RangeError(`from ${from} is after to ${to}`);
  const months: string[] = [];
  const edges: Array<{ from: string; to: string }> = [];
  while (cursor <= end) {
    const date = fromDayNumber(cursor);
    const d = parseDate(date);
    if (!d) throw new RangeError(`invalid date: ${date}`); // unreachable: fromDayNumber is valid
    const monthEnd = toDayNumber(formatDate(d.year, d.month, daysInMonth(d.year, d.month)));
    if (d.day === 1 && monthEnd <= end) {
      months.push(date.slice(0, 7));
      cursor = monthEnd + 1;
    } else {
      const last = Math.min(monthEnd, end);
      edges.push({ from: date, to: fromDayNumber(last) });
      cursor = last + 1;
    }
  }
  return { months, edges };
}
