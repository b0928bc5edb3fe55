import { counterTotals, serviceCounters, serviceResponseTotal, tokenState, type TokenState } from '../data/counters.js';
import type { Queryable } from '../data/engine/index.js';
import { grade, ikm, type Grade } from '../indicators/skm.js';
import { ELEMENT_CODES, emptyTotals, type Totals } from '../indicators/types.js';

// The counter as a dimension of a service's figures (issue 10): reach per counter (responses and
// share of the service's responses in the period) and IKM per counter. The reach count is an
// officers' figure (counters are never published); the IKM of a counter is shown only when at
// least k responses stand behind it (indicators.md, "Small groups and privacy"), like any group.

export interface CounterFigure {
  counterId: number;
  place: string;
  kind: 'link' | 'kiosk';
  state: TokenState;
  n: number;
  /** share of the service's responses in the period (0..1); null when it has none */
  share: number | null;
  /** null when n < k (or nothing was answered) */
  ikm: number | null;
  grade: Grade | null;
  /** fewer than k responses: the IKM is hidden */
  hidden: boolean;
}

export interface CounterFigures {
  rows: CounterFigure[];
  /** responses through no counter (the plain link, the embed widget, assisted entry) */
  other: { n: number; share: number | null };
  total: number;
}

/** Totals holding what IKM needs (per element n and sum) from a counter's row. */
function totalsOf(row: { n: number; elements: Record<string, { n: number; sum: number }> }): Totals {
  const t = emptyTotals();
  t.n = row.n;
  for (const code of ELEMENT_CODES) {
    const e = row.elements[code];
    if (e) t.elements[code] = { ...t.elements[code], n: e.n, sum: e.sum };
  }
  return t;
}

/**
 * Every counter of a service (those with no response in the period too, so an idle counter shows as
 * 0), for responses dated from..to, with the service's total in the period for the shares.
 */
export async function counterFigures(q: Queryable, serviceId: number, from: string, to: string, k: number, now = new Date()): Promise<CounterFigures> {
  const counters = await serviceCounters(q, serviceId);
  const total = await serviceResponseTotal(q, serviceId, from, to);
  const totals = new Map((await counterTotals(q, serviceId, from, to)).map((r) => [r.counter_id, r]));
  const share = (n: number) => (total > 0 ? n / total : null);
  const rows = counters.map((c): CounterFigure => {
    const row = totals.get(Number(c.id));
    const n = row?.n ?? 0;
    const hidden = n < k;
    const value = row && !hidden ? ikm(totalsOf(row)) : null;
    return { counterId: Number(c.id), place: c.place, kind: c.kind, state: tokenState(c, now), n, share: share(n), ikm: value, grade: grade(value), hidden };
  });
  const through = rows.reduce((s, r) => s + r.n, 0);
  return { rows, other: { n: Math.max(0, total - through), share: share(Math.max(0, total - through)) }, total };
}
