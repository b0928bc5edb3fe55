/**
 * Trend (spec/indicators.md, "improvement"): IKM and each NRR per period for the last periods
 * (8 by default), each with its delta against the previous period and whether the change is
 * significant (|delta| above the combined margin √(m1² + m2²)).
 */
import { ELEMENT_CODES, type ElementCode } from './types.js';
import { isSignificant } from './margin.js';

/** Figures of one period, as computed by skmFigures / marginOfError / elementMargin. */
export interface PeriodFigures {
  label: string;
  /** IKM 25–100 */
  ikm: number | null;
  /** margin of the IKM, 25–100 points */
  margin: number | null;
  /** NRR (1–4) per element; absent = no data */
  nrr: Partial<Record<ElementCode, number | null>>;
  /** optional margin of each NRR, on the 1–4 scale (elementMargin); without it element significance is null */
  nrrMargin?: Partial<Record<ElementCode, number | null>>;
}

export interface Change {
  value: number | null;
  /** value − previous period's value; null for the first period or when either is missing */
  delta: number | null;
  /** null when it cannot be judged (no delta or a missing margin) */
  significant: boolean | null;
}

export interface TrendPoint {
  label: string;
  ikm: Change;
  margin: number | null;
  elements: Record<ElementCode, Change>;
}

export const TREND_PERIODS = 8;

function change(value: number | null, prev: number | null | undefined, m: number | null | undefined, prevM: number | null | undefined): Change {
  const delta = value === null || prev === null || prev === undefined ? null : value - prev;
  return { value, delta, significant: isSignificant(delta, m ?? null, prevM ?? null) };
}

/**
 * Trend over `periods` given oldest first. Returns the last `max` of them; the first returned
 * period still gets its delta when an earlier period was passed in.
 */
export function trend(periods: ReadonlyArray<PeriodFigures>, max: number = TREND_PERIODS): TrendPoint[] {
  const points = periods.map((p, i): TrendPoint => {
    const prev = i > 0 ? periods[i - 1] : undefined;
    const elements = {} as Record<ElementCode, Change>;
    for (const code of ELEMENT_CODES) {
      elements[code] = change(p.nrr[code] ?? null, prev?.nrr[code], p.nrrMargin?.[code], prev?.nrrMargin?.[code]);
    }
    return { label: p.label, ikm: change(p.ikm, prev?.ikm, p.margin, prev?.margin), margin: p.margin, elements };
  });
  return max > 0 ? points.slice(-max) : [];
}
