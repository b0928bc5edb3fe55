import type { Request, Response } from 'express';
import { ownTargetProfiles } from '../../data/profiles.js';
import { listUnits } from '../../data/units.js';
import { manageUrls, type ScopeKind } from '../../urls.js';
import { DIMENSION_NAMES, type Dimension } from '../../vocabulary/profile.js';
import { translateErrors } from '../form.js';
import { inheritedProfiles } from '../inherited.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';
import { setProfilesAudited } from './changes.js';
import { ownerPage, type OwnerPage } from './owner.js';
import { checkProfile, profileGroups, profileHref, profileRowValues, profileValues, shareField, shareSum, type ProfileValues } from './profile-form.js';

// GET|POST /manage/{units|services}/:code/profile: the target profile (kelompok sasaran), per
// dimension the expected share of each group, with a running sum and what an empty dimension follows.

export function profileRoutes({ store }: ManageDeps) {
  /** `errors`: the translated messages by field (a dimension's sum, a group's box) */
  async function model(c: ManageContext, o: OwnerPage, values: ProfileValues, errors: Record<string, string> = {}) {
    const { t, num } = c;
    const units = new Map((await listUnits(store)).map((u) => [u.id, u]));
    const inherited = await inheritedProfiles(store, units, o.upFrom, c.lang);
    const groupLabel = (dim: Dimension, g: string) => (dim === 'age' ? t(`profile.age.bands.${g}`) : t(`profile.${dim}.options.${g}`));
    return {
      title: t('manage.profile.title', { name: o.name }),
      owner: { name: o.name, href: o.href, kind: o.ref.kind },
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
        const error = errors[dim] ?? null;
        const groups = profileGroups(dim).map((g) => {
          const name = shareField(dim, g);
          const own = errors[name] ?? null;
          const describedBy = [error ? `e-${dim}` : '', own ? `e-${name}` : ''].filter(Boolean).join(' ');
          return { name, label: `${groupLabel(dim, g)} (%)`, value: values[name] ?? '', error: own, describedBy };
        });
        return {
          dim,
          error,
          label: t(`manage.profile.dims.${dim}`),
          sum: sum === null ? '' : t('manage.profile.sum', { sum: num(sum, 1) }),
          sumState: sum === null ? 'empty' : Math.abs(sum - 100) <= 0.1 ? 'ok' : 'off',
          sumLabel: t('manage.profile.sum_label', { dim: t(`manage.profile.dims.${dim}`) }),
          sumTemplate: t('manage.profile.sum', { sum: '{sum}' }),
          sumFor: groups.map((g) => `f-${g.name}`).join(' '),
          inherited: up ? t('manage.inherit.profile_from', { name: up.from, shares: upShares }) : t('manage.inherit.profile_none'),
          groups,
        };
      }),
    };
  }

  return {
    form:
      (kind: ScopeKind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await ownerPage(store, c, kind, String(req.params.code));
        render(req, res, 'profile', await model(c, o, profileRowValues(await ownTargetProfiles(store, o.ref.owner))));
      },

    save:
      (kind: ScopeKind) =>
      async (req: Request, res: Response): Promise<void> => {
        const c = await loadContext(store, req, res);
        const o = await ownerPage(store, c, kind, String(req.params.code));
        const checked = checkProfile(profileValues(c.body));
        if (!checked.ok) {
          const shown = translateErrors(c.t, checked.errors).errors;
          return renderInvalid(req, res, 'profile', await model(c, o, checked.values, shown), checked.errors, profileHref);
        }
        await setProfilesAudited(store, c.actor, o.ref, checked.result);
        savedRedirect(res, manageUrls.scope(kind, o.ref.code, c.lang, 'profile'));
      },
  };
}
