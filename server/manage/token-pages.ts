import type { Request, Response } from 'express';
import { getAgency, listUnits, nameIn } from '../data/org.js';
import { listApiTokens } from '../data/tokens.js';
import { HttpError } from '../errors.js';
import { createTokenAudited, revokeTokenAudited } from './account-actions.js';
import { formatInstant } from './format.js';
import { getApiToken } from '../data/org-admin.js';
import { href, manageContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from './page.js';
import { holdsUnit } from './scope.js';
import { checkToken, tokenValues, type TokenValues } from './token-form.js';
import { unitOptions } from './tree.js';

// API tokens for the results API, each reading one unit's subtree. The secret is shown once, in the
// answer to the post that made it (not behind a redirect: it must not travel in a URL or be stored).

export function tokenPages({ db }: ManageDeps) {
  function model(c: ManageContext, values: TokenValues) {
    const { t, lang, scope } = c;
    const tz = getAgency(db)?.time_zone ?? 'Asia/Jakarta';
    const units = new Map(listUnits(db).map((u) => [u.id, u]));
    const unitName = (id: number) => {
      const u = units.get(id);
      return u ? nameIn(u, lang) : '';
    };
    return {
      title: t('manage.tokens.title'),
      values,
      unitOptions: unitOptions(db, scope, lang, t('manage.inactive')),
      rows: listApiTokens(db, [...scope.unitIds]).map((r) => ({
        id: r.id,
        name: r.name,
        unit: unitName(r.unit_id),
        created: formatInstant(r.created_at, tz, lang),
        lastUsed: formatInstant(r.last_used_at, tz, lang),
        revoked: formatInstant(r.revoked_at, tz, lang),
        revokeAction: href(`/manage/tokens/${r.id}/revoke`, lang),
      })),
    };
  }

  return {
    list: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const own = listUnits(db).find((u) => u.id === c.scope.officer.unitId);
      render(req, res, 'tokens', model(c, { name: '', unit: own?.code ?? '' }));
    },

    create: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const checked = checkToken(db, c.scope, tokenValues(c.body));
      if (!checked.ok) return renderInvalid(req, res, 'tokens', model(c, checked.values), checked.errors);
      const { token } = createTokenAudited(db, c.actor, checked.result.unitId, checked.result.name);
      res.set('Referrer-Policy', 'no-referrer');
      render(
        req,
        res,
        'token-created',
        {
          title: c.t('manage.tokens.created_title'),
          name: checked.result.name,
          unitCode: checked.result.unitCode,
          token,
          backHref: href('/manage/tokens', c.lang),
        },
        201,
      );
    },

    revoke: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const raw = String(req.params.id);
      const token = /^\d{1,12}$/.test(raw) ? getApiToken(db, Number(raw)) : undefined;
      if (!token) throw new HttpError(404);
      if (!holdsUnit(c.scope, token.unit_id)) throw new HttpError(403);
      revokeTokenAudited(db, c.actor, token);
      savedRedirect(res, '/manage/tokens');
    },
  };
}
