import type { Queryable } from '../data/engine/index.js';
import { readTotalsByService, sumTotals } from '../data/totals.js';
import { elementMargin, marginOfError } from '../indicators/margin.js';
import { isValidDate } from '../indicators/calendar.js';
import { lastPeriods, parsePeriod, type Period } from '../indicators/periods.js';
import { ikm, nrr } from '../indicators/skm.js';
import { trend, TREND_PERIODS, type PeriodFigures, type TrendPoint } from '../indicators/trend.js';
import { ELEMENT_CODES, type Totals } from '../indicators/types.js';
import type { ResultsQuery } from './compute.js';
import { hiddenBySmallGroup } from './k-rule.js';
import type { Scope } from './scope.js';

export interface TrendRow extends TrendPoint {
  period: Period;
  n: number | null;
}

/** A period's IKM, NRRs and their margins, as a trend takes them; none for a period with no figures to show (null). */
export function periodFigures(label: string, t: Totals | null): PeriodFigures {
  if (!t) return { label, ikm: null, margin: null, nrr: {} };
  const nrrs: PeriodFigures['nrr'] = {};
  const margins: NonNullable<PeriodFigures['nrrMargin']> = {};
  for (const code of ELEMENT_CODES) {
    nrrs[code] = nrr(t.elements[code]);
    margins[code] = elementMargin(t.elements[code]);
  }
  return { label, ikm: ikm(t), margin: marginOfError(t), nrr: nrrs, nrrMargin: margins };
}

/** IKM and every NRR over the last 8 periods of the same kind as the selected one, with deltas and their significance. */
export async function trendRows(q: Queryable, scope: Scope, rq: ResultsQuery, periodLabel: string, k: number): Promise<TrendRow[]> {
  const parsed = parsePeriod(periodLabel);
  if (!parsed.ok) return [];
  // one more, for the first delta; none before the calendar's start (year 0), whatever the period
  const periods = lastPeriods(parsed.period, TREND_PERIODS + 1).filter((p) => isValidDate(p.from) && isValidDate(p.to));
  const totals: Totals[] = [];
  for (const p of periods) {
    const byService = await readTotalsByService(q, { serviceIds: scope.serviceIds, from: p.from, to: p.to, channel: rq.channel, group: rq.group });
    totals.push(sumTotals(byService.values()));
  }
  const hidden = totals.map((t) => hiddenBySmallGroup(rq, t, k));
  const points = trend(
    periods.map((p, i) => periodFigures(p.label, hidden[i] ? null : (totals[i] as Totals))),
    TREND_PERIODS,
  );
  const offset = periods.length - points.length;
  return points.map((p, i) => ({ ...p, period: periods[i + offset] as Period, n: hidden[i + offset] ? null : (totals[i + offset] as Totals).n }));
}
