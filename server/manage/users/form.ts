import { z } from 'zod';
import { newPasswordProblem, PASSWORD_MIN, ROLES, type Role } from '../../auth/index.js';
import { PASSWORD_MAX } from '../../auth/passwords.js';
import type { Queryable } from '../../data/engine/index.js';
import { getUnit, getUnitByCode } from '../../data/units.js';
import { normalizeEmail, userByEmail, type User } from '../../data/users.js';
import { HttpError } from '../../errors.js';
import { checked, nameField, str, zodErrors, ordered, type Checked, type FormErrors } from '../form.js';
import { holdsUnit, type ManageScope } from '../scope.js';

// Officer accounts: a new account (email, name, role, unit, first password) or a change (name,
// role, unit, active, optionally a new password). Passwords are never sent back to the form.

export interface UserValues {
  email: string;
  name: string;
  role: string;
  /** the unit's code */
  unit: string;
  active: boolean;
  password: string;
}

export interface UserChange {
  email: string;
  name: string;
  role: Role;
  unitId: number;
  active: boolean;
  /** a new password to hash, or null to keep the current one */
  password: string | null;
}

const schema = z.object({
  email: z.string().trim().min(1, 'manage.errors.email_required').max(254, 'manage.errors.email_invalid').pipe(z.email('manage.errors.email_invalid')),
  name: nameField,
});

export function userValues(body: Record<string, unknown>): UserValues {
  return {
    email: str(body, 'email', 300).trim(),
    name: str(body, 'name', 300),
    role: str(body, 'role', 20),
    unit: str(body, 'unit', 100),
    active: checked(body, 'active'),
    password: str(body, 'password', 1100),
  };
}

export async function userRowValues(q: Queryable, user: User): Promise<UserValues> {
  const unit = await getUnit(q, user.unit_id);
  return { email: user.email, name: user.name, role: user.role, unit: unit?.code ?? '', active: user.active === 1, password: '' };
}

/**
 * Roles this officer may give, and whose accounts they may change: an agency admin every role; anyone
 * else only the roles strictly below their own (a manager: viewers), so no manager can take over a
 * peer manager's account by resetting its password.
 */
export function manageableRoles(scope: ManageScope): Role[] {
  return scope.admin ? [...ROLES] : ROLES.slice(ROLES.indexOf(scope.officer.role) + 1);
}

/** Whether this officer may change this account: in their subtree, a role they manage, not themselves (their password: /account/password). */
export function mayEdit(scope: ManageScope, user: User): boolean {
  return holdsUnit(scope, user.unit_id) && manageableRoles(scope).includes(user.role) && user.id !== scope.officer.userId;
}

/**
 * Validates a new account (no `user`) or a change to `user` (its email stays). A role the officer
 * does not manage (manageableRoles), or a unit outside their subtree, is refused with 403.
 */
export async function checkUser(q: Queryable, scope: ManageScope, values: UserValues, user?: User): Promise<Checked<UserValues, UserChange>> {
  if (user) values.email = user.email;
  const parsed = schema.safeParse(values);
  const errors: FormErrors = parsed.success ? {} : zodErrors(parsed.error);
  if (!user && !errors.email && (await userByEmail(q, values.email))) errors.email = 'manage.errors.email_taken';

  const role = (ROLES as readonly string[]).includes(values.role) ? (values.role as Role) : undefined;
  if (!role) errors.role = 'manage.errors.role_required';
  else if (!manageableRoles(scope).includes(role)) throw new HttpError(403);

  const unit = values.unit === '' ? undefined : await getUnitByCode(q, values.unit);
  if (values.unit === '') errors.unit = 'manage.errors.unit_required';
  else if (!unit) errors.unit = 'manage.errors.unit_unknown';
  else if (!holdsUnit(scope, unit.id)) throw new HttpError(403);
  else if (role === 'admin' && unit.parent_id !== null) errors.unit = 'manage.errors.admin_root';

  const password = values.password;
  if (!user || password !== '') {
    const problem = newPasswordProblem(password, values.email);
    if (problem) errors.password = [problem, { min: PASSWORD_MIN, max: PASSWORD_MAX }];
  }
  values.password = '';

  const active = user ? values.active : true;
  if (Object.keys(errors).length || !role || !unit) return { ok: false, values, errors: ordered(errors, values) };
  return {
    ok: true,
    values,
    result: { email: normalizeEmail(values.email), name: values.name.trim(), role, unitId: unit.id, active, password: password === '' ? null : password },
  };
}
