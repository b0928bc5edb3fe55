import type { Request, Response } from 'express';
import { agencyTimeZone } from '../../data/agency.js';
import { listPopulations, ownPopulation } from '../../data/populations.js';
import { localDate, parsePeriod } from '../../indicators/periods.js';
import { requiredSampleSize } from '../../indicators/sample.js';
import { manageUrls, type ScopeKind } from '../../urls.js';
import type { FieldSpec } from '../fields.js';
import { str } from '../form.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';
import { setPopulationAudited } from './changes.js';
import { ownerPage, type OwnerPage } from './owner.js';
import { checkPopulation, periodChoices, periodLabel, populationValues, RANGE, type PopulationValues } from './population-form.js';

// GET|POST /manage/{units|services}/:code/populations (and .../populations/delete): the users
// served per period, for the required sample size; each entry audited.

/** An example of a whole number as officers write it in the page language (12.500 / 12,500). */
const EXAMPLE = 12_500;

export function populationRoutes({ store }: ManageDeps) {
  async function model(c: ManageContext, o: OwnerPage, kind: ScopeKind, values: PopulationValues) {
    const { t, period, num } = c;
    const stored = await listPopulations(store, o.ref.owner);
    const rows = stored.map((r) => ({
      code: periodLabel(r.period_from, r.period_to),
      label: period(r.period_from, r.period_to),
      from: r.period_from,
      to: r.period_to,
      population: num(r.population, 0),
      required: num(requiredSampleSize(r.population), 0),
    }));
    const thisYear = Number(localDate(new Date(), await agencyTimeZone(store)).slice(0, 4));
    const years = [thisYear + 1, thisYear, thisYear - 1, ...stored.map((r) => Number(r.period_from.slice(0, 4)))];
    const words = (code: string) => {
      const p = parsePeriod(code);
      return p.ok ? period(p.period.from, p.period.to) : code;
    };
    const periodField: FieldSpec = {
      kind: 'select',
      name: 'period',
      label: t('manage.fields.period'),
      hint: t('manage.populations.period_hint'),
      value: values.period,
      options: [{ value: '', label: '—' }],
      groups: periodChoices(years).map((y) => ({ label: String(y.year), options: y.codes.map((code) => ({ value: code, label: words(code) })) })),
      last: [{ value: RANGE, label: t('manage.populations.range') }],
      hook: 'period-picker',
    };
    return {
      title: t('manage.populations.title', { name: o.name }),
      owner: { name: o.name, href: o.href, kind: o.ref.kind },
      values,
      rows,
      scripts: ['js/manage-forms.js'],
      fields: [periodField],
      rangeOpen: values.period === RANGE,
      rangeFields: [
        { kind: 'text', name: 'range_from', type: 'date', label: t('manage.populations.from'), value: values.from },
        { kind: 'text', name: 'range_to', type: 'date', label: t('manage.populations.to'), value: values.to },
      ] satisfies FieldSpec[],
      numberFields: [
        {
          kind: 'text',
          name: 'population',
          label: t('manage.fields.population'),
          hint: t('manage.populations.population_hint', { example: num(EXAMPLE, 0) }),
          value: values.population,
          inputmode: 'numeric',
          maxlength: 16,
        },
      ] satisfies FieldSpec[],
      deleteAction: manageUrls.scope(kind, o.ref.code, c.lang, 'populations/delete'),
    };
  }

  const back = (c: ManageContext, kind: ScopeKind, o: OwnerPage) => manageUrls.scope(kind, o.ref.code, c.lang, 'populations');

  return {
    list:
      (kind: ScopeKind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await ownerPage(store, c, kind, String(req.params.code));
        render(req, res, 'populations', await model(c, o, kind, { period: '', from: '', to: '', population: '' }));
      },

    save:
      (kind: ScopeKind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await ownerPage(store, c, kind, String(req.params.code));
        const checked = checkPopulation(populationValues(c.body), res.locals.date);
        if (!checked.ok) return renderInvalid(req, res, 'populations', await model(c, o, kind, checked.values), checked.errors);
        const { from, to, population } = checked.result;
        const before = (await ownPopulation(store, o.ref.owner, from, to)) ?? null;
        if (before !== population) await setPopulationAudited(store, c.actor, o.ref, { from, to, before, population });
        savedRedirect(res, back(c, kind, o));
      },

    remove:
      (kind: ScopeKind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await ownerPage(store, c, kind, String(req.params.code));
        const from = str(c.body, 'from', 20);
        const to = str(c.body, 'to', 20);
        const before = await ownPopulation(store, o.ref.owner, from, to);
        if (before !== undefined) await setPopulationAudited(store, c.actor, o.ref, { from, to, before, population: null });
        savedRedirect(res, back(c, kind, o));
      },
  };
}
