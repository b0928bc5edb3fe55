import type { Request, Response } from 'express';
import { hashPassword } from '../../auth/index.js';
import { agencyTimeZone } from '../../data/agency.js';
import { nameIn } from '../../data/names.js';
import { getUnit, listUnits } from '../../data/units.js';
import { listUsersOn, userByEmail, userById, type User } from '../../data/users.js';
import { HttpError } from '../../errors.js';
import { manageUrls } from '../../urls.js';
import { formatInstant } from '../format.js';
import { loadContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from '../page.js';
import { holdsUnit } from '../scope.js';
import { createUserAudited, updateUserAudited } from './changes.js';
import { checkUser, mayEdit, userRowValues, userValues, type UserValues } from './form.js';
import { userPageModel } from './page.js';

// Officer accounts in the officer's subtree: list, create, change role / unit / name, (de)activate,
// set a new password. A manager changes only accounts below their role (viewers); an admin any
// other account. Nobody changes their own account here (no self-promotion, no lock-out, no reset of
// one's own password). A password set here must be changed by its owner at their next sign-in.

export function userRoutes({ store }: ManageDeps) {
  async function userInScope(c: ManageContext, raw: string): Promise<User> {
    const user = /^\d{1,12}$/.test(raw) ? await userById(store, Number(raw)) : undefined;
    if (!user) throw new HttpError(404);
    if (!holdsUnit(c.scope, user.unit_id)) throw new HttpError(403);
    return user;
  }

  const model = async (c: ManageContext, values: UserValues, user?: User) => userPageModel(c, await listUnits(store), values, user);

  async function save(req: Request, res: Response, c: ManageContext, user?: User): Promise<void> {
    if (user && !mayEdit(c.scope, user)) throw new HttpError(403);
    const checked = await checkUser(store, c.scope, userValues(c.body), user);
    if (!checked.ok) return renderInvalid(req, res, 'user', await model(c, checked.values, user), checked.errors);
    const { password, email, ...fields } = checked.result;
    // hashed before any transaction; hashing yields to other requests: the address may have been taken meanwhile
    const passwordHash = password === null ? null : await hashPassword(password);
    if (!user && (await userByEmail(store, email)))
      return renderInvalid(req, res, 'user', await model(c, checked.values), { email: 'manage.errors.email_taken' });
    if (!user) {
      const id = await createUserAudited(store, c.actor, { email, ...fields, passwordHash: passwordHash as string });
      return savedRedirect(res, manageUrls.user(id, c.lang));
    }
    await updateUserAudited(store, c.actor, user, fields, passwordHash);
    savedRedirect(res, manageUrls.user(user.id, c.lang));
  }

  return {
    list: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const { t, lang, scope } = c;
      const tz = await agencyTimeZone(store);
      const units = new Map((await listUnits(store)).map((u) => [u.id, u]));
      const rows = (await listUsersOn(store, [...scope.unitIds])).map((u) => {
        const unit = units.get(u.unit_id);
        return {
          id: u.id,
          email: u.email,
          name: u.name,
          role: t(`manage.roles.${u.role}`),
          unit: unit ? nameIn(unit, lang) : '',
          status: t(u.active === 1 ? 'manage.active' : 'manage.inactive'),
          lastSignIn: formatInstant(u.last_sign_in_at, tz, lang) || '–',
          href: manageUrls.user(u.id, lang),
        };
      });
      render(req, res, 'users', { title: t('manage.users.title'), rows, newHref: manageUrls.newUser(lang) });
    },

    newForm: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const own = await getUnit(store, c.scope.officer.unitId);
      render(req, res, 'user', {
        ...(await model(c, { email: '', name: '', role: 'viewer', unit: own?.code ?? '', active: true, password: '' })),
        action: manageUrls.newUser(c.lang),
      });
    },

    create: async (req: Request, res: Response): Promise<void> => save(req, res, await loadContext(store, req, res)),

    editForm: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      const user = await userInScope(c, String(req.params.id));
      render(req, res, 'user', await model(c, await userRowValues(store, user), user));
    },

    update: async (req: Request, res: Response): Promise<void> => {
      const c = await loadContext(store, req, res);
      return save(req, res, c, await userInScope(c, String(req.params.id)));
    },
  };
}
