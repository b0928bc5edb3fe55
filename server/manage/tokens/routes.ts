import type { Request, Response } from 'express';
import { agencyTimeZone } from '../../data/agency.js';
import { nameIn } from '../../data/names.js';
import { getApiToken, listApiTokens } from '../../data/tokens.js';
import { getUnit, listUnits } from '../../data/units.js';
import { HttpError } from '../../errors.js';
import { apiResultsPath, manageUrls } from '../../urls.js';
import type { FieldSpec } from '../fields.js';
import { formatInstant } from '../format.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';
import { holdsUnit } from '../scope.js';
import { createTokenAudited, revokeTokenAudited } from './changes.js';
import { checkToken, tokenValues, type TokenValues } from './form.js';
import { unitChoices } from '../tree.js';

// API tokens for the results API, each reading one unit's subtree. The secret is shown once, in the
// answer to the post that made it (not behind a redirect: it must not travel in a URL or be stored).

export function tokenRoutes({ store }: ManageDeps) {
  async function model(c: ManageContext, values: TokenValues) {
    const { t, lang, scope } = c;
    const tz = await agencyTimeZone(store);
    const all = await listUnits(store);
    const units = new Map(all.map((u) => [u.id, u]));
    const unitName = (id: number) => {
      const u = units.get(id);
      return u ? nameIn(u, lang) : '';
    };
    return {
      title: t('manage.tokens.title'),
      fields: [
        {
          kind: 'text',
          name: 'name',
          label: t('manage.fields.token_name'),
          hint: t('manage.tokens.name_hint'),
          value: values.name,
          maxlength: 100,
          autocomplete: 'off',
        },
        {
          kind: 'select',
          name: 'unit',
          label: t('manage.fields.unit'),
          hint: t('manage.tokens.unit_hint'),
          value: values.unit,
          options: unitChoices(all, scope, lang, t('manage.inactive')),
        },
      ] satisfies FieldSpec[],
      rows: (await listApiTokens(store, [...scope.unitIds])).map((r) => ({
        id: r.id,
        name: r.name,
        unit: unitName(r.unit_id),
        created: formatInstant(r.created_at, tz, lang),
        lastUsed: formatInstant(r.last_used_at, tz, lang) || t('manage.tokens.never'),
        /** "revoked on ...", or null while it works (then the row offers to revoke it) */
        revoked: r.revoked_at ? t('manage.tokens.revoked', { at: formatInstant(r.revoked_at, tz, lang) }) : null,
        revokeAction: manageUrls.revokeToken(r.id, lang),
      })),
    };
  }

  return {
    list: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const own = await getUnit(store, c.scope.officer.unitId);
      render(req, res, 'tokens', await model(c, { name: '', unit: own?.code ?? '' }));
    },

    create: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const checked = await checkToken(store, c.scope, tokenValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'tokens', await model(c, checked.values), checked.errors);
      const { token } = await createTokenAudited(store, c.actor, checked.result.unitId, checked.result.name);
      res.set('Referrer-Policy', 'no-referrer');
      render(
        req,
        res,
        'token-created',
        {
          title: c.t('manage.tokens.created_title'),
          name: checked.result.name,
          usage: `GET ${apiResultsPath({ kind: 'unit', code: checked.result.unitCode })}`,
          token,
          backHref: manageUrls.tokens(c.lang),
        },
        201,
      );
    },

    revoke: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const raw = String(req.params.id);
      const token = /^\d{1,12}$/.test(raw) ? await getApiToken(store, Number(raw)) : undefined;
      if (!token) throw new HttpError(404);
      if (!holdsUnit(c.scope, token.unit_id)) throw new HttpError(403);
      await revokeTokenAudited(store, c.actor, token);
      savedRedirect(res, manageUrls.tokens(c.lang));
    },
  };
}
