/**
 * Small-group rule (spec/indicators.md "Small groups and privacy"): a group with fewer than k
 * responses is never shown by itself. k defaults to 5 and is never below 3: a smaller setting is
 * CLAMPED up to 3 (not rejected), so a misconfigured agency still gets the legal minimum.
 */
import type { Totals } from './types.js';
import { grade, ikm, performance, type Grade, type PerformanceKey } from './skm.js';

/** Group key of "prefer not to answer" / not stated: reported, never compared. */
export const NA_GROUP = 'na';
const DEFAULT_MIN_GROUP = 5;
const MIN_GROUP_FLOOR = 3;

/** Effective k: default 5, fractional k rounded up, clamped to >= 3. @throws RangeError if not finite. */
export function minGroupSize(k: number = DEFAULT_MIN_GROUP): number {
  if (!Number.isFinite(k)) throw new RangeError(`k must be a finite number, got ${k}`);
  return Math.max(MIN_GROUP_FLOOR, Math.ceil(k));
}

/**
 * Figures of one group. When `suppressed` (n < k, including 0) every figure, the count too, is
 * null: the view reads "fewer than k responses".
 */
export interface GroupFigures {
  group: string;
  suppressed: boolean;
  n: number | null;
  /** n / responses of all groups compared (reach share) */
  share: number | null;
  ikm: number | null;
  grade: Grade | null;
  performance: PerformanceKey | null;
}

/** Figures of one group out of `total` responses, with suppression below k (k already clamped). */
export function figuresOf(group: string, totals: Totals, total: number, k: number): GroupFigures {
  if (totals.n < k) {
    return { group, suppressed: true, n: null, share: null, ikm: null, grade: null, performance: null };
  }
  const value = ikm(totals);
  const g = grade(value);
  return {
    group,
    suppressed: false,
    n: totals.n,
    share: total > 0 ? totals.n / total : null,
    ikm: value,
    grade: g,
    performance: performance(g),
  };
}
