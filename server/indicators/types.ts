/**
 * Shared input of the indicator math: running totals per element and per response set.
 * Totals add up by plain addition, so any scope, period or group is a sum of stored totals.
 */

/** The nine SKM elements (PermenPANRB 14/2017), stable codes; results never depend on this order. */
export const ELEMENT_CODES = ['PERSYARATAN', 'PROSEDUR', 'WAKTU', 'BIAYA', 'PRODUK', 'KOMPETENSI', 'PERILAKU', 'PENGADUAN', 'SARANA'] as const;
export type ElementCode = (typeof ELEMENT_CODES)[number];

/** Running totals for one element over a set of responses. */
export interface ElementTotals {
  /** responses that answered the element */
  n: number;
  /** Σ answers */
  sum: number;
  /** Σ answers² */
  sumSq: number;
  /** count of answers equal to 4 */
  c4: number;
  /** count of answers equal to 1 or 2 */
  c12: number;
}

/** Running totals for a set of responses (any scope / period / filter). */
export interface Totals {
  /** responses (each has at least one answered element) */
  n: number;
  /** Σ over responses of the respondent's own mean answer (1–4) over the elements they answered */
  meanSum: number;
  /** Σ of the square of that mean */
  meanSumSq: number;
  elements: Record<ElementCode, ElementTotals>;
}

/** One response's element answers: 1..4, or null / absent when not answered. */
export type Answers = Partial<Record<ElementCode, number | null>>;

function emptyElement(): ElementTotals {
  return { n: 0, sum: 0, sumSq: 0, c4: 0, c12: 0 };
}

function mapElements(f: (code: ElementCode) => ElementTotals): Record<ElementCode, ElementTotals> {
  const out = {} as Record<ElementCode, ElementTotals>;
  for (const code of ELEMENT_CODES) out[code] = f(code);
  return out;
}

/** Totals of no responses. */
export function emptyTotals(): Totals {
  return { n: 0, meanSum: 0, meanSumSq: 0, elements: mapElements(emptyElement) };
}

/** Sum of two totals (a new object; the inputs are not changed). */
export function addTotals(a: Totals, b: Totals): Totals {
  return {
    n: a.n + b.n,
    meanSum: a.meanSum + b.meanSum,
    meanSumSq: a.meanSumSq + b.meanSumSq,
    elements: mapElements((code) => {
      const x = a.elements[code];
      const y = b.elements[code];
      return { n: x.n + y.n, sum: x.sum + y.sum, sumSq: x.sumSq + y.sumSq, c4: x.c4 + y.c4, c12: x.c12 + y.c12 };
    }),
  };
}

/** Adds `b` into `a` in place and returns `a` (for summing many rows without new objects). */
export function addInto(a: Totals, b: Totals): Totals {
  a.n += b.n;
  a.meanSum += b.meanSum;
  a.meanSumSq += b.meanSumSq;
  for (const code of ELEMENT_CODES) {
    const x = a.elements[code];
    const y = b.elements[code];
    x.n += y.n;
    x.sum += y.sum;
    x.sumSq += y.sumSq;
    x.c4 += y.c4;
    x.c12 += y.c12;
  }
  return a;
}

/**
 * Brute-force builder from raw answers (tests, property tests, repair jobs).
 * A response with no answered element is not a response and is skipped.
 * @throws RangeError on an answer that is not an integer 1..4 (missing is null/undefined, never 0).
 */
export function totalsFromAnswers(answers: ReadonlyArray<Answers>): Totals {
  const t = emptyTotals();
  for (const response of answers) {
    let count = 0;
    let sum = 0;
    for (const code of ELEMENT_CODES) {
      const v = response[code];
      if (v === null || v === undefined) continue;
      if (!Number.isInteger(v) || v < 1 || v > 4) {
        throw new RangeError(`invalid answer ${String(v)} for ${code}: must be 1..4 or missing`);
      }
      const e = t.elements[code];
      e.n += 1;
      e.sum += v;
      e.sumSq += v * v;
      if (v === 4) e.c4 += 1;
      if (v <= 2) e.c12 += 1;
      count += 1;
      sum += v;
    }
    if (count === 0) continue;
    const mean = sum / count;
    t.n += 1;
    t.meanSum += mean;
    t.meanSumSq += mean * mean;
  }
  return t;
}
