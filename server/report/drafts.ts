/**
 * Generated drafts of the report's narrative chapters, in the page language, from the figures:
 * what an officer would write first, for them to edit and save (data/report-drafts.ts).
 */
import type { ReportChapter } from '../data/report-drafts.js';
import type { Words } from '../followup/words.js';

export interface DraftFacts {
  agency: string;
  scope: string;
  period: string;
  from: string;
  to: string;
  n: number;
  ikm: string;
  grade: string | null;
  gradeWords: string;
  margin: string;
  channels: string;
  services: number;
  population: number | null;
  required: number | null;
  adequate: boolean | null;
  weak: string[];
  strong: string[];
  actions: number;
  change: string | null;
}

export function generatedDrafts(l: Words, f: DraftFacts): Record<ReportChapter, string> {
  const t = (key: string, params: Record<string, unknown> = {}) => l.t(`report.draft.${key}`, { ...f, ...params });
  const sample =
    f.population === null
      ? t('sample_unknown')
      : t(f.adequate ? 'sample_adequate' : 'sample_short', { population: l.num(f.population, 0), required: l.num(f.required, 0), n: l.num(f.n, 0) });
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : l.t('common.no_data'));
  return {
    introduction: [t('introduction_1'), t('introduction_2')].join('\n\n'),
    collection: [t('collection_1', { n: l.num(f.n, 0) }), sample].join('\n\n'),
    results: f.n === 0 ? t('results_none') : t('results_1', { n: l.num(f.n, 0) }),
    analysis:
      f.n === 0
        ? t('results_none')
        : [
            t('analysis_1', { weak: list(f.weak), strong: list(f.strong) }),
            f.actions ? t('analysis_plan', { count: f.actions }) : t('analysis_no_plan'),
            f.change ?? '',
          ]
            .filter(Boolean)
            .join('\n\n'),
    conclusion: f.n === 0 ? t('results_none') : [t('conclusion_1'), t('conclusion_2', { weak: list(f.weak) })].join('\n\n'),
  };
}
