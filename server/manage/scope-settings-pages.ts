import type { Request, Response } from 'express';
import { nameIn } from '../data/names.js';
import { listPopulations, ownPopulation } from '../data/populations.js';
import { ownTargetProfiles } from '../data/profiles.js';
import { agencyTimeZone } from '../data/agency.js';
import { localDate, parsePeriod } from '../indicators/periods.js';
import { requiredSampleSize } from '../indicators/sample.js';
import { DIMENSION_NAMES, type Dimension } from '../vocabulary/profile.js';
import { listUnits } from '../data/units.js';
import { inheritedProfiles } from './inherited.js';
import { str } from './form.js';
import { setPopulationAudited, setProfilesAudited, type OwnerRef } from './org-actions.js';
import { href, loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from './page.js';
import { checkPopulation, periodChoices, periodLabel, populationValues, RANGE, type PopulationValues } from './population-form.js';
import { checkProfile, profileGroups, profileHref, profileRowValues, profileValues, shareField, shareSum, type ProfileValues } from './profile-form.js';
import { serviceInScope, unitInScope } from './scope.js';

// What officers set on a unit or a service besides its own fields: the target profile and the
// users served per period.

type Kind = 'unit' | 'service';

/** The unit or service a page is about. */
interface OwnerPage {
  ref: OwnerRef;
  name: string;
  base: string;
  /** where inherited settings come from: a unit's parent, a service's unit */
  upFrom: number | null;
}

export function scopeSettingsPages({ store }: ManageDeps) {
  async function owner(c: ManageContext, kind: Kind, code: string): Promise<OwnerPage> {
    const row = kind === 'unit' ? await unitInScope(store, c.scope, code) : await serviceInScope(store, c.scope, code);
    const ref: OwnerRef = { owner: kind === 'unit' ? { unitId: row.id } : { serviceId: row.id }, kind, id: row.id, code: row.code };
    const upFrom = 'unit_id' in row ? row.unit_id : row.parent_id;
    return { ref, name: nameIn(row, c.lang), base: `/manage/${kind}s/${row.code}`, upFrom };
  }

  async function profileModel(c: ManageContext, o: OwnerPage, values: ProfileValues) {
    const { t, num } = c;
    const units = new Map((await listUnits(store)).map((u) => [u.id, u]));
    const inherited = await inheritedProfiles(store, units, o.upFrom, c.lang);
    const groupLabel = (dim: Dimension, g: string) => (dim === 'age' ? t(`profile.age.bands.${g}`) : t(`profile.${dim}.options.${g}`));
    return {
      title: t('manage.profile.title', { name: o.name }),
      owner: { name: o.name, href: href(o.base, c.lang), kind: o.ref.kind },
      values,
      scripts: ['js/manage-forms.js'],
      dims: DIMENSION_NAMES.map((dim) => {
        const sum = shareSum(values, dim);
        const up = inherited[dim];
        const upShares = up
          ? Object.entries(up.shares)
              .map(([g, share]) => `${groupLabel(dim, g)} ${num(share * 100, 1)}%`)
              .join(', ')
          : '';
        return {
          dim,
          label: t(`manage.profile.dims.${dim}`),
          sum: sum === null ? null : t('manage.profile.sum', { sum: num(sum, 1) }),
          sumState: sum === null ? 'empty' : Math.abs(sum - 100) <= 0.1 ? 'ok' : 'off',
          sumLabel: t('manage.profile.sum_label', { dim: t(`manage.profile.dims.${dim}`) }),
          sumTemplate: t('manage.profile.sum', { sum: '{sum}' }),
          inherited: up ? t('manage.inherit.profile_from', { name: up.from, shares: upShares }) : t('manage.inherit.profile_none'),
          groups: profileGroups(dim).map((g) => ({ name: shareField(dim, g), label: groupLabel(dim, g) })),
        };
      }),
    };
  }

  async function populationModel(c: ManageContext, o: OwnerPage, values: PopulationValues) {
    const { t, period } = c;
    const stored = await listPopulations(store, o.ref.owner);
    const rows = stored.map((r) => ({
      code: periodLabel(r.period_from, r.period_to),
      label: period(r.period_from, r.period_to),
      from: r.period_from,
      to: r.period_to,
      population: r.population,
      required: requiredSampleSize(r.population),
    }));
    const thisYear = Number(localDate(new Date(), await agencyTimeZone(store)).slice(0, 4));
    const years = [thisYear + 1, thisYear, thisYear - 1, ...stored.map((r) => Number(r.period_from.slice(0, 4)))];
    const words = (code: string) => {
      const p = parsePeriod(code);
      return p.ok ? period(p.period.from, p.period.to) : code;
    };
    return {
      title: t('manage.populations.title', { name: o.name }),
      owner: { name: o.name, href: href(o.base, c.lang), kind: o.ref.kind },
      values,
      rows,
      scripts: ['js/manage-forms.js'],
      periodGroups: periodChoices(years).map((y) => ({ label: String(y.year), options: y.codes.map((code) => ({ value: code, label: words(code) })) })),
      rangeValue: RANGE,
      rangeOpen: values.period === RANGE,
      deleteAction: href(`${o.base}/populations/delete`, c.lang),
    };
  }

  return {
    profileForm:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        render(req, res, 'profile', await profileModel(c, o, profileRowValues(await ownTargetProfiles(store, o.ref.owner))));
      },

    profileSave:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        const checked = checkProfile(profileValues(c.body));
        if (!checked.ok) return renderInvalid(req, res, 'profile', await profileModel(c, o, checked.values), checked.errors, profileHref);
        await setProfilesAudited(store, c.actor, o.ref, checked.result);
        savedRedirect(res, `${o.base}/profile`);
      },

    populations:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        render(req, res, 'populations', await populationModel(c, o, { period: '', from: '', to: '', population: '' }));
      },

    populationSave:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        const checked = checkPopulation(populationValues(c.body), res.locals.date);
        if (!checked.ok) return renderInvalid(req, res, 'populations', await populationModel(c, o, checked.values), checked.errors);
        const { from, to, population } = checked.result;
        const before = (await ownPopulation(store, o.ref.owner, from, to)) ?? null;
        if (before !== population) await setPopulationAudited(store, c.actor, o.ref, { from, to, before, population });
        savedRedirect(res, `${o.base}/populations`);
      },

    populationDelete:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        const from = str(c.body, 'from', 20);
        const to = str(c.body, 'to', 20);
        const before = await ownPopulation(store, o.ref.owner, from, to);
        if (before !== undefined) await setPopulationAudited(store, c.actor, o.ref, { from, to, before, population: null });
        savedRedirect(res, `${o.base}/populations`);
      },
  };
}
