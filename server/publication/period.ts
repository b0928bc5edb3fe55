import { checkPublicRequest, type PublicRequestError } from '../results/disclosure.js';
import { lastCompleteQuarter } from '../results/query.js';
import { localDate, parsePeriod, periodOf, previousPeriods, type CalendarKind, type Period } from '../indicators/periods.js';

// The period of a public results page: `?period=` (2026-07, 2026-Q3, 2026-S2, 2026), default the last
// complete quarter; one completed whole period only, as for the public API (disclosure control).

export type PublicPeriod = Period & { kind: CalendarKind };

export type PeriodChoice = { ok: true; period: PublicPeriod; defaulted: boolean } | { ok: false; key: string; params: Record<string, string> };

/** The page's period, or the i18n key of why it cannot be shown (a 400 page). */
export function publicPeriod(spec: unknown, timeZone: string, now: Date, bounds: { minYear: number; maxYear: number }): PeriodChoice {
  if (spec === undefined || spec === '') return { ok: true, period: lastCompleteQuarter(now, timeZone), defaulted: true };
  if (typeof spec !== 'string') return { ok: false, key: 'public.errors.period_repeated', params: {} };
  const parsed = parsePeriod(spec);
  if (!parsed.ok || spec.includes('/')) return { ok: false, key: 'public.errors.period_invalid', params: { value: spec.slice(0, 40) } };
  const period = parsed.period as PublicPeriod;
  const year = Number(period.from.slice(0, 4));
  if (year < bounds.minYear || year > bounds.maxYear) {
    return { ok: false, key: 'public.errors.period_out_of_bounds', params: { from: String(bounds.minYear), to: String(bounds.maxYear) } };
  }
  const refusal: PublicRequestError | null = checkPublicRequest({ period, channel: null, group: null, today: localDate(now, timeZone) });
  if (refusal) return { ok: false, key: `results.errors.${refusal}`, params: {} };
  return { ok: true, period, defaulted: false };
}

/**
 * The completed periods a reader may pick, newest first per kind: quarters, half-years, years and
 * months, none ending before the first response (`first`, a local date; null: none yet).
 */
export function pickablePeriods(timeZone: string, now: Date, first: string | null): Record<CalendarKind, PublicPeriod[]> {
  const today = localDate(now, timeZone);
  const counts: Record<CalendarKind, number> = { quarter: 8, semester: 4, year: 4, month: 12 };
  const out = {} as Record<CalendarKind, PublicPeriod[]>;
  for (const kind of ['quarter', 'semester', 'year', 'month'] as const) {
    out[kind] = previousPeriods(periodOf(kind, today), counts[kind])
      .reverse()
      .filter((p) => first !== null && p.to >= first)
      .map((p) => ({ ...p, kind }));
  }
  return out;
}
