import type { Queryable } from '../data/engine/index.js';
import { listComments } from '../data/comments.js';
import { elementTexts } from '../data/elements.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import type { Localized } from '../i18n.js';
import type { ElementCode } from '../indicators/types.js';
import { scopeChange } from '../results/change.js';
import { computeResults } from '../results/compute.js';
import { isRough } from '../results/k-rule.js';
import { overviewRows } from '../results/overview.js';
import type { Scope } from '../results/scope.js';
import { trendRows } from '../results/trend.js';
import { DIMENSION_NAMES } from '../vocabulary/profile.js';
import { diffChart, gradeBars, trendChart } from './charts.js';
import { groupLabel, type Filters, type FilterWords } from './filters.js';
import { headlineModel } from './headline.js';
import { dashboardHref } from './links.js';
import { rowModel } from './rows.js';
import { signed } from './words.js';

const COMMENTS_PER_PAGE = 20;

interface Inclusion {
  target_profile: Record<string, number> | null;
  representation: number | null;
  under_represented: Array<{ group: string; target: number; observed: number | null }>;
  equity_gap: number | null;
  equity_ratio: number | null;
}

/**
 * Everything a unit or service dashboard shows, in the order an officer acts: how are we doing,
 * where are we weak, who is less satisfied, what people wrote. Charts carry the tables' numbers.
 */
