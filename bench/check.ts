/**
 * Equality checks between figures read from the totals and figures from a raw scan: the timing
 * comparison is only honest when both sides compute the same numbers.
 */
import { ikm } from '../server/indicators/skm.js';
import { ELEMENT_CODES, type Totals } from '../server/indicators/types.js';

const IKM_TOLERANCE = 1e-9;

/** Problems found, as readable lines (empty: equal). */
export type Problems = string[];

function near(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

function ikmNear(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : Math.abs(a - b) <= IKM_TOLERANCE;
}

/** n and every integer count exactly; float sums to 1e-12 relative; IKM to 1e-9. */
function compareTotals(where: string, a: Totals, b: Totals): Problems {
  const out: Problems = [];
  if (a.n !== b.n) out.push(`${where}: n ${a.n} (totals) != ${b.n} (raw)`);
  if (!near(a.meanSum, b.meanSum, 1e-12) || !near(a.meanSumSq, b.meanSumSq, 1e-12)) {
    out.push(`${where}: respondent-mean sums ${a.meanSum}/${a.meanSumSq} != ${b.meanSum}/${b.meanSumSq}`);
  }
  for (const code of ELEMENT_CODES) {
    const x = a.elements[code];
    const y = b.elements[code];
    if (x.n !== y.n || x.sum !== y.sum || x.sumSq !== y.sumSq || x.c4 !== y.c4 || x.c12 !== y.c12) {
      out.push(`${where}: element ${code} ${JSON.stringify(x)} != ${JSON.stringify(y)}`);
    }
  }
  const ia = ikm(a);
  const ib = ikm(b);
  if (!ikmNear(ia, ib)) out.push(`${where}: IKM ${ia} != ${ib}`);
  return out;
}

/** Per service: the same services, each with equal totals. */
export function compareByService(where: string, a: Map<number, Totals>, b: Map<number, Totals>): Problems {
  const out: Problems = [];
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const id of keys) {
    const x = a.get(id);
    const y = b.get(id);
    if (!x || !y) out.push(`${where}: service ${id} only in ${x ? 'totals' : 'raw'} (n=${(x ?? y)?.n})`);
    else out.push(...compareTotals(`${where}, service ${id}`, x, y));
    if (out.length > 10) break;
  }
  return out;
}

/** Per dimension and group. */
/** Group breakdowns carry counts and sums only (reach and IKM by group): compare those, and the IKM. */
function compareCounts(where: string, a: Totals, b: Totals): Problems {
  const out: Problems = [];
  if (a.n !== b.n) out.push(`${where}: n ${a.n} (totals) != ${b.n} (raw)`);
  for (const code of ELEMENT_CODES) {
    const x = a.elements[code];
    const y = b.elements[code];
    if (x.n !== y.n || x.sum !== y.sum) out.push(`${where}: element ${code} n/sum ${x.n}/${x.sum} != ${y.n}/${y.sum}`);
  }
  if (!ikmNear(ikm(a), ikm(b))) out.push(`${where}: IKM ${ikm(a)} != ${ikm(b)}`);
  return out;
}

export function compareGroups(where: string, a: Record<string, Record<string, Totals>>, b: Record<string, Record<string, Totals>>): Problems {
  const out: Problems = [];
  for (const dim of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const ga = a[dim] ?? {};
    const gb = b[dim] ?? {};
    for (const g of new Set([...Object.keys(ga), ...Object.keys(gb)])) {
      const x = ga[g];
      const y = gb[g];
      if (!x || !y) out.push(`${where}: ${dim}=${g} only in ${x ? 'totals' : 'raw'}`);
      else out.push(...compareCounts(`${where}, ${dim}=${g}`, x, y));
    }
  }
  return out;
}

/** The headline of computeResults against the raw figures. */
export function compareHeadline(where: string, head: { n: number | null; ikm: number | null; suppressed: boolean }, raw: Totals): Problems {
  if (head.suppressed) return raw.n < 5 ? [] : [`${where}: results suppressed with n=${raw.n}`];
  const out: Problems = [];
  if (head.n !== raw.n) out.push(`${where}: results n ${head.n} != raw ${raw.n}`);
  if (!ikmNear(head.ikm, ikm(raw))) out.push(`${where}: results IKM ${head.ikm} != raw ${ikm(raw)}`);
  return out;
}

/** Figures from plain SQL (count, AVG per element), independent of the metric SQL the app shares. */
export interface PlainFigures {
  n: number;
  nrr: Record<string, number | null>;
}

export function comparePlain(where: string, t: Totals, plain: PlainFigures): Problems {
  const out: Problems = [];
  if (t.n !== plain.n) out.push(`${where}: n ${t.n} (totals) != ${plain.n} (count(*))`);
  const nrrs: number[] = [];
  for (const code of ELEMENT_CODES) {
    const e = t.elements[code];
    const mine = e.n > 0 ? e.sum / e.n : null;
    const theirs = plain.nrr[code] ?? null;
    if (theirs !== null) nrrs.push(theirs);
    if (mine === null || theirs === null ? mine !== theirs : Math.abs(mine - theirs) > 1e-12) {
      out.push(`${where}: NRR ${code} ${mine} (totals) != ${theirs} (AVG)`);
    }
  }
  const plainIkm = nrrs.length ? (nrrs.reduce((a, b) => a + b, 0) / nrrs.length) * 25 : null;
  if (!ikmNear(ikm(t), plainIkm)) out.push(`${where}: IKM ${ikm(t)} (totals) != ${plainIkm} (mean of AVGs x 25)`);
  return out;
}
