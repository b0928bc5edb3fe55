import type { TFunction } from 'i18next';
import type { Queryable } from '../data/engine/index.js';
import { listComments } from '../data/comments.js';
import { elementTexts } from '../data/elements.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { GRADE_THRESHOLDS } from '../indicators/skm.js';
import { computeResults, type ResultsQuery } from '../results/compute.js';
import type { Scope } from '../results/scope.js';
import { DIMENSION_NAMES } from '../survey/profile.js';
import type { ElementCode } from '../indicators/types.js';
import { groupLabel } from './filters.js';
import { trendRows } from './trend.js';

const COMMENTS_PER_PAGE = 20;

/** Grade band lower bounds for charts (25–100 scale). */
const BANDS = [GRADE_THRESHOLDS.C, GRADE_THRESHOLDS.B, GRADE_THRESHOLDS.A];

/** Everything a unit or service dashboard shows; charts carry the same numbers as the tables. */
export async function scopePageModel(
  store: Queryable,
  scope: Scope,
  q: ResultsQuery,
  periodLabel: string,
  opts: { lang: string; t: TFunction; k: number; search: string; page: number },
) {
  const { lang, t, k } = opts;
  const results = await computeResults(store, scope, q, { lang, k, showUnpublished: true });
  const texts = await elementTexts(store, lang);
  const elementNames = new Map(texts.map((e) => [e.code, e.name]));
  const elementOrder = texts.map((e) => e.code as ElementCode);
  const elements = elementOrder
    .map((code) => results.elements.find((e) => e.code === code))
    .filter((e) => e !== undefined)
    .map((e) => ({ ...e, name: elementNames.get(e.code) ?? e.code }));
  const trend = await trendRows(store, scope, q, periodLabel, k);
  const comments = await listComments(store, {
    serviceIds: scope.serviceIds,
    from: q.from,
    to: q.to,
    search: opts.search || undefined,
    limit: COMMENTS_PER_PAGE,
    offset: (opts.page - 1) * COMMENTS_PER_PAGE,
  });
  const serviceNames = new Map((await listServices(store)).map((s) => [s.id, nameIn(s, lang)]));
  const dimensions = [...DIMENSION_NAMES, 'channel' as const].map((dim) => ({
    dim,
    label: dim === 'channel' ? t('dashboard.channel') : t(`profile.${dim}.label`),
    rows: (results.groups[dim] ?? []).map((g) => ({
      ...g,
      label: groupLabel(t, dim, g.group),
      target: dim === 'channel' ? null : ((results.inclusiveness[dim] as { target_profile: Record<string, number> | null }).target_profile?.[g.group] ?? null),
    })),
    inclusion: results.inclusiveness[dim] as {
      target_profile: Record<string, number> | null;
      representation: number | null;
      under_represented: Array<{ group: string; target: number; observed: number | null }>;
      equity_gap: number | null;
      equity_ratio: number | null;
    },
  }));

  return {
    results,
    elements,
    trend,
    dimensions,
    comments: {
      rows: comments.rows.map((c) => ({ ...c, service: serviceNames.get(c.service_id) ?? c.service_code })),
      total: comments.total,
      page: opts.page,
      pages: Math.max(1, Math.ceil(comments.total / COMMENTS_PER_PAGE)),
      search: opts.search,
    },
    charts: {
      elements: {
        type: 'bar',
        horizontal: true,
        min: 25,
        max: 100,
        bands: BANDS,
        labels: elements.map((e) => e.name),
        datasets: [{ label: t('dashboard.score'), data: elements.map((e) => e.score) }],
      },
      trend: {
        type: 'line',
        min: 25,
        max: 100,
        bands: BANDS,
        labels: trend.map((p) => p.label),
        datasets: [
          { label: 'IKM', data: trend.map((p) => p.ikm.value), errors: trend.map((p) => p.margin) },
          ...elementOrder.map((code) => ({
            label: elementNames.get(code) ?? code,
            data: trend.map((p) => {
              const v = p.elements[code].value;
              return v === null ? null : v * 25;
            }),
            hidden: true,
          })),
        ],
      },
      quality: {
        type: 'bar',
        min: 25,
        max: 100,
        bands: BANDS,
        labels: [t('dashboard.quality.efficiency'), t('dashboard.quality.staff'), t('dashboard.quality.system')],
        datasets: [{ label: t('dashboard.score'), data: [results.quality.efficiency, results.quality.staff, results.quality.system] }],
      },
    },
  };
}

export type ScopePageModel = Awaited<ReturnType<typeof scopePageModel>>;

/** A chart of one dimension: reach against the target profile, and IKM by group. */
export function groupCharts(dim: ScopePageModel['dimensions'][number], t: TFunction) {
  const rows = dim.rows.filter((r) => !r.suppressed);
  return {
    reach: {
      type: 'bar',
      percent: true,
      labels: dim.rows.map((r) => r.label),
      datasets: [
        { label: t('dashboard.inclusion.observed'), data: dim.rows.map((r) => r.share) },
        ...(dim.inclusion?.target_profile ? [{ label: t('dashboard.inclusion.target'), data: dim.rows.map((r) => r.target) }] : []),
      ],
    },
    ikm: {
      type: 'bar',
      min: 25,
      max: 100,
      bands: BANDS,
      labels: rows.map((r) => r.label),
      datasets: [{ label: 'IKM', data: rows.map((r) => r.ikm) }],
    },
  };
}
