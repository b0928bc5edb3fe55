import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { groupLabel } from '../dashboard/filters.js';
import { computeResults } from '../results/compute.js';
import { trendRows } from '../results/trend.js';
import { contextScopeName, type ExportContext } from './context.js';
import { dateCell, numberCell, type Cell } from './cells.js';

// The aggregated results of a scope and period as tables: the same computeResults and trendRows the
// dashboard and the results API show (the k rule applied there, once), shaped into rows. Every
// table's columns are a subset of one set of keys, so the CSV can hold all tables in one file (a
// `table` column says which) and the XLSX gives each its own sheet.

export const KEYS = [
  'table',
  'dimension',
  'no',
  'code',
  'name',
  'from',
  'to',
  'n',
  'share',
  'nrr',
  'score',
  'grade',
  'margin',
  'change',
  'target',
  'attainment',
  'note',
] as const;
export type Key = (typeof KEYS)[number];
export type Record_ = Partial<Record<Key, Cell>>;

export interface Table {
  /** 'summary' | 'elements' | 'groups' | 'services' | 'trend' */
  id: string;
  keys: readonly Key[];
  rows: Record_[];
}

/** The tables of the results export (summary first), in the request's language. */
export async function resultsTables(store: Database, c: ExportContext): Promise<Table[]> {
  const { l, q, k, scope } = c;
  const { t } = l;
  const r = await computeResults(store, scope, q, { lang: l.lang, k, showUnpublished: true });
  const hidden = t('exports.note.suppressed', { k: r.min_group_size });
  const summary: Record_ = {
    code: scope.code,
    name: contextScopeName(c),
    from: dateCell(q.from),
    to: dateCell(q.to),
    n: numberCell(r.n),
    nrr: numberCell(r.ikm_1_4),
    score: numberCell(r.ikm),
    grade: r.grade,
    margin: numberCell(r.margin),
    target: numberCell(r.target),
    attainment: numberCell(r.attainment),
    note: [c.shown.filtered ? c.shown.narrowed : '', r.suppressed ? hidden : ''].filter(Boolean).join('; ') || null,
  };

  const texts = await elementTexts(store, l.lang);
  const elements = texts.flatMap((e, i) => {
    const f = r.elements.find((x) => x.code === e.code);
    if (!f) return [];
    return [{ no: `U${i + 1}`, code: e.code, name: e.name, n: numberCell(f.n), nrr: numberCell(f.nrr), score: numberCell(f.score), grade: f.grade }];
  });

  const groups = Object.entries(r.groups).flatMap(([dim, rows]) =>
    rows.map((g) => ({
      dimension: dim === 'channel' ? t('dashboard.channel') : t(`profile.${dim}.label`),
      code: g.group,
      name: groupLabel(t, dim, g.group),
      n: g.suppressed ? null : numberCell(g.n),
      share: g.suppressed ? null : numberCell(g.share),
      score: numberCell(g.ikm),
      grade: g.grade,
      margin: numberCell(g.margin),
      note: g.suppressed ? hidden : null,
    })),
  );

  const services =
    scope.kind === 'service'
      ? [
          {
            code: scope.code,
            name: summary.name,
            n: summary.n,
            score: summary.score,
            grade: summary.grade,
            margin: summary.margin,
            target: summary.target,
            attainment: summary.attainment,
          },
        ]
      : r.services.map((s) => ({
          code: s.code,
          name: s.name,
          n: numberCell(s.n),
          score: numberCell(s.ikm),
          grade: s.grade,
          margin: numberCell(s.margin),
          target: numberCell(s.target),
          attainment: numberCell(s.attainment),
          note: [s.active ? '' : t('dashboard.inactive'), s.n === null ? hidden : ''].filter(Boolean).join('; ') || null,
        }));

  const trend = (await trendRows(store, scope, q, c.filters.label, k)).map((p) => ({
    code: p.period.label,
    name: l.period(p.period.from, p.period.to, c.today),
    from: dateCell(p.period.from),
    to: dateCell(p.period.to),
    n: numberCell(p.n),
    score: numberCell(p.ikm.value),
    margin: numberCell(p.margin),
    change: numberCell(p.ikm.delta),
    note:
      p.ikm.significant === null ? (p.n === null ? hidden : null) : t(p.ikm.significant ? 'dashboard.trend.significant' : 'dashboard.trend.not_significant'),
  }));

  return [
    { id: 'summary', keys: ['code', 'name', 'from', 'to', 'n', 'nrr', 'score', 'grade', 'margin', 'target', 'attainment', 'note'], rows: [summary] },
    { id: 'elements', keys: ['no', 'code', 'name', 'n', 'nrr', 'score', 'grade'], rows: elements },
    { id: 'groups', keys: ['dimension', 'code', 'name', 'n', 'share', 'score', 'grade', 'margin', 'note'], rows: groups },
    { id: 'services', keys: ['code', 'name', 'n', 'score', 'grade', 'margin', 'target', 'attainment', 'note'], rows: services },
    { id: 'trend', keys: ['code', 'name', 'from', 'to', 'n', 'score', 'margin', 'change', 'note'], rows: trend },
  ];
}
