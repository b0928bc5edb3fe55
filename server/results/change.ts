import type { Queryable } from '../data/engine/index.js';
import { readTotalsByService, sumTotals } from '../data/totals.js';
import { isSignificant, marginOfError } from '../indicators/margin.js';
import type { Period } from '../indicators/periods.js';
import { ikm } from '../indicators/skm.js';
import type { Totals } from '../indicators/types.js';
import type { ResultsQuery } from './compute.js';
import { hiddenBySmallGroup } from './k-rule.js';
import { previousPeriod } from './previous.js';
import type { Scope } from './scope.js';

/** The change of an IKM from the previous period, with its significance (indicators.md "trend"). */
export interface Change {
  /** the previous period (same kind), or null when there is none (a range, or before year 0) */
  period: Period | null;
  before: number | null;
  delta: number | null;
  /** |delta| above the combined margin; null when it cannot be judged */
  significant: boolean | null;
  /** 'up' | 'down' (significant), 'within' (inside the combined margin), null when unknown */
  direction: 'up' | 'down' | 'within' | null;
}

/** The change between two sets of totals; hidden (the k rule) or missing figures give no change. */
export function changeBetween(now: Totals, before: Totals, hidden: boolean, period: Period | null): Change {
  const a = ikm(now);
  const b = hidden ? null : ikm(before);
  if (hidden || a === null || b === null) return { period, before: b, delta: null, significant: null, direction: null };
  const delta = a - b;
  const significant = isSignificant(delta, marginOfError(now), marginOfError(before));
  return { period, before: b, delta, significant, direction: significant ? (delta > 0 ? 'up' : 'down') : 'within' };
}

/** The scope's change from the previous period under the same filters. */
export async function scopeChange(store: Queryable, scope: Scope, q: ResultsQuery, periodLabel: string, k: number, now?: Totals): Promise<Change> {
  const prev = previousPeriod(periodLabel);
  const current = now ?? sumTotals((await readTotalsByService(store, { serviceIds: scope.serviceIds, ...q })).values());
  if (!prev) return changeBetween(current, current, true, null);
  const before = sumTotals((await readTotalsByService(store, { serviceIds: scope.serviceIds, ...q, from: prev.from, to: prev.to })).values());
  return changeBetween(current, before, hiddenBySmallGroup(q, current, k) || hiddenBySmallGroup(q, before, k), prev);
}