export async function scopePageModel(
  store: Queryable,
  scope: Scope,
  filters: Filters,
  shown: FilterWords,
  opts: { l: Localized; k: number; search: string; page: number; today: string },
) {
  const { l, k } = opts;
  const { t, lang, num, pct } = l;
  const q = filters.query;
  if (!q) return null;
  const results = await computeResults(store, scope, q, { lang, k, showUnpublished: true });
  const change = await scopeChange(store, scope, q, filters.label, k);
  const texts = await elementTexts(store, lang);
  const elementNames = new Map(texts.map((e) => [e.code, e.name]));
  const elementOrder = texts.map((e) => e.code as ElementCode);
  const elements = elementOrder
    .map((code) => results.elements.find((e) => e.code === code))
    .filter((e) => e !== undefined)
    .map((e) => ({ ...e, name: elementNames.get(e.code) ?? e.code }));
  const priority = results.priority.map((p) => ({ code: p.code, name: elementNames.get(p.code) ?? p.code, score: num(p.score) }));

  const trend = (await trendRows(store, scope, q, filters.label, k)).map((p) => ({
    code: p.period.label,
    label: l.period(p.period.from, p.period.to, opts.today),
    n: p.n === null ? '–' : num(p.n, 0),
    ikm: p.ikm.value,
    ikmText: num(p.ikm.value),
    margin: p.margin,
    marginText: p.margin === null ? '–' : `± ${num(p.margin)}`,
    change: p.ikm.delta === null ? '–' : signed(l, p.ikm.delta),
    changeNote: p.ikm.significant === null ? '' : t(p.ikm.significant ? 'dashboard.trend.significant' : 'dashboard.trend.not_significant'),
    elements: elementOrder.map((code) => {
      const c = p.elements[code];
      return { text: c.value === null ? '–' : num(c.value * 25), mark: c.significant ? (c.delta !== null && c.delta > 0 ? '▲' : '▼') : '' };
    }),
  }));

  // a unit's services (and sub-units) with the overview's figures
  const rows = scope.kind === 'service' ? [] : await overviewRows(store, scope, q, filters.label, lang, k);
  const services = rows.filter((r) => r.kind === 'service').map((r) => rowModel(r, l, filters.qs));
  const subunits = rows.filter((r) => r.kind === 'unit' && r.depth > 0).map((r) => rowModel(r, l, filters.qs));

  const comments = await listComments(store, {
    serviceIds: scope.serviceIds,
    from: q.from,
    to: q.to,
    search: opts.search || undefined,
    limit: COMMENTS_PER_PAGE,
    offset: (opts.page - 1) * COMMENTS_PER_PAGE,
  });
  const serviceNames = new Map((await listServices(store)).map((s) => [s.id, nameIn(s, lang)]));
  const pages = Math.max(1, Math.ceil(comments.total / COMMENTS_PER_PAGE));
  const commentsHref = (p: number) =>
    dashboardHref(
      { kind: scope.kind === 'agency' ? 'unit' : scope.kind, code: scope.code },
      filters.qs,
      lang,
      { q: opts.search, page: String(p) },
      'h-comments',
    );

  const overall = results.ikm;
  const dimensions = [...DIMENSION_NAMES, 'channel' as const].map((dim) => {
    const inclusion = (results.inclusiveness[dim] ?? null) as Inclusion | null;
    const groups = (results.groups[dim] ?? []).map((g) => ({
      group: g.group,
      label: groupLabel(t, dim, g.group),
      suppressed: g.suppressed,
      n: g.suppressed ? t('dashboard.suppressed', { k: results.min_group_size }) : num(g.n, 0),
      share: pct(g.share),
      target: inclusion?.target_profile?.[g.group] === undefined ? '–' : pct(inclusion.target_profile[g.group]),
      ikm: g.ikm,
      ikmText: g.suppressed ? '–' : num(g.ikm),
      grade: g.grade,
      diff: g.ikm === null || overall === null ? null : g.ikm - overall,
      diffText: g.ikm === null || overall === null ? '–' : signed(l, g.ikm - overall),
      margin: g.margin,
      rough: isRough(g.n),
    }));
    const charted = groups.filter((g) => g.diff !== null);
    const under = (inclusion?.under_represented ?? []).map((u) => groups.find((g) => g.group === u.group)?.label ?? u.group);
    return {
      dim,
      label: dim === 'channel' ? t('dashboard.channel') : t(`profile.${dim}.label`),
      summary: inclusion?.equity_gap != null ? t('dashboard.groups.gap_summary', { gap: num(inclusion.equity_gap) }) : t('dashboard.groups.no_gap'),
      representation: inclusion?.representation == null ? null : num(inclusion.representation),
      gap: inclusion?.equity_gap == null ? null : num(inclusion.equity_gap),
      ratio: inclusion?.equity_ratio == null ? null : num(inclusion.equity_ratio),
      under: under.join(', '),
      groups,
      chart: charted.length
        ? diffChart(
            charted.map((g) => g.label),
            t('dashboard.groups.diff'),
            charted.map((g) => g.diff),
            charted.map((g) => g.margin),
          )
        : null,
    };
  });

  const vulnerable = results.vulnerable
    ? (['disability', 'age65plus'] as const).map((key) => {
        const c = results.vulnerable![key];
        return {
          key,
          label: t(key === 'disability' ? 'dashboard.inclusion.with_disability' : 'dashboard.inclusion.aged_65'),
          n: c.group.suppressed ? t('dashboard.suppressed', { k: results.min_group_size }) : num(c.group.n, 0),
          share: pct(c.group.share),
          ikm: num(c.group.ikm),
          rest: num(c.rest.ikm),
        };
      })
    : [];

  return {
    results,
    headline: headlineModel(results, change, l, shown),
    elements: elements.map((e) => ({
      code: e.code,
      name: e.name,
      n: e.n === null ? '–' : num(e.n, 0),
      nrr: num(e.nrr, 3),
      score: num(e.score),
      grade: e.grade,
      top: pct(e.top_box),
      bottom: pct(e.bottom_box),
    })),
    priority,
    quality: [
      { label: t('dashboard.quality.efficiency'), value: num(results.quality.efficiency), hint: t('dashboard.quality.efficiency_hint') },
      { label: t('dashboard.quality.staff'), value: num(results.quality.staff), hint: t('dashboard.quality.staff_hint') },
      { label: t('dashboard.quality.system'), value: num(results.quality.system), hint: t('dashboard.quality.system_hint') },
    ],
    trend,
    elementNames: elements.map((e) => e.name),
    services,
    subunits,
    overall: num(overall),
    dimensions,
    vulnerable,
    comments: {
      rows: comments.rows.map((c) => ({ date: l.date(c.local_date), comment: c.comment, service: serviceNames.get(c.service_id) ?? c.service_code })),
      total: num(comments.total, 0),
      page: opts.page,
      pages,
      newer: opts.page > 1 ? commentsHref(opts.page - 1) : null,
      older: opts.page < pages ? commentsHref(opts.page + 1) : null,
      search: opts.search,
    },
    charts: {
      elements: gradeBars(
        elements.map((e) => e.name),
        t('dashboard.score'),
        elements.map((e) => e.score),
      ),
      trend: trendChart(
        trend.map((p) => p.label),
        'IKM',
        t('dashboard.trend.band'),
        trend.map((p) => p.ikm),
        trend.map((p) => p.margin),
        results.target,
        t('dashboard.target'),
      ),
    },
  };
}
