/**
 * The report's figures, all from server/results/: for a published period the public API's (the
 * frozen months, disclosure control), else the results API's for an officer of the scope. IKM,
 * elements, respondents by profile under the k rule, sample size, the processed data per element,
 * and the trend over the last periods.
 */
import { groupLabel } from '../dashboard/filters.js';
import type { Database } from '../data/engine/index.js';
import type { ElementText } from '../data/elements.js';
import type { PlanContext } from '../followup/context.js';
import { liveTotals } from '../followup/plan.js';
import type { Localized } from '../i18n.js';
import { round2 } from '../indicators/rounding.js';
import type { ElementCode } from '../indicators/types.js';
import { computeResults } from '../results/compute.js';
import { trendRows } from '../results/trend.js';
import { publishedTrend, type FigureBasis } from './basis.js';
import { barChart } from './svg.js';

/** The standard questionnaire's profile (skm.md), then how the survey was answered. */
const PROFILE = ['gender', 'age', 'education', 'occupation', 'disability', 'channel'] as const;

/** A profile group as both the officers' and the public results give it. */
interface GroupRow {
  group: string;
  n: number | null;
  share: number | null;
  suppressed: boolean;
  /** why a published group is not shown (public figures only) */
  withheld?: string | null;
}

const two = (x: number | null): string | null => (x === null ? null : round2(x).toFixed(2));

/** The figures of the report: as published (the public API's body and its frozen totals) or live (the officers' results). */
export async function reportFigures(store: Database, c: PlanContext, l: Localized, texts: readonly ElementText[], basis: FigureBasis) {
  const { scope, period } = c;
  const k = c.agency.min_group_size;
  const q = { from: period.from, to: period.to, channel: null, group: null };
  const asPublished = basis.mode === 'published';
  const r = asPublished ? basis.body : await computeResults(store, scope, q, { lang: l.lang, k, showUnpublished: true });
  const totals = asPublished ? basis.totals.total : await liveTotals(store, scope)(period);
  const byCode = new Map(r.elements.map((e) => [e.code, e]));
  const elements = texts.map((t) => {
    const e = byCode.get(t.code as ElementCode);
    const tot = totals.elements[t.code as ElementCode];
    const nrr = e?.nrr ?? null;
    return {
      code: t.code,
      name: t.name,
      question: t.question,
      labels: t.labels,
      n: e?.n ?? 0,
      sum: tot.sum,
      nrr,
      nrrValue: two(nrr),
      nrrText: l.num(nrr),
      weighted: l.num(nrr === null ? null : nrr / 9, 4),
      score: l.num(e?.score ?? null),
      grade: e?.grade ?? null,
    };
  });
  const ranked = elements.filter((e) => e.nrr !== null).sort((a, b) => (a.nrr as number) - (b.nrr as number));
  const profile = PROFILE.map((dim) => ({
    dim,
    label: dim === 'channel' ? l.t('report.channel') : l.t(`profile.${dim}.label`),
    rows: ((r.groups as Record<string, GroupRow[] | undefined>)[dim] ?? []).map((g) => ({
      label: groupLabel(l.t, dim, g.group),
      n: g.suppressed ? null : g.n,
      // a published group may be held back to protect another one (disclosure control), not only for being small
      text: g.suppressed
        ? l.t(g.withheld && g.withheld !== 'small' ? 'report.withheld' : 'report.fewer_than_k', { k })
        : `${l.num(g.n, 0)} (${l.pct(g.share)})`,
    })),
  }));
  const rows = asPublished ? await publishedTrend(store, c) : await trendRows(store, scope, q, period.label, k);
  // periods before the first with answers (before the survey started) are left out
  const first = rows.findIndex((p) => (p.n ?? 0) > 0);
  const trend = (first < 0 ? rows.slice(-1) : rows.slice(first)).map((p) => ({
    label: l.period(p.period.from, p.period.to),
    n: p.n === null ? '' : l.num(p.n, 0),
    ikm: p.ikm.value,
    ikmText: l.num(p.ikm.value),
    delta: p.ikm.delta,
    significant: p.ikm.significant,
    change: p.ikm.delta === null ? '' : `${p.ikm.delta >= 0 ? '+' : '−'}${l.num(Math.abs(p.ikm.delta))}${p.ikm.significant ? ' *' : ''}`,
  }));
  const fmt = (v: number) => l.num(v, v % 1 === 0 ? 0 : 2);
  return {
    r,
    k,
    n: r.n ?? 0,
    ikmValue: two(r.ikm),
    ikmText: l.num(r.ikm),
    grade: r.grade,
    gradeWords: r.grade ? l.t(`grades.${r.grade}`) : l.t('common.no_data'),
    margin: l.num(r.margin),
    sample: r.sample,
    elements,
    weak: ranked.slice(0, 3),
    strong: ranked.slice(-3).reverse(),
    profile,
    trend,
    elementChart: barChart(
      elements.map((e) => ({ label: e.name, value: e.nrr === null ? null : e.nrr * 25, text: e.score })),
      fmt,
    ),
    trendChart: barChart(
      trend.map((p) => ({ label: p.label, value: p.ikm, text: p.ikmText })),
      fmt,
    ),
    services: r.services,
  };
}
