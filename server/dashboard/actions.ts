import type { Localized } from '../i18n.js';
import type { Role } from '../data/users.js';
import { exportUrl, reportUrls, type ExportFile, type PlanTarget } from '../urls.js';
import type { Filters, FilterWords } from './filters.js';

// The "Export and report" row of every dashboard page (contract, "Officer pages"): the SKM report
// of the scope and period shown (a[data-report]) and its files (a[data-export="..."]), each keeping
// the page's filters. Files of single responses only for admins and unit managers.

export interface ActionLink {
  href: string;
  label: string;
  /** the value of data-export, or null for the report */
  export: string | null;
}

export interface DashboardActions {
  summary: string;
  hint: string;
  report: ActionLink;
  files: ActionLink[];
  /** a note under the files (comments are not narrowed by a group) */
  note: string | null;
}

const FILES: ReadonlyArray<{ key: string; file: ExportFile; label: string; editors?: true }> = [
  { key: 'results-xlsx', file: `results.xlsx`, label: 'exports.actions.results_xlsx' },
  { key: 'results-csv', file: `results.csv`, label: 'exports.actions.results_csv' },
  { key: 'olah-data-xlsx', file: 'olah-data.xlsx', label: 'exports.actions.olah_data' },
  { key: 'responses-xlsx', file: `responses.xlsx`, label: 'exports.actions.responses_xlsx', editors: true },
  { key: 'responses-csv', file: `responses.csv`, label: 'exports.actions.responses_csv', editors: true },
  { key: 'comments-csv', file: 'comments.csv', label: 'exports.actions.comments_csv' },
  { key: 'followup-csv', file: 'followup.csv', label: 'exports.actions.followup_csv' },
];

/** Roles that may take files of single responses (as server/routes/exports.ts guards them). */
const EDITORS: readonly Role[] = ['admin', 'manager'];

/** The row's model; `target` is the page's scope ({ kind: 'agency' } for /dashboard), `search` the comment search shown. */
export function dashboardActions(a: {
  target: PlanTarget;
  filters: Filters;
  shown: FilterWords;
  role: Role;
  l: Localized;
  k: number;
  search?: string;
}): DashboardActions {
  const { t, lang } = a.l;
  const { qs, values } = a.filters;
  const period = values.period && values.period !== 'range' ? values.period : undefined;
  const files = FILES.filter((f) => !f.editors || EDITORS.includes(a.role)).map((f) => ({
    href: exportUrl(a.target, f.file, qs, lang, f.file === 'comments.csv' && a.search ? { q: a.search } : {}),
    label: t(f.label),
    export: f.key,
  }));
  return {
    summary: t('exports.actions.summary'),
    hint: t('exports.actions.hint', { shown: a.shown.line, k: a.k }),
    report: { href: reportUrls.report(a.target, lang, period), label: t('exports.actions.report'), export: null },
    files,
    note: a.shown.filtered ? t('exports.actions.comments_note') : null,
  };
}
