/**
 * Reporting periods (spec/skm.md "Periods"): month '2026-07', quarter '2026-Q3', semester
 * '2026-S2', year '2026', or an inclusive date range. All dates are local 'YYYY-MM-DD' in the
 * agency's time zone. Parsing returns a typed error instead of throwing. Also re-exports
 * localDate (timezone.ts) and splitByMonths (months.ts) so callers need one import.
 */
import { daysInMonth, formatDate, fromDayNumber, parseDate, toDayNumber } from './calendar.js';
import { DEFAULT_TIME_ZONE, localDate } from './timezone.js';

export { DEFAULT_TIME_ZONE, isValidTimeZone, localDate } from './timezone.js';
export { splitByMonths } from './months.js';

export type CalendarKind = 'month' | 'quarter' | 'semester' | 'year';
export type PeriodKind = CalendarKind | 'range';

/** A period with inclusive local dates. Range labels are 'from/to' (ISO 8601 interval). */
export interface Period {
  kind: PeriodKind;
  label: string;
  from: string;
  to: string;
}

export type PeriodSpec = string | { from: string; to: string };
export type PeriodErrorCode = 'invalid_format' | 'invalid_date' | 'from_after_to';
export interface PeriodError {
  code: PeriodErrorCode;
  message: string;
}
export type PeriodResult = { ok: true; period: Period } | { ok: false; error: PeriodError };

/** Months in one period of each calendar kind. */
const MONTHS: Record<CalendarKind, number> = { month: 1, quarter: 3, semester: 6, year: 12 };

/** Period number `index` (1-based: month 1..12, quarter 1..4, semester 1..2, year 1) of a year. */
function calendarPeriod(kind: CalendarKind, year: number, index: number): Period {
  const size = MONTHS[kind];
  const firstMonth = (index - 1) * size + 1;
  const lastMonth = index * size;
  const yyyy = String(year).padStart(4, '0');
  const label =
    kind === 'month'
      ? `${yyyy}-${String(index).padStart(2, '0')}`
      : kind === 'quarter'
        ? `${yyyy}-Q${index}`
        : kind === 'semester'
          ? `${yyyy}-S${index}`
          : yyyy;
  return {
    kind,
    label,
    from: formatDate(year, firstMonth, 1),
    to: formatDate(year, lastMonth, daysInMonth(year, lastMonth)),
  };
}

function fail(code: PeriodErrorCode, message: string): PeriodResult {
  return { ok: false, error: { code, message } };
}

/** A date range after strict validation. */
export function parseRange(from: string, to: string): PeriodResult {
  for (const d of [from, to]) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return fail('invalid_format', `not YYYY-MM-DD: ${d}`);
  if (!parseDate(from)) return fail('invalid_date', `invalid date: ${from}`);
  if (!parseDate(to)) return fail('invalid_date', `invalid date: ${to}`);
  if (from > to) return fail('from_after_to', `from ${from} is after to ${to}`);
  return { ok: true, period: { kind: 'range', label: `${from}/${to}`, from, to } };
}

/** Parse a period spec: 'YYYY-MM', 'YYYY-Qn', 'YYYY-Sn', 'YYYY', 'from/to', or { from, to }. */
export function parsePeriod(spec: PeriodSpec): PeriodResult {
  if (typeof spec !== 'string') return parseRange(spec.from, spec.to);
  const s = spec.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(s))) return { ok: true, period: calendarPeriod('year', Number(m[1]), 1) };
  if ((m = /^(\d{4})-(\d{2})$/.exec(s))) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return fail('invalid_date', `invalid month: ${s}`);
    return { ok: true, period: calendarPeriod('month', Number(m[1]), month) };
  }
  if ((m = /^(\d{4})-Q(\d)$/.exec(s))) {
    const q = Number(m[2]);
    if (q < 1 || q > 4) return fail('invalid_date', `invalid quarter: ${s}`);
    return { ok: true, period: calendarPeriod('quarter', Number(m[1]), q) };
  }
  if ((m = /^(\d{4})-S(\d)$/.exec(s))) {
    const h = Number(m[2]);
    if (h < 1 || h > 2) return fail('invalid_date', `invalid semester: ${s}`);
    return { ok: true, period: calendarPeriod('semester', Number(m[1]), h) };
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(s))) return parseRange(m[1] as string, m[2] as string);
  return fail('invalid_format', `unrecognised period: ${spec}`);
}

/** The period of a calendar kind that contains a local date. @throws RangeError on an invalid date. */
export function periodOf(kind: CalendarKind, date: string): Period {
  const d = parseDate(date);
  if (!d) throw new RangeError(`invalid date: ${date}`);
  return calendarPeriod(kind, d.year, Math.floor((d.month - 1) / MONTHS[kind]) + 1);
}

/** The `count` periods of the same kind immediately before `period`, oldest first. */
export function previousPeriods(period: Period, count: number): Period[] {
  const out: Period[] = [];
  if (period.kind === 'range') {
    const start = toDayNumber(period.from);
    const length = toDayNumber(period.to) - start + 1;
    for (let k = count; k >= 1; k--) {
      const from = fromDayNumber(start - k * length);
      const to = fromDayNumber(start - (k - 1) * length - 1);
      out.push({ kind: 'range', label: `${from}/${to}`, from, to });
    }
    return out;
  }
  const kind = period.kind;
  const perYear = 12 / MONTHS[kind];
  const d = parseDate(period.from);
  if (!d) throw new RangeError(`invalid period start: ${period.from}`);
  const ordinal = d.year * perYear + Math.floor((d.month - 1) / MONTHS[kind]);
  for (let k = count; k >= 1; k--) {
    const o = ordinal - k;
    out.push(calendarPeriod(kind, Math.floor(o / perYear), (o % perYear) + 1));
  }
  return out;
}

/** The window of `count` periods ending with `period` (oldest first), e.g. the 8 of a trend. */
export function lastPeriods(period: Period, count: number): Period[] {
  return count <= 0 ? [] : [...previousPeriods(period, count - 1), period];
}

/** The calendar period of a kind that contains `now` in the agency's time zone. */
export function currentPeriod(kind: CalendarKind, now: Date, timeZone: string = DEFAULT_TIME_ZONE): Period {
  return periodOf(kind, localDate(now, timeZone));
}
