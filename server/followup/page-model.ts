/**
 * The officer's follow-up page of one scope and plan period: the elements proposed from the
 * results, the plan's actions (overdue ones first, in their own list), the follow-up rate, and the
 * units and services below with their plans and overdue actions.
 */
import type { Database } from '../data/engine/index.js';
import { elementTexts } from '../data/elements.js';
import { overdueCounts, planCounts } from '../data/followup.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { listUnits, subtreeUnitIds } from '../data/units.js';
import type { Localized } from '../i18n.js';
import { scopeName } from '../results/scope.js';
import { exportUrl, followUpUrls, reportUrls, dashboardHref } from '../urls.js';
import type { PlanContext } from './context.js';
import { periodChoices } from './periods.js';
import { readPlan } from './plan.js';
import { rateWords } from './rate-words.js';
import { currentQuarter } from './overdue.js';
import { actionWords } from './words.js';

export async function followUpPageModel(store: Database, c: PlanContext, l: Localized) {
  const { scope, period, target } = c;
  const lang = l.lang;
  const plan = await readPlan(store, scope, period, c.today);
  const names = new Map((await elementTexts(store, lang)).map((e) => [e.code, e.name]));
  const actions = plan.actions.map((a) => ({
    ...actionWords(l, a, names),
    editHref: followUpUrls.action(a.id, lang),
  }));
  const planned = new Set(plan.actions.map((a) => a.element_code));
  const periodName = l.period(period.from, period.to);
  return {
    title: l.t('followup.title', { scope: scopeName(scope, lang), period: periodName }),
    scopeName: scopeName(scope, lang),
    periodName,
    periodChoices: periodChoices(period, new Date(), c.agency.time_zone, l.period),
    formAction: followUpUrls.plan(target, lang),
    editor: c.editor,
    newHref: followUpUrls.newAction(target, lang, period.label),
    reportHref: reportUrls.report(target, lang, period.label),
    // the plan as a CSV file: the same export and hook as on the dashboard's "Export and report" row
    exportHref: exportUrl(target, 'followup.csv', `period=${period.label}`, lang),
    evaluationHref: followUpUrls.evaluation(lang, period.from.slice(0, 4)),
    dashboardHref: dashboardHref(target, `?period=${period.label}`, lang),
    n: plan.n,
    priority: plan.priority.map((p) => ({
      code: p.code,
      name: names.get(p.code) ?? p.code,
      score: l.num(p.nrr * 25),
      planned: planned.has(p.code),
      addHref: followUpUrls.newAction(target, lang, period.label, { element: p.code }),
    })),
    actions,
    overdue: actions.filter((a) => a.overdue),
    rate: rateWords(l, plan.rate),
    below: await scopesBelow(store, c, lang),
  };
}

/** The units and services inside the scope, each with its plan for the period and its overdue actions. */
async function scopesBelow(store: Database, c: PlanContext, lang: string) {
  if (c.scope.kind === 'service') return [];
  const unitIds = new Set(await subtreeUnitIds(store, c.scope.unitId));
  const counts = (rows: Array<{ scope_kind: string; scope_id: number; n: number }>) => new Map(rows.map((r) => [`${r.scope_kind}:${r.scope_id}`, Number(r.n)]));
  const plans = counts(await planCounts(store, c.period.label));
  const late = counts(await overdueCounts(store, currentQuarter(c.today)));
  const units = (await listUnits(store)).filter((u) => unitIds.has(u.id) && u.id !== c.scope.unitId);
  const services = (await listServices(store)).filter((s) => unitIds.has(s.unit_id));
  const row = (kind: 'unit' | 'service', id: number, code: string, name: string) => ({
    kind,
    name,
    href: followUpUrls.plan({ kind, code }, lang, c.period.label),
    actions: plans.get(`${kind}:${id}`) ?? 0,
    overdue: late.get(`${kind}:${id}`) ?? 0,
  });
  return [...units.map((u) => row('unit', u.id, u.code, nameIn(u, lang))), ...services.map((s) => row('service', s.id, s.code, nameIn(s, lang)))];
}
