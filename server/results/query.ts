import {
  currentPeriod,
  localDate,
  parsePeriod,
  parseRange,
  periodOf,
  previousPeriods,
  type CalendarKind,
  type Period,
  type PeriodResult,
} from '../indicators/periods.js';
import { CHANNELS, DIMENSIONS, DIMENSION_NAMES, isChannel, type Dimension } from '../vocabulary/profile.js';
import type { ResultsQuery } from './compute.js';

/** An i18n key with its parameters: the route translates it. */
export interface QueryError {
  key: string;
  params?: Record<string, string>;
}

const KNOWN = new Set(['from', 'to', 'period', 'channel', 'lang', ...DIMENSION_NAMES]);

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function periodError(r: Extract<PeriodResult, { ok: false }>, params: Record<string, string>): QueryError {
  return { key: `results.errors.${r.error.code}`, params };
}

/**
 * Parses results filters: from/to (inclusive local dates) or period (2026-07, 2026-Q3, 2026-S2, 2026),
 * default the current quarter in the agency's time zone; channel; at most one profile group.
 */
export function parseResultsQuery(
  query: Record<string, unknown>,
  timeZone: string,
  now: Date = new Date(),
  extra: readonly string[] = [],
  bounds?: { minYear: number; maxYear: number },
): { ok: true; query: ResultsQuery; period: string; defaulted: boolean } | { ok: false; error: QueryError } {
  for (const [name, value] of Object.entries(query)) {
    if (!KNOWN.has(name) && !extra.includes(name)) return { ok: false, error: { key: 'results.errors.unknown_parameter', params: { name } } };
    if (typeof value !== 'string') return { ok: false, error: { key: 'results.errors.repeated_parameter', params: { name } } };
  }
  const from = one(query.from);
  const to = one(query.to);
  const periodSpec = one(query.period);
  let period: PeriodResult;
  if (periodSpec !== undefined) {
    if (from !== undefined || to !== undefined) return { ok: false, error: { key: 'results.errors.period_and_range' } };
    period = parsePeriod(periodSpec);
    if (!period.ok) return { ok: false, error: { key: 'results.errors.invalid_period', params: { value: periodSpec } } };
  } else if (from !== undefined || to !== undefined) {
    if (from === undefined || to === undefined) return { ok: false, error: { key: 'results.errors.range_incomplete' } };
    period = parseRange(from, to);
    if (!period.ok) return { ok: false, error: periodError(period, { from, to }) };
  } else {
    period = { ok: true, period: currentPeriod('quarter', now, timeZone) };
  }
  // One request may not ask for more than the data's years (a millennium of days is work for nothing).
  if (bounds) {
    const { from: f, to: t } = period.period;
    if (Number(f.slice(0, 4)) < bounds.minYear || Number(t.slice(0, 4)) > bounds.maxYear) {
      return { ok: false, error: { key: 'results.errors.out_of_bounds', params: { from: `${bounds.minYear}-01-01`, to: `${bounds.maxYear}-12-31` } } };
    }
  }

  const channel = one(query.channel);
  if (channel !== undefined && !isChannel(channel)) {
    return { ok: false, error: { key: 'results.errors.unknown_channel', params: { value: channel, allowed: CHANNELS.join(', ') } } };
  }
  const dims = DIMENSION_NAMES.filter((d) => query[d] !== undefined);
  if (dims.length > 1) return { ok: false, error: { key: 'results.errors.one_group_only', params: { names: dims.join(', ') } } };
  let group: ResultsQuery['group'] = null;
  if (dims.length === 1) {
    const dimension = dims[0] as Dimension;
    const value = one(query[dimension]) as string;
    const allowed: readonly string[] = DIMENSIONS[dimension];
    if (!allowed.includes(value)) {
      return { ok: false, error: { key: 'results.errors.unknown_group', params: { dimension, value, allowed: allowed.join(', ') } } };
    }
    group = { dimension, value };
  }
  return {
    ok: true,
    defaulted: periodSpec === undefined && from === undefined && to === undefined,
    period: period.period.label,
    query: { from: period.period.from, to: period.period.to, channel: (channel as ResultsQuery['channel']) ?? null, group },
  };
}

const KINDS: CalendarKind[] = ['month', 'quarter', 'semester', 'year'];

/** The calendar period (month, quarter, semester or year) spanning exactly from..to, if there is one. */
export function wholePeriodOf(from: string, to: string): (Period & { kind: CalendarKind }) | null {
  for (const kind of KINDS) {
    const p = periodOf(kind, from);
    if (p.from === from && p.to === to) return { ...p, kind };
  }
  return null;
}

/** The last quarter that has ended, in the agency's time zone: the public default. */
export function lastCompleteQuarter(now: Date, timeZone: string): Period & { kind: CalendarKind } {
  const current = periodOf('quarter', localDate(now, timeZone));
  return { ...(previousPeriods(current, 1)[0] as Period), kind: 'quarter' };
}
