/**
 * Margin of error (spec/indicators.md): 95% half-width 1.96 · s / √n, where s is the SAMPLE
 * standard deviation (denominator n − 1, the unbiased estimate for a sample of service users) of
 * each respondent's own mean score x25. With fewer than 2 responses there is no margin (null).
 */
import type { ElementTotals, Totals } from './types.js';

/** z of a two-sided 95% interval. */
const Z95 = 1.96;

/** Sample standard deviation from n, Σx, Σx²; null when n < 2. Float noise below 0 is clamped. */
function sampleSd(n: number, sum: number, sumSq: number): number | null {
  if (n < 2) return null;
  const variance = (sumSq - (sum * sum) / n) / (n - 1);
  return Math.sqrt(Math.max(0, variance));
}

/** Standard deviation of respondents' own mean scores on the 25–100 scale; null when n < 2. */
export function respondentSd(totals: Totals): number | null {
  const sd = sampleSd(totals.n, totals.meanSum, totals.meanSumSq);
  return sd === null ? null : sd * 25;
}

/** 95% margin of error of the IKM, in points of the 25–100 scale; null when n < 2. */
export function marginOfError(totals: Totals): number | null {
  const sd = respondentSd(totals);
  return sd === null ? null : (Z95 * sd) / Math.sqrt(totals.n);
}

/** 95% margin of one element's NRR, on the NRR's own 1–4 scale (answers' sample SD); null when n < 2. */
export function elementMargin(element: ElementTotals): number | null {
  const sd = sampleSd(element.n, element.sum, element.sumSq);
  return sd === null ? null : (Z95 * sd) / Math.sqrt(element.n);
}

/** Combined margin √(m1² + m2²) of a difference; null when either margin is unknown. */
export function combinedMargin(m1: number | null, m2: number | null): number | null {
  return m1 === null || m2 === null ? null : Math.sqrt(m1 * m1 + m2 * m2);
}

/**
 * Whether a change is significant: |delta| strictly above the combined margin.
 * null when it cannot be judged (no delta or a missing margin).
 */
export function isSignificant(delta: number | null, m1: number | null, m2: number | null): boolean | null {
  const m = combinedMargin(m1, m2);
  return delta === null || m === null ? null : Math.abs(delta) > m;
}
