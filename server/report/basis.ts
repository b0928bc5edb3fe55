/**
 * Which figures a report shows. A period that has been published (its months frozen by a public
 * read, or let in anew by a logged republication) is reported as published: the public API's own
 * figures (computePublicResults) and the frozen totals behind them, dated, with how many responses
 * the live data holds differently. `?figures=live` asks for the live figures of such a period,
 * labelled as not the published report. A period not published yet (running, unpublished scope, too
 * few to publish) shows the live figures as a draft.
 */
import type { Database } from '../data/engine/index.js';
import { responsesDiffering } from '../data/published-drift.js';
import { republicationsOf, type Republication } from '../data/publications.js';
import type { PlanContext } from '../followup/context.js';
import { isValidDate } from '../indicators/calendar.js';
import { lastPeriods, localDate, type Period } from '../indicators/periods.js';
import { trend, TREND_PERIODS } from '../indicators/trend.js';
import type { Totals } from '../indicators/types.js';
import type { PublicBody } from '../publication/figures.js';
import { hasBeenPublished, publishedTotals, type PublishedTotals } from '../publication/published-totals.js';
import { computePublicResults, monthsOf } from '../results/public.js';
import { periodFigures, type TrendRow } from '../results/trend.js';

export type FigureMode = 'published' | 'live' | 'draft';

export type FigureBasis =
  { mode: 'draft' } | { mode: 'live'; published: PublishedFacts } | { mode: 'published'; published: PublishedFacts; body: PublicBody; totals: PublishedTotals };

export interface PublishedFacts {
  /** the local date the figures shown publicly were frozen (the last month taken) */
  on: string;
  /** responses the live data holds differently from the published months */
  differing: number;
  /** the logged republications of the period's months, newest first */
  republications: Republication[];
}

/** The figures a report of this context shows; `wantLive`: the officer asked for the live view (?figures=live). */
export async function figureBasis(store: Database, c: PlanContext, lang: string, wantLive: boolean): Promise<FigureBasis> {
  const period = c.period;
  if (!(await hasBeenPublished(store, c.scope, period, c.today))) return { mode: 'draft' };
  // the public read: freezes what a republication let in, as the public page's next read would
  const body = await computePublicResults(store, c.scope, period, { lang, k: c.agency.min_group_size, now: new Date() });
  const totals = body.publication.status === 'published' ? await publishedTotals(store, c.scope, period, c.agency.min_group_size) : null;
  if (!totals) return { mode: 'draft' };
  const months = monthsOf(period);
  const published = {
    on: localDate(new Date(totals.takenAt.last), c.agency.time_zone),
    differing: await responsesDiffering(store, totals.serviceIds, months),
    republications: await republicationsOf(store, months[0] as string, months[months.length - 1] as string),
  };
  return wantLive ? { mode: 'live', published } : { mode: 'published', published, body, totals };
}

/** The trend of the published figures: each period's frozen totals under the disclosure rule (none shown where none is published). */
export async function publishedTrend(store: Database, c: PlanContext): Promise<TrendRow[]> {
  const periods = lastPeriods(c.period, TREND_PERIODS + 1)
    .filter((p) => isValidDate(p.from) && isValidDate(p.to))
    .map((p) => ({ ...p, kind: c.period.kind }));
  const totals: Array<Totals | null> = [];
  for (const p of periods) totals.push((await publishedTotals(store, c.scope, p, c.agency.min_group_size))?.total ?? null);
  const points = trend(periods.map((p, i) => periodFigures(p.label, totals[i] ?? null)));
  const offset = periods.length - points.length;
  return points.map((p, i) => ({ ...p, period: periods[i + offset] as Period, n: totals[i + offset]?.n ?? null }));
}
