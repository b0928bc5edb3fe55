import type { Request, Response } from 'express';
import { nameIn } from '../data/org.js';
import { ownPopulation, ownTargetProfiles } from '../data/scope.js';
import { requiredSampleSize } from '../indicators/sample.js';
import { DIMENSION_NAMES } from '../survey/profile.js';
import { str } from './form.js';
import { setPopulationAudited, setProfilesAudited, type OwnerRef } from './org-actions.js';
import { listPopulations } from '../data/org-admin.js';
import { href, manageContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from './page.js';
import { checkPopulation, periodLabel, populationValues, type PopulationValues } from './population-form.js';
import { checkProfile, profileGroups, profileHref, profileRowValues, profileValues, shareField, type ProfileValues } from './profile-form.js';
import { serviceInScope, unitInScope } from './scope.js';

// What officers set on a unit or a service besides its own fields: the target profile and the
// users served per period.

type Kind = 'unit' | 'service';

export function scopeSettingsPages({ db }: ManageDeps) {
  function owner(c: ManageContext, kind: Kind, code: string) {
    const row = kind === 'unit' ? unitInScope(db, c.scope, code) : serviceInScope(db, c.scope, code);
    const ref: OwnerRef = { owner: kind === 'unit' ? { unitId: row.id } : { serviceId: row.id }, kind, id: row.id, code: row.code };
    return { ref, name: nameIn(row, c.lang), base: `/manage/${kind}s/${row.code}` };
  }

  function profileModel(c: ManageContext, o: ReturnType<typeof owner>, values: ProfileValues) {
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

  function populationModel(c: ManageContext, o: ReturnType<typeof owner>, values: PopulationValues) {
    const rows = listPopulations(db, o.ref.owner).map((r) => ({
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
    profileForm: (kind: Kind) => (req: Request, res: Response) => {
      const c = manageContext(db, req, res);
      const o = owner(c, kind, String(req.params.code));
      render(req, res, 'profile', profileModel(c, o, profileRowValues(ownTargetProfiles(db, o.ref.owner))));
    },

    profileSave: (kind: Kind) => (req: Request, res: Response) => {
      const c = manageContext(db, req, res);
      const o = owner(c, kind, String(req.params.code));
      const checked = checkProfile(profileValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'profile', profileModel(c, o, checked.values), checked.errors, profileHref);
      setProfilesAudited(db, c.actor, o.ref, checked.result);
      savedRedirect(res, `${o.base}/profile`);
    },

    populations: (kind: Kind) => (req: Request, res: Response) => {
      const c = manageContext(db, req, res);
      const o = owner(c, kind, String(req.params.code));
      render(req, res, 'populations', populationModel(c, o, { period: '', population: '' }));
    },

    populationSave: (kind: Kind) => (req: Request, res: Response) => {
      const c = manageContext(db, req, res);
      const o = owner(c, kind, String(req.params.code));
      const checked = checkPopulation(populationValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'populations', populationModel(c, o, checked.values), checked.errors);
      const { from, to, population } = checked.result;
      const before = ownPopulation(db, o.ref.owner, from, to) ?? null;
      if (before !== population) setPopulationAudited(db, c.actor, o.ref, { from, to, before, population });
      savedRedirect(res, `${o.base}/populations`);
    },

    populationDelete: (kind: Kind) => (req: Request, res: Response) => {
      const c = manageContext(db, req, res);
      const o = owner(c, kind, String(req.params.code));
      const from = str(c.body, 'from', 20);
      const to = str(c.body, 'to', 20);
      const before = ownPopulation(db, o.ref.owner, from, to);
      if (before !== undefined) setPopulationAudited(db, c.actor, o.ref, { from, to, before, population: null });
      savedRedirect(res, `${o.base}/populations`);
    },
  };
}
