/**
 * Quality-orientation figures beside the IKM (spec/indicators.md): top/bottom box and the
 * three-axis profile (efficiency, staff, system). Each axis is the mean of the NRRs of its
 * elements that have data, x25; null when none of them has data.
 */
import { ELEMENT_CODES, type ElementCode, type ElementTotals, type Totals } from './types.js';
import { meanOfPresent, nrr, toScore } from './skm.js';

/** Elements of each axis. */
const EFFICIENCY_ELEMENTS = ['PROSEDUR', 'WAKTU', 'BIAYA'] as const satisfies readonly ElementCode[];
const STAFF_ELEMENTS = ['KOMPETENSI', 'PERILAKU'] as const satisfies readonly ElementCode[];
const SYSTEM_ELEMENTS = ['PERSYARATAN', 'PRODUK', 'PENGADUAN', 'SARANA'] as const satisfies readonly ElementCode[];

/** Share of an element's answers that are 4; null without answers. */
export function elementTopBox(element: ElementTotals): number | null {
  return element.n > 0 ? element.c4 / element.n : null;
}

/** Share of an element's answers that are 1 or 2; null without answers. */
export function elementBottomBox(element: ElementTotals): number | null {
  return element.n > 0 ? element.c12 / element.n : null;
}

function pooled(totals: Totals, pick: (e: ElementTotals) => number): number | null {
  let hits = 0;
  let answers = 0;
  for (const code of ELEMENT_CODES) {
    hits += pick(totals.elements[code]);
    answers += totals.elements[code].n;
  }
  return answers > 0 ? hits / answers : null;
}

/** Share of ALL element answers (every element pooled) that are 4; null without answers. */
export function topBox(totals: Totals): number | null {
  return pooled(totals, (e) => e.c4);
}

/** Share of ALL element answers that are 1 or 2; null without answers. */
export function bottomBox(totals: Totals): number | null {
  return pooled(totals, (e) => e.c12);
}

/** Mean NRR of the given elements (those with data), x25. */
function axisIndex(totals: Totals, codes: readonly ElementCode[]): number | null {
  return toScore(meanOfPresent(codes.map((code) => nrr(totals.elements[code]))));
}

/** Efficiency index: PROSEDUR, WAKTU, BIAYA. */
export function efficiencyIndex(totals: Totals): number | null {
  return axisIndex(totals, EFFICIENCY_ELEMENTS);
}

/** Service delivery, staff axis: KOMPETENSI, PERILAKU. */
export function staffIndex(totals: Totals): number | null {
  return axisIndex(totals, STAFF_ELEMENTS);
}

/** Service delivery, system axis: PERSYARATAN, PRODUK, PENGADUAN, SARANA. */
export function systemIndex(totals: Totals): number | null {
  return axisIndex(totals, SYSTEM_ELEMENTS);
}

export interface QualityProfile {
  efficiency: number | null;
  staff: number | null;
  system: number | null;
}

/** The three-axis profile on the 25–100 scale. */
export function qualityProfile(totals: Totals): QualityProfile {
  return { efficiency: efficiencyIndex(totals), staff: staffIndex(totals), system: systemIndex(totals) };
}
