import type { Localized } from '../i18n.js';
import type { Change } from '../results/change.js';
import type { computeResults } from '../results/compute.js';
import { isRough } from '../results/k-rule.js';
import type { FilterWords } from './filters.js';
import { changeWords, gradeModel, sampleWords, targetWords } from './words.js';

type Results = Awaited<ReturnType<typeof computeResults>>;

/**
 * The headline of a dashboard page, in words (issue 9): IKM with its margin, grade letter and words,
 * the change from the previous period with its significance, respondents and whether the sample is
 * enough, the target and whether it is met; a filtered view says so.
 */
export function headlineModel(r: Results, change: Change, l: Localized, shown: FilterWords) {
  const { t, num, pct } = l;
  const suppressed = r.suppressed;
  return {
    scope: r.scope.name,
    filtered: shown.filtered ? t('dashboard.hl.filtered', { filters: shown.narrowed }) : null,
    suppressed: suppressed ? t('dashboard.hl.suppressed', { k: r.min_group_size }) : null,
    ikm: { value: r.ikm, data: r.ikm === null ? '' : r.ikm.toFixed(2), text: num(r.ikm) },
    margin: r.margin === null ? null : { value: `± ${num(r.margin)}`, words: t('dashboard.hl.margin_words') },
    grade: gradeModel(l, r.grade),
    change: changeWords(l, change) ?? { text: t('dashboard.hl.no_change'), significance: null, arrow: '', cls: 'muted' },
    n: r.n,
    respondents: r.n === null ? t('dashboard.suppressed', { k: r.min_group_size }) : t('dashboard.hl.respondents', { n: num(r.n, 0) }),
    rough: isRough(r.n) ? t('dashboard.hl.rough') : null,
    /** users served apply to the unfiltered scope only: a filtered view says nothing about the sample */
    sample: shown.filtered ? null : sampleCls(sampleWords(l, r.sample)),
    target: targetCls(targetWords(l, r.target, r.attainment, r.target_met)),
    servicesMeeting:
      r.services_meeting_target && r.services_meeting_target.share !== null
        ? t('dashboard.services_meeting', { met: r.services_meeting_target.met, counted: r.services_meeting_target.counted })
        : null,
    boxes: r.top_box === null ? null : t('dashboard.hl.boxes', { top: pct(r.top_box), bottom: pct(r.bottom_box) }),
  };
}

const sampleCls = <T extends { ok: boolean | null }>(s: T) => ({ ...s, cls: s.ok === false ? 'down' : '' });
const targetCls = <T extends { met: boolean | null }>(x: T) => ({
  ...x,
  cls: x.met === true ? 'up' : x.met === false ? 'down' : '',
  mark: x.met === true ? '✔' : x.met === false ? '✘' : '',
});
