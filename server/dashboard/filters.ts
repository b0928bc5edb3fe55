import type { TFunction } from 'i18next';
import type { Localized } from '../i18n.js';
import { currentPeriod, localDate, parsePeriod, previousPeriods, type CalendarKind, type Period } from '../indicators/periods.js';
import { parseResultsQuery, type QueryError } from '../results/query.js';
import type { ResultsQuery } from '../results/compute.js';
import { CHANNELS, DIMENSIONS, DIMENSION_NAMES } from '../vocabulary/profile.js';

/** What the filter form shows and keeps: raw strings as typed. */
export interface FilterValues {
  period: string; // '2026-Q3' | 'range' | ...
  from: string;
  to: string;
  channel: string;
  group: string; // 'gender:P' or ''
}

export interface Filters {
  values: FilterValues;
  query: ResultsQuery | null;
  label: string;
  error: string | null;
  /** the query string that reproduces these filters (for links that keep them) */
  qs: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The years a date filter may name (server/data/bounds.ts dateBounds). */
export interface YearBounds {
  minYear: number;
  maxYear: number;
}

/**
 * Dashboard filters from the URL (so every view is bookmarkable): `period` (a calendar period or
 * `range` with `from`/`to`), `channel`, `group` as `dimension:value`. Invalid input keeps the values
 * and carries a translated error; the page shows it instead of figures. With `bounds`, a period or
 * range reaching outside those years is refused too (before any period arithmetic runs on it).
 */
export function parseFilters(raw: Record<string, unknown>, timeZone: string, t: TFunction, now = new Date(), bounds?: YearBounds): Filters {
  const values: FilterValues = {
    period: str(raw.period),
    from: str(raw.from),
    to: str(raw.to),
    channel: str(raw.channel),
    group: str(raw.group),
  };
  const q: Record<string, string> = {};
  if (values.period === 'range' || (!values.period && (values.from || values.to))) {
    if (values.from) q.from = values.from;
    if (values.to) q.to = values.to;
    if (!values.from && !values.to) q.from = ''; // asked for a range without dates
  } else if (values.period) q.period = values.period;
  if (values.channel) q.channel = values.channel;
  if (values.group) {
    const [dimension = '', value = ''] = values.group.split(':');
    if (!(DIMENSION_NAMES as string[]).includes(dimension)) return failed(values, { key: 'results.errors.unknown_parameter', params: { name: dimension } }, t);
    q[dimension] = value;
  }
  const parsed = parseResultsQuery(q, timeZone, now);
  if (!parsed.ok) return failed(values, parsed.error, t);
  if (bounds && (yearOf(parsed.query.from) < bounds.minYear || yearOf(parsed.query.to) > bounds.maxYear)) {
    return failed(values, { key: 'dashboard.filters.out_of_range', params: { min: String(bounds.minYear), max: String(bounds.maxYear) } }, t);
  }
  if (!values.period) values.period = values.from || values.to ? 'range' : parsed.period;
  return { values, query: parsed.query, label: parsed.period, error: null, qs: filterQs(values) };
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

function failed(values: FilterValues, error: QueryError, t: TFunction): Filters {
  return { values, query: null, label: '', error: t(error.key, error.params ?? {}), qs: filterQs(values) };
}

function filterQs(values: Partial<FilterValues>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (!v || ((k === 'from' || k === 'to') && values.period !== 'range')) continue;
    p.set(k, v);
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Choices for the filter form, each marked selected or not: recent calendar periods of each kind (in words),
 * channels, profile groups. `selected` is the form's values (or only the period, as older callers pass it).
 */
export function filterOptions(l: Pick<Localized, 't' | 'period'>, timeZone: string, now = new Date(), selected: string | Partial<FilterValues> = '') {
  const { t } = l;
  const chosen: Partial<FilterValues> = typeof selected === 'string' ? { period: selected } : selected;
  const period = chosen.period ?? '';
  const today = localDate(now, timeZone);
  const option = (p: Period) => ({ value: p.label, label: l.period(p.from, p.to, today), selected: p.label === period });
  const recent = (kind: CalendarKind, count: number) => {
    const current = currentPeriod(kind, now, timeZone);
    return [current, ...previousPeriods(current, count - 1).reverse()].map(option);
  };
  const parsed = period && period !== 'range' ? parsePeriod(period) : null;
  const periods = [
    { kind: 'quarter', label: t('dashboard.filters.quarters'), values: recent('quarter', 8) },
    { kind: 'month', label: t('dashboard.filters.months'), values: recent('month', 12) },
    { kind: 'semester', label: t('dashboard.filters.semesters'), values: recent('semester', 4) },
    { kind: 'year', label: t('dashboard.filters.years'), values: recent('year', 3) },
  ];
  const listed = periods.some((g) => g.values.some((v) => v.value === period));
  return {
    /** a period chosen by URL that is not among the recent ones (kept selected, in words) */
    other: parsed?.ok && !listed ? option(parsed.period) : null,
    periods,
    range: period === 'range',
    channels: CHANNELS.map((c) => ({ value: c, label: t(`dashboard.channels.${c}`), selected: chosen.channel === c })),
    groups: DIMENSION_NAMES.map((d) => ({
      label: t(`profile.${d}.label`),
      options: DIMENSIONS[d].map((g) => ({ value: `${d}:${g}`, label: groupLabel(t, d, g), selected: chosen.group === `${d}:${g}` })),
    })),
  };
}

/** The label of a group of a dimension (or a channel). */
export function groupLabel(t: TFunction, dimension: string, group: string): string {
  if (dimension === 'channel') return t(`dashboard.channels.${group}`);
  if (dimension === 'age') return t(`profile.age.bands.${group}`);
  return t(`profile.${dimension}.options.${group}`);
}

/** What the filters show, in words: the period (a running one up to today), and the channel and group when narrowed. */
export function describeFilters(filters: Filters, l: Pick<Localized, 't' | 'period'>, timeZone: string, now = new Date()) {
  const { t } = l;
  const q = filters.query;
  const period = q ? l.period(q.from, q.to, localDate(now, timeZone)) : '';
  const narrowed: string[] = [];
  if (q?.channel) narrowed.push(t(`dashboard.channels.${q.channel}`));
  if (q?.group) narrowed.push(groupLabel(t, q.group.dimension, q.group.value));
  return {
    period,
    filtered: narrowed.length > 0,
    narrowed: narrowed.join(' · '),
    /** "Triwulan IV 2026 (s.d. 30 November) · Kode QR · Perempuan" */
    line: [period, ...narrowed].filter(Boolean).join(' · '),
  };
}

export type FilterWords = ReturnType<typeof describeFilters>;
