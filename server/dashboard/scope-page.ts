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
import { dashboardHref, surveyPreviewUrl } from '../urls.js';
import { figure, gradeBars, trendChart } from './charts.js';
import type { Filters, FilterWords } from './filters.js';
import { groupsModel } from './groups.js';
import { headlineModel } from './headline.js';
import { rowModel } from './rows.js';
import { pageGlossaries } from './terms.js';
import { trendModel } from './trend.js';
import { gradeModel, roughMark } from './words.js';
import { unratedModel } from '../assisted/unrated-model.js';

const COMMENTS_PER_PAGE = 20;

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
  const trend = await trendModel(store, scope, q, filters.label, { l, k, today: opts.today, elementOrder });

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
  const target = { kind: scope.kind === 'agency' ? ('unit' as const) : scope.kind, code: scope.code };
  const commentsHref = (p: number) => dashboardHref(target, filters.qs, lang, { q: opts.search, page: String(p) }, 'h-comments');
  const groups = groupsModel(results, l);

  return {
    headline: headlineModel(results, change, l, shown),
    glossaries: pageGlossaries(l, results.min_group_size),
    /** the citizens' survey of a service, for a quick look at what they answer */
    surveyHref: scope.kind === 'service' ? surveyPreviewUrl(scope.code, lang) : null,
    suppressedHint: t('dashboard.inclusion.hint', { k: results.min_group_size }),
    gapHint: t('dashboard.groups.explain_gap', { k: results.min_group_size }),
    elements: elements.map((e) => ({
      code: e.code,
      name: e.name,
      n: e.n === null ? '–' : num(e.n, 0),
      rough: roughMark(l, isRough(e.n)),
      nrr: num(e.nrr, 3),
      score: num(e.score),
      grade: gradeModel(l, e.grade),
      top: pct(e.top_box),
      bottom: pct(e.bottom_box),
      /** the folded columns in one line under the name, on a phone */
      line: t('dashboard.elements.element_line', { nrr: num(e.nrr, 3), top: pct(e.top_box), bottom: pct(e.bottom_box) }),
    })),
    priority,
    quality: [
      { label: t('dashboard.quality.efficiency'), value: num(results.quality.efficiency), hint: t('dashboard.quality.efficiency_hint') },
      { label: t('dashboard.quality.staff'), value: num(results.quality.staff), hint: t('dashboard.quality.staff_hint') },
      { label: t('dashboard.quality.system'), value: num(results.quality.system), hint: t('dashboard.quality.system_hint') },
    ],
    trend: trend.rows,
    elementNames: elements.map((e) => e.name),
    /** a unit's services and sub-units (a service page has none) */
    services,
    subunits,
    overall: groups.overall,
    diffHint: t('dashboard.groups.diff_hint', { ikm: groups.overall }),
    dimensions: groups.dimensions,
    vulnerable: groups.vulnerable,
    /** visits without ratings (not served, gave up): reach outside the IKM (issue 10) */
    unrated: await unratedModel(store, scope.serviceIds, q.from, q.to, k, l),
    comments: {
      rows: comments.rows.map((c) => ({
        date: l.date(c.local_date),
        comment: c.comment,
        // a unit's comments name their service
        service: scope.kind === 'service' ? null : (serviceNames.get(c.service_id) ?? c.service_code),
      })),
      total: num(comments.total, 0),
      pageOf: pages > 1 ? `${opts.page} / ${pages}` : null,
      newer: opts.page > 1 ? commentsHref(opts.page - 1) : null,
      older: opts.page < pages ? commentsHref(opts.page + 1) : null,
      search: opts.search,
      /** the filters the search keeps */
      hidden: [...(Object.entries(filters.values) as Array<[string, string]>).filter(([, v]) => v), ['lang', lang]].map(([name, value]) => ({ name, value })),
    },
    figures: {
      elements: figure(
        'elements',
        gradeBars(
          elements.map((e) => e.name),
          t('dashboard.score'),
          elements.map((e) => e.score),
        ),
        { tall: true },
      ),
      trend: figure(
        'trend',
        trendChart(
          trend.rows.map((p) => p.label),
          'IKM',
          t('dashboard.trend.band'),
          trend.values,
          trend.margins,
          results.target,
          t('dashboard.target'),
        ),
      ),
    },
  };
}
