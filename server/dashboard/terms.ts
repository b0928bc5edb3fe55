import type { Localized } from '../i18n.js';

/** The figures a page may explain on demand: each key names the words shown in a table header's "?". */
const TEXTS = {
  ikm: 'dashboard.terms.ikm',
  margin: 'dashboard.hl.explain_margin',
  grade: 'dashboard.hl.explain_grade',
  change: 'dashboard.hl.explain_change',
  n: 'dashboard.terms.n',
  sample: 'dashboard.terms.sample',
  target: 'dashboard.terms.target',
  score: 'dashboard.terms.score',
  nrr: 'dashboard.terms.nrr',
  top_box: 'dashboard.terms.top_box',
  bottom_box: 'dashboard.terms.bottom_box',
  quality: 'dashboard.terms.quality',
  share: 'dashboard.terms.share',
  target_share: 'dashboard.terms.target_share',
  diff: 'dashboard.terms.diff',
  others: 'dashboard.terms.others',
  representation: 'dashboard.groups.explain_representation',
  gap: 'dashboard.terms.gap',
  ratio: 'dashboard.terms.ratio',
  rough: 'dashboard.hl.explain_rough',
} as const;
export type Term = keyof typeof TEXTS;

/** Labels of the terms whose header label is not a plain dashboard key. */
const LABELS: Partial<Record<Term, string>> = {
  ikm: 'IKM',
  nrr: 'NRR',
};
const LABEL_KEYS: Partial<Record<Term, string>> = {
  margin: 'dashboard.margin',
  grade: 'dashboard.grade',
  change: 'dashboard.col.change',
  n: 'dashboard.n',
  sample: 'dashboard.col.sample',
  target: 'dashboard.col.target',
  score: 'dashboard.score',
  top_box: 'dashboard.top_box',
  bottom_box: 'dashboard.bottom_box',
  quality: 'dashboard.quality.title',
  share: 'dashboard.inclusion.share',
  target_share: 'dashboard.inclusion.target',
  diff: 'dashboard.groups.diff',
  others: 'dashboard.inclusion.others',
  representation: 'dashboard.inclusion.representation',
  gap: 'dashboard.inclusion.gap',
  ratio: 'dashboard.inclusion.ratio',
  rough: 'dashboard.hl.rough',
};

/**
 * A table's figures explained in plain words (wording.md): the glossary under the table (views/partials/glossary.ejs,
 * a details element: no script) and, for each header, a "?" link to its entry (views/partials/term.ejs), which
 * the browser opens on the way (a fragment inside a closed details reveals it).
 */
function glossary(l: Pick<Localized, 't'>, k: number, table: string, keys: readonly Term[]) {
  const { t } = l;
  const items = keys.map((key) => {
    const label = LABELS[key] ?? t(LABEL_KEYS[key] ?? key);
    const id = `g-${table}-${key.replace(/_/g, '-')}`;
    return { key, id, href: `#${id}`, label, ask: t('dashboard.terms.ask', { term: label }), text: t(TEXTS[key], { k }) };
  });
  return {
    id: `g-${table}`,
    summary: t('dashboard.terms.glossary'),
    items,
    terms: Object.fromEntries(items.map((i) => [i.key, i])) as Record<Term, (typeof items)[number]>,
  };
}

/** The glossaries of a dashboard page: its unit and service rows, the trend, the elements, the groups. */
export function pageGlossaries(l: Pick<Localized, 't'>, k: number) {
  return {
    rows: glossary(l, k, 'rows', ['ikm', 'grade', 'n', 'margin', 'change', 'target', 'sample', 'rough']),
    trend: glossary(l, k, 'trend', ['ikm', 'n', 'margin', 'change']),
    elements: glossary(l, k, 'elements', ['score', 'grade', 'n', 'nrr', 'top_box', 'bottom_box', 'quality']),
    groups: glossary(l, k, 'groups', ['ikm', 'others', 'diff', 'n', 'share', 'target_share', 'representation', 'gap', 'ratio', 'rough']),
  };
}
