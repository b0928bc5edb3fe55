import type { Request, Response } from 'express';
import { nameIn } from '../data/names.js';
import { listPopulations, ownPopulation } from '../data/populations.js';
import { ownTargetProfiles } from '../data/profiles.js';
import { requiredSampleSize } from '../indicators/sample.js';
import { DIMENSION_NAMES } from '../survey/profile.js';
import { str } from './form.js';
import { setPopulationAudited, setProfilesAudited, type OwnerRef } from './org-actions.js';
import { href, loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from './page.js';
import { checkPopulation, periodLabel, populationValues, type PopulationValues } from './population-form.js';
import { checkProfile, profileGroups, profileHref, profileRowValues, profileValues, shareField, type ProfileValues } from './profile-form.js';
import { serviceInScope, unitInScope } from './scope.js';

// What officers set on a unit or a service besides its own fields: the target profile and the
// users served per period.

type Kind = 'unit' | 'service';

/** The unit or service a page is about. */
interface OwnerPage {
  ref: OwnerRef;
  name: string;
  base: string;
}

export function scopeSettingsPages({ store }: ManageDeps) {
  async function owner(c: ManageContext, kind: Kind, code: string): Promise<OwnerPage> {
    const row = kind === 'unit' ? await unitInScope(store, c.scope, code) : await serviceInScope(store, c.scope, code);
    const ref: OwnerRef = { owner: kind === 'unit' ? { unitId: row.id } : { serviceId: row.id }, kind, id: row.id, code: row.code };
    return { ref, name: nameIn(row, c.lang), base: `/manage/${kind}s/${row.code}` };
  }

  function profileModel(c: ManageContext, o: OwnerPage, values: ProfileValues) {
    const { t } = c;
    return {
      title: t('manage.profile.title', { name: o.name }),
      owner: { name: o.name, href: href(o.base, c.lang), kind: o.ref.kind },
      values,
      dims: DIMENSION_NAMES.map((dim) => ({
        dim,
        label: t(`manage.profile.dims.${dim}`),
        groups: profileGroups(dim).map((g) => ({
          name: shareField(dim, g),
          label: dim === 'age' ? t(`profile.age.bands.${g}`) : t(`profile.${dim}.options.${g}`),
        })),
      })),
    };
  }

  async function populationModel(c: ManageContext, o: OwnerPage, values: PopulationValues) {
    const rows = (await listPopulations(store, o.ref.owner)).map((r) => ({
      label: periodLabel(r.period_from, r.period_to),
      from: r.period_from,
      to: r.period_to,
      population: r.population,
      required: requiredSampleSize(r.population),
    }));
    return {
      title: c.t('manage.populations.title', { name: o.name }),
      owner: { name: o.name, href: href(o.base, c.lang), kind: o.ref.kind },
      values,
      rows,
      deleteAction: href(`${o.base}/populations/delete`, c.lang),
    };
  }

  return {
    profileForm:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        render(req, res, 'profile', profileModel(c, o, profileRowValues(await ownTargetProfiles(store, o.ref.owner))));
      },

    profileSave:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        const checked = checkProfile(profileValues(c.body));
        if (!checked.ok) return renderInvalid(req, res, 'profile', profileModel(c, o, checked.values), checked.errors, profileHref);
        await setProfilesAudited(store, c.actor, o.ref, checked.result);
        savedRedirect(res, `${o.base}/profile`);
      },

    populations:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        render(req, res, 'populations', await populationModel(c, o, { period: '', population: '' }));
      },

    populationSave:
      (kind: Kind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await owner(c, kind, String(req.params.code));
        const checked = checkPopulation(populationValues(c.body));
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
