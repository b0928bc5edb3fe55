import type { Request, Response } from 'express';
import { hashPassword } from '../auth/index.js';
import { getAgency, getUnit, listUnits, nameIn } from '../data/org.js';
import { findUserByEmail, getUser, type User } from '../data/users.js';
import { HttpError } from '../errors.js';
import { createUserAudited, updateUserAudited } from './account-actions.js';
import { formatInstant } from './format.js';
import { href, manageContext, render, renderInvalid, savedRedirect, type ManageContext, type ManageDeps } from './page.js';
import { holdsUnit } from './scope.js';
import { unitOptions } from './tree.js';
import { checkUser, manageableRoles, mayEdit, userRowValues, userValues, type UserValues } from './user-form.js';
import { listUsersOn } from '../data/users-admin.js';

// Officer accounts in the officer's subtree: list, create, change role / unit / name, (de)activate,
// set a new password. A manager changes only accounts below their role (viewers); an admin any
// other account. Nobody changes their own account here (no self-promotion, no lock-out, no reset of
// one's own password). A password set here must be changed by its owner at their next sign-in.

export function userPages({ db }: ManageDeps) {
  function userInScope(c: ManageContext, raw: string): User {
    const user = /^\d{1,12}$/.test(raw) ? getUser(db, Number(raw)) : undefined;
    if (!user) throw new HttpError(404);
    if (!holdsUnit(c.scope, user.unit_id)) throw new HttpError(403);
    return user;
  }

  function model(c: ManageContext, values: UserValues, user?: User) {
    const { t, lang, scope } = c;
    return {
      title: user ? t('manage.users.edit_title', { email: user.email }) : t('manage.users.new_title'),
      user: user ? { id: user.id, email: user.email, self: user.id === scope.officer.userId, editable: mayEdit(scope, user) } : null,
      values,
      roleOptions: manageableRoles(scope).map((r) => ({ value: r, label: t(`manage.roles.${r}`) })),
      unitOptions: unitOptions(db, scope, lang, t('manage.inactive')),
      unitName: user ? nameIn(getUnit(db, user.unit_id) ?? { name_id: '', name_en: '' }, lang) : '',
    };
  }

  async function save(req: Request, res: Response, user?: User): Promise<void> {
    const c = manageContext(db, req, res);
    if (user && !mayEdit(c.scope, user)) throw new HttpError(403);
    const checked = checkUser(db, c.scope, userValues(c.body), user);
    if (!checked.ok) return renderInvalid(req, res, 'user', model(c, checked.values, user), checked.errors);
    const { password, email, ...fields } = checked.result;
    const passwordHash = password === null ? null : await hashPassword(password);
    // hashing yields to other requests: the address may have been taken meanwhile
    if (!user && findUserByEmail(db, email)) return renderInvalid(req, res, 'user', model(c, checked.values), { email: 'manage.errors.email_taken' });
    if (!user) {
      const id = createUserAudited(db, c.actor, { email, ...fields, passwordHash: passwordHash as string });
      return savedRedirect(res, `/manage/users/${id}`);
    }
    updateUserAudited(db, c.actor, user, fields, passwordHash);
    savedRedirect(res, `/manage/users/${user.id}`);
  }

  return {
    list: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const { t, lang, scope } = c;
      const tz = getAgency(db)?.time_zone ?? 'Asia/Jakarta';
      const units = new Map(listUnits(db).map((u) => [u.id, u]));
      const rows = listUsersOn(db, [...scope.unitIds]).map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: t(`manage.roles.${u.role}`),
        unit: units.get(u.unit_id) ? nameIn(units.get(u.unit_id) as { name_id: string; name_en: string }, lang) : '',
        active: u.active === 1,
        lastSignIn: formatInstant(u.last_sign_in_at, tz, lang),
        href: href(`/manage/users/${u.id}`, lang),
      }));
      render(req, res, 'users', { title: t('manage.users.title'), rows, newHref: href('/manage/users/new', lang) });
    },

    newForm: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const own = getUnit(db, c.scope.officer.unitId);
      render(req, res, 'user', {
        ...model(c, { email: '', name: '', role: 'viewer', unit: own?.code ?? '', active: true, password: '' }),
        action: href('/manage/users/new', c.lang),
      });
    },

    create: (req: Request, res: Response) => save(req, res),

    editForm: (req: Request, res: Response): void => {
      const c = manageContext(db, req, res);
      const user = userInScope(c, String(req.params.id));
      render(req, res, 'user', model(c, userRowValues(db, user), user));
    },

    update: (req: Request, res: Response) => {
      const c = manageContext(db, req, res);
      return save(req, res, userInScope(c, String(req.params.id)));
    },
  };
}
