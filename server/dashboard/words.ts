import type { Localized } from '../i18n.js';
import type { SampleAdequacy } from '../indicators/sample.js';
import type { Change } from '../results/change.js';

type L = Pick<Localized, 't' | 'num' | 'period'>;

/** +1,19 / −0,81 (a real minus sign); '–' for no value. */
export function signed(l: L, x: number | null): string {
  if (x === null) return '–';
  const s = l.num(Math.abs(x));
  return s === '0,00' || s === '0.00' ? s : `${x > 0 ? '+' : '−'}${s}`;
}

/** "turun 3,15 dari Triwulan III 2026" with "belum bermakna secara statistik"; null without a change. */
export function changeWords(l: L, c: Change) {
  if (c.delta === null || !c.period) return null;
  const period = l.period(c.period.from, c.period.to);
  const shown = l.num(Math.abs(c.delta));
  const same = shown === l.num(0);
  const text = same
    ? l.t('dashboard.hl.change_same', { period })
    : l.t(c.delta > 0 ? 'dashboard.hl.change_up' : 'dashboard.hl.change_down', { delta: shown, period });
  const significance = c.significant === null ? null : l.t(c.significant ? 'dashboard.trend.significant' : 'dashboard.trend.not_significant');
  const arrow = same ? '→' : c.delta > 0 ? '▲' : '▼';
  return { text, significance, arrow, cls: c.direction === 'up' ? 'up' : c.direction === 'down' ? 'down' : '' };
}

/** The sample in words: enough or not against the required size, or why it cannot be judged. */
export function sampleWords(l: L, s: SampleAdequacy) {
  if (s.required === null || s.population === null) return { text: l.t('dashboard.hl.sample_unknown'), short: l.t('dashboard.sample_short.unknown'), ok: null };
  const params = { required: l.num(s.required, 0), population: l.num(s.population, 0) };
  return {
    text: l.t(s.adequate ? 'dashboard.hl.sample_ok' : 'dashboard.hl.sample_short', params),
    short: l.t(s.adequate ? 'dashboard.sample_short.ok' : 'dashboard.sample_short.short'),
    ok: s.adequate,
  };
}

/** The target in words: met or not by how much, or that there is none. */
export function targetWords(l: L, target: number | null, attainment: number | null, met: boolean | null) {
  if (target === null) return { text: l.t('dashboard.hl.no_target'), short: '–', met: null };
  if (met === null) return { text: l.num(target), short: l.num(target), met: null };
  const params = { target: l.num(target), attainment: signed(l, attainment) };
  return { text: l.t(met ? 'dashboard.hl.target_met' : 'dashboard.hl.target_missed', params), short: `${l.num(target)} ${met ? '✔' : '✘'}`, met };
}

/** A grade as the pages show it: the letter in its colour and its words (wording.md); null without a grade. */
export function gradeModel(l: Pick<Localized, 't'>, grade: string | null) {
  return grade ? { letter: grade, words: l.t(`grades.${grade}`), cls: `grade grade-${grade}` } : null;
}

/** "kasar" beside a figure that rests on few respondents (results/k-rule.ts isRough), else null. */
export function roughMark(l: Pick<Localized, 't'>, rough: boolean): string | null {
  return rough ? l.t('dashboard.groups.rough') : null;
}
