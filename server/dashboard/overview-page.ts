import type { Queryable } from '../data/engine/index.js';
import type { Localized } from '../i18n.js';
import { overview, type OverviewRow } from '../results/overview.js';
import type { Scope } from '../results/scope.js';
import { figure, gradeBars } from './charts.js';
import type { Filters, FilterWords } from './filters.js';
import { headlineModel } from './headline.js';
import { dashboardHref } from '../urls.js';
import { rowModel } from './rows.js';
import { pageGlossaries, type Term } from './terms.js';

const SORTABLE = ['name', 'n', 'ikm', 'margin', 'attainment', 'delta'] as const;
export type SortKey = (typeof SORTABLE)[number];
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

export function parseSort(raw: unknown, dirRaw: unknown): Sort {
  const key = (SORTABLE as readonly string[]).includes(String(raw)) ? (raw as SortKey) : 'ikm';
  return { key, dir: dirRaw === 'asc' ? 'asc' : dirRaw === 'desc' ? 'desc' : key === 'name' ? 'asc' : 'desc' };
}

/** Sorts rows by a column; rows without a value go last whatever the direction. */
function sortRows<T extends OverviewRow>(rows: T[], sort: Sort, lang: string): T[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * a.name.localeCompare(b.name, lang);
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return sign * (x - y);
  });
}

/** Services that need attention first: most below their target, then lowest IKM; only those with a reason. */
function attention(rows: OverviewRow[]): OverviewRow[] {
  return rows
    .filter((r) => r.kind === 'service' && r.reasons.length > 0)
    .sort((a, b) => (a.attainment ?? Infinity) - (b.attainment ?? Infinity) || (a.ikm ?? Infinity) - (b.ikm ?? Infinity))
    .slice(0, 5);
}

/** The overview page's model: headline, what needs attention, the unit tree, the services ranked. */
export async function overviewPageModel(store: Queryable, scope: Scope, filters: Filters, shown: FilterWords, sort: Sort, l: Localized, k: number) {
  const { t, lang } = l;
  const q = filters.query;
  if (!q) return null;
  const o = await overview(store, scope, q, filters.label, lang, k);
  const model = (r: OverviewRow) => rowModel(r, l, filters.qs);
  const units = o.rows.filter((r) => r.kind === 'unit');
  const services = o.rows.filter((r) => r.kind === 'service');
  const ranked = sortRows(services, sort, lang);
  const byIkm = sortRows(services, { key: 'ikm', dir: 'desc' }, lang).filter((r) => r.ikm !== null);
  const sortHref = (key: SortKey) => {
    const dir = sort.key === key && sort.dir === 'desc' ? 'asc' : sort.key === key ? 'desc' : key === 'name' ? 'asc' : 'desc';
    return dashboardHref({ kind: 'agency' }, filters.qs, lang, { sort: key, dir }, 'h-ranking');
  };
  const glossary = pageGlossaries(l, k).rows;
  const terms = glossary.terms;
  const column = (key: SortKey | 'grade' | 'change' | 'target' | 'sample', label: string, opts: { num?: boolean; opt?: boolean } = {}) => {
    const sortable = (SORTABLE as readonly string[]).includes(key);
    const term = key === 'delta' ? 'change' : key === 'attainment' ? 'target' : key;
    return {
      key,
      label,
      cls: [opts.num ? 'num' : '', opts.opt ? 'opt' : ''].filter(Boolean).join(' '),
      term: key === 'name' ? null : terms[term as Term],
      href: sortable ? sortHref(key as SortKey) : null,
      ariaSort: sortable ? (sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none') : null,
      arrow: sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '',
    };
  };
  return {
    headline: headlineModel(o.headline, o.change, l, shown),
    attention: attention(o.rows).map(model),
    glossary,
    tree: units.map((u) => {
      const kids = services.filter((s) => s.parent === u.code).map(model);
      return { ...model(u), services: kids, servicesLabel: kids.length ? t('dashboard.tree.services', { count: kids.length }) : null };
    }),
    ranking: ranked.map(model),
    columns: [
      column('name', t('dashboard.service')),
      column('ikm', 'IKM', { num: true }),
      column('grade', t('dashboard.grade')),
      column('n', t('dashboard.n'), { num: true }),
      column('margin', t('dashboard.margin'), { num: true, opt: true }),
      column('delta', t('dashboard.col.change'), { opt: true }),
      column('attainment', t('dashboard.col.target'), { opt: true }),
      column('sample', t('dashboard.col.sample'), { opt: true }),
    ],
    figure: figure(
      'services',
      gradeBars(
        byIkm.map((r) => r.name),
        'IKM',
        byIkm.map((r) => r.ikm),
      ),
      { tall: true },
    ),
  };
}
