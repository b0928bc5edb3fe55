/**
 * The SKM report of a scope and period (KemenPANRB template): chapters I-V and the annexes, figures
 * from figures.ts, the follow-up plan of the period and the previous period's follow-up report,
 * and each narrative chapter as the officers saved it or, until then, the generated draft.
 */
import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { nameIn } from '../data/names.js';
import { readDrafts, REPORT_CHAPTERS, type ReportChapter } from '../data/report-drafts.js';
import type { PlanContext } from '../followup/context.js';
import { readPlan } from '../followup/plan.js';
import { rateWords } from '../followup/rate-words.js';
import { scopeKey } from '../followup/scope-key.js';
import { actionWords } from '../followup/words.js';
import type { Localized } from '../i18n.js';
import { previousPeriods, type Period } from '../indicators/periods.js';
import { scopeName } from '../results/scope.js';
import { dashboardHref, followUpUrls, reportUrls } from '../urls.js';
import { generatedDrafts } from './drafts.js';
import { figureBasis } from './basis.js';
import { reportFigures } from './figures.js';
import { figuresNotice } from './notice.js';

/** Paragraphs of a narrative text (blank lines between them). */
const paragraphs = (s: string): string[] =>
  s
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/** `live`: the officer asked for the live figures of a published period (?figures=live). */
export async function reportModel(store: Database, c: PlanContext, l: Localized, { live = false }: { live?: boolean } = {}) {
  const { scope, period, target } = c;
  const lang = l.lang;
  const texts = await elementTexts(store, lang);
  const names = new Map(texts.map((e) => [e.code, e.name]));
  const basis = await figureBasis(store, c, lang, live);
  const f = await reportFigures(store, c, l, texts, basis);
  const plan = await readPlan(store, scope, period, c.today);
  const prevPeriod = previousPeriods(period, 1)[0] as Period;
  const prev = await readPlan(store, scope, { ...prevPeriod, kind: period.kind }, c.today);
  const periodName = l.period(period.from, period.to);
  const name = scopeName(scope, lang);
  const last = f.trend.at(-1);
  const before = f.trend.at(-2);
  const drafts = generatedDrafts(l, {
    agency: nameIn(c.agency, lang),
    scope: name,
    period: periodName,
    from: l.date(period.from),
    to: l.date(period.to),
    n: f.n,
    ikm: f.ikmText,
    grade: f.grade,
    gradeWords: f.gradeWords,
    margin: f.margin,
    channels:
      f.profile
        .find((p) => p.dim === 'channel')
        ?.rows.filter((r) => r.n)
        .map((r) => r.label)
        .join(', ') ?? '',
    services: scope.kind === 'service' ? 1 : f.services.length,
    population: f.sample.population,
    required: f.sample.required,
    adequate: f.sample.adequate,
    weak: f.weak.map((e) => e.name),
    strong: f.strong.map((e) => e.name),
    actions: plan.actions.length,
    change:
      last && before && last.ikm !== null && before.ikm !== null
        ? l.t(`report.draft.trend_${last.delta === null || last.delta >= 0 ? 'up' : 'down'}`, {
            before: before.ikmText,
            beforePeriod: before.label,
            now: last.ikmText,
            delta: l.num(Math.abs(last.delta ?? 0)),
            significance: l.t(last.significant ? 'report.draft.significant' : 'report.draft.not_significant'),
          })
        : null,
  });
  const saved = await readDrafts(store, scopeKey(scope), period.label, lang);
  const narrative = Object.fromEntries(
    REPORT_CHAPTERS.map((ch) => [
      ch,
      { paragraphs: paragraphs(saved[ch] ?? drafts[ch]), edited: saved[ch] !== undefined, editHref: reportUrls.chapter(target, ch, lang, period.label) },
    ]),
  ) as Record<ReportChapter, { paragraphs: string[]; edited: boolean; editHref: string }>;
  return {
    title: l.t('report.title', { scope: name, period: periodName }),
    agencyName: nameIn(c.agency, lang),
    scopeName: name,
    scopeKind: scope.kind,
    periodName,
    from: l.date(period.from),
    to: l.date(period.to),
    editor: c.editor,
    figures: figuresNotice(
      basis,
      l,
      { published: reportUrls.report(target, lang, period.label), live: reportUrls.report(target, lang, period.label, 'live') },
      c.agency.time_zone,
    ),
    f,
    narrative,
    plan: plan.actions.map((a) => actionWords(l, a, names)),
    rate: rateWords(l, plan.rate),
    prevPeriodName: l.period(prevPeriod.from, prevPeriod.to),
    prev: prev.actions.map((a) => actionWords(l, a, names)),
    prevRate: rateWords(l, prev.rate),
    followUpHref: followUpUrls.plan(target, lang, period.label),
    dashboardHref: dashboardHref(target, `?period=${period.label}`, lang),
  };
}
