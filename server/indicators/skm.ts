/**
 * The SKM index (PermenPANRB 14/2017, spec/skm.md): NRR per element, IKM on the 1–4 and 25–100
 * scales, grade and performance label. Full precision throughout; round2 only to classify.
 */
import { ELEMENT_CODES, type ElementCode, type ElementTotals, type Totals } from './types.js';
import { round2 } from './rounding.js';

export type Grade = 'A' | 'B' | 'C' | 'D';
/** i18n key of "kinerja unit pelayanan"; the views translate it. */
export type PerformanceKey = 'sangat_baik' | 'baik' | 'kurang_baik' | 'tidak_baik';

/** Lower bounds (inclusive, on the round2 25–100 value) of grades A, B, C; below C is D. */
export const GRADE_THRESHOLDS = { A: 88.31, B: 76.61, C: 65.0 } as const;

const PERFORMANCE: Record<Grade, PerformanceKey> = {
  A: 'sangat_baik',
  B: 'baik',
  C: 'kurang_baik',
  D: 'tidak_baik',
};

/** NRR (1–4) of one element = Σ answers / number who answered it; null when nobody did. */
export function nrr(element: ElementTotals): number | null {
  return element.n > 0 ? element.sum / element.n : null;
}

/** NRR of every element, null for those without an answer. */
export function elementNrrs(totals: Totals): Record<ElementCode, number | null> {
  const out = {} as Record<ElementCode, number | null>;
  for (const code of ELEMENT_CODES) out[code] = nrr(totals.elements[code]);
  return out;
}

/** Mean of the non-null values (equal weights: divides by the count, never multiplies by 0.111). */
export function meanOfPresent(values: ReadonlyArray<number | null>): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    count += 1;
  }
  return count > 0 ? sum / count : null;
}

/** IKM on the 1–4 scale: mean of the NRRs of the elements with at least one answer. */
export function ikm14(totals: Totals): number | null {
  return meanOfPresent(ELEMENT_CODES.map((code) => nrr(totals.elements[code])));
}

/** A 1–4 value on the 25–100 scale (x25); null stays null. */
export function toScore(value14: number | null): number | null {
  return value14 === null ? null : value14 * 25;
}

/** IKM 25–100, the headline figure; null when no element was answered (never 0 or 25). */
export function ikm(totals: Totals): number | null {
  return toScore(ikm14(totals));
}

/** Grade of a 25–100 value, by its round2 value with >=; null when there is no value. */
export function grade(value: number | null): Grade | null {
  if (value === null || !Number.isFinite(value)) return null;
  const r = round2(value);
  if (r >= GRADE_THRESHOLDS.A) return 'A';
  if (r >= GRADE_THRESHOLDS.B) return 'B';
  if (r >= GRADE_THRESHOLDS.C) return 'C';
  return 'D';
}

/** Performance label key of a grade. */
export function performance(g: Grade | null): PerformanceKey | null {
  return g === null ? null : PERFORMANCE[g];
}

/** Figures of one element. */
export interface ElementFigures {
  code: ElementCode;
  n: number;
  nrr: number | null;
  score: number | null;
  grade: Grade | null;
}

/** Figures of a response set: the contract's `n`, `ikm`, `ikm_1_4`, `grade`, `elements`. */
export interface SkmFigures {
  n: number;
  ikm14: number | null;
  ikm: number | null;
  grade: Grade | null;
  performance: PerformanceKey | null;
  elements: ElementFigures[];
}

/** All SKM figures of a response set, elements in stable code order. */
export function skmFigures(totals: Totals): SkmFigures {
  const elements = ELEMENT_CODES.map((code): ElementFigures => {
    const e = totals.elements[code];
    const value = nrr(e);
    const score = toScore(value);
    return { code, n: e.n, nrr: value, score, grade: grade(score) };
  });
  const value14 = meanOfPresent(elements.map((e) => e.nrr));
  const value = toScore(value14);
  const g = grade(value);
  return { n: totals.n, ikm14: value14, ikm: value, grade: g, performance: performance(g), elements };
}
