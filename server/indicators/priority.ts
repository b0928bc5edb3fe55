/**
 * Priority elements (spec/indicators.md): the elements with the lowest NRR, candidates for the
 * follow-up plan (Rencana Tindak Lanjut). Elements without data are left out; ties keep the
 * stable code order of ELEMENT_CODES.
 */
import { ELEMENT_CODES, type ElementCode, type Totals } from './types.js';
import { nrr } from './skm.js';

export interface PriorityElement {
  code: ElementCode;
  nrr: number;
}

/** The k (default 3) elements with the lowest NRR, lowest first. */
export function priorityElements(totals: Totals, k = 3): PriorityElement[] {
  const withData: PriorityElement[] = [];
  for (const code of ELEMENT_CODES) {
    const value = nrr(totals.elements[code]);
    if (value !== null) withData.push({ code, nrr: value });
  }
  // Array.prototype.sort is stable (ES2019), so equal NRRs keep the code order.
  withData.sort((a, b) => a.nrr - b.nrr);
  return withData.slice(0, Math.max(0, k));
}
