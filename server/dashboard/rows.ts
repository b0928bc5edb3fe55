import type { Localized } from '../i18n.js';
import type { OverviewRow } from '../results/overview.js';
import { isRough } from '../results/k-rule.js';
import { dashboardHref } from '../urls.js';
import { changeWords, gradeModel, roughMark, sampleWords, signed, targetWords } from './words.js';

/** One unit or service row as the tables show it: every value ready to print. */
export function rowModel(row: OverviewRow, l: Localized, qs: string) {
  const change = changeWords(l, row.change);
  const target = targetWords(l, row.target, row.attainment, row.met);
  const sample = sampleWords(l, row.sample);
  const reasons = row.reasons.map((k) =>
    l.t(`dashboard.reasons.${k}`, {
      attainment: signed(l, row.attainment),
      grade: row.grade ?? '',
      delta: l.num(Math.abs(row.delta ?? 0)),
      n: l.num(row.sample.required === null ? null : (row.n ?? 0), 0),
      required: l.num(row.sample.required, 0),
    }),
  );
  return {
    kind: row.kind,
    code: row.code,
    parent: row.parent,
    depth: row.depth,
    /** the tree's indentation class (deeper units share the deepest step) */
    depthCls: `node depth-${Math.min(row.depth, 4)}`,
    name: row.name,
    unit: row.unit,
    href: dashboardHref({ kind: row.kind, code: row.code }, qs, l.lang),
    inactive: !row.active,
    ikm: row.ikm,
    ikmText: row.ikm === null ? '–' : l.num(row.ikm),
    margin: row.margin === null ? '–' : `± ${l.num(row.margin)}`,
    grade: gradeModel(l, row.grade),
    n: row.n === null ? '–' : l.num(row.n, 0),
    /** "1.046 responden" for the tree's service lists */
    respondents: row.n === null ? '–' : l.t('dashboard.hl.respondents', { n: l.num(row.n, 0) }),
    rough: roughMark(l, isRough(row.n)),
    change: change ? `${change.arrow} ${change.text}` : '–',
    changeShort: change ? `${change.arrow} ${signed(l, row.delta)}` : '–',
    changeNote: change?.significance ?? '',
    changeCls: change?.cls ?? '',
    target: target.short,
    targetText: target.text,
    /** the attainment under the target, only when the target can be judged */
    attainment: target.met === null ? null : signed(l, row.attainment),
    sample: sample.short,
    servicesMeeting: row.servicesMeeting && row.servicesMeeting.share !== null ? `${row.servicesMeeting.met} / ${row.servicesMeeting.counted}` : '–',
    reasons: reasons.join('; '),
  };
}
