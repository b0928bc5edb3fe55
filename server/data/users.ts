import { inList, type Queryable } from './engine/index.js';
import { getUnit } from './units.js';

// Officer accounts. Passwords arrive here already hashed (server/auth/passwords.ts): hash before a
// transaction, never inside one.

// from the most to the least: a manager gives the roles below its own (server/manage/user-form.ts).
// enumerator (issue 10, migration 013): enters paper and phone interviews for its subtree, nothing else.
export const ROLES = ['admin', 'manager', 'enumerator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  unit_id: number;
  active: number;
  /** 1: the password was set by someone else; its owner must change it before anything else */
  must_change_password: number;
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  unitId: number;
}

const COLUMNS = 'id, email, name, password_hash, role, unit_id, active, must_change_password';

/** The form in which emails are stored and looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Now, as the users table stores instants (the same text as SQLite's strftime('%Y-%m-%dT%H:%M:%fZ')). */
const nowText = (): string => new Date().toISOString();

/**
 * Creates an officer; returns the new id. An agency admin must sit on a root unit (the whole agency).
 * @throws Error for an admin on a unit that is not a root, or (from the database) a duplicate email.
 */
export async function addUser(q: Queryable, u: NewUser): Promise<number> {
  if (u.role === 'admin') {
    const unit = await getUnit(q, u.unitId);
    if (!unit || unit.parent_id !== null) throw new Error('an agency admin belongs to the root unit');
  }
  const id = await q.value<number>('INSERT INTO users (email, name, password_hash, role, unit_id) VALUES (?, ?, ?, ?, ?) RETURNING id', [
    normalizeEmail(u.email),
    u.name.trim(),
    u.passwordHash,
    u.role,
    u.unitId,
  ]);
  return Number(id);
}

export function userById(q: Queryable, id: number): Promise<User | undefined> {
  return q.get<User>(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [id]);
}

/** The account with this email, in any letter case, active or not. */
export function userByEmail(q: Queryable, email: string): Promise<User | undefined> {
  return q.get<User>(`SELECT ${COLUMNS} FROM users WHERE email = ?`, [normalizeEmail(email)]);
}

/**
 * Sets a new password (hashed). mustChange: it was set by someone else (a reset), so its owner has
 * to choose their own at the next sign-in; the owner's own change clears that.
 */
export async function setPasswordHash(q: Queryable, userId: number, passwordHash: string, { mustChange = false }: { mustChange?: boolean } = {}): Promise<void> {
  await q.run('UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE id = ?', [
    passwordHash,
    mustChange ? 1 : 0,
    nowText(),
    userId,
  ]);
}

export async function setUserActive(q: Queryable, userId: number, active: boolean): Promise<void> {
  await q.run('UPDATE users SET active = ? WHERE id = ?', [active ? 1 : 0, userId]);
}

export async function countUsers(q: Queryable): Promise<number> {
  return Number(await q.value('SELECT COUNT(*) FROM users'));
}

export async function noteSignIn(q: Queryable, userId: number): Promise<void> {
  await q.run('UPDATE users SET last_sign_in_at = ? WHERE id = ?', [nowText(), userId]);
}

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  unit_id: number;
  active: number;
  last_sign_in_at: string | null;
}

/** Accounts on these units, active first, by email. */
export function listUsersOn(q: Queryable, unitIds: readonly number[]): Promise<UserListRow[]> {
  return q.all<UserListRow>(
    `SELECT id, email, name, role, unit_id, active, last_sign_in_at FROM users
      WHERE ${inList(q.engine, 'unit_id')} ORDER BY active DESC, email`,
    [JSON.stringify(unitIds)],
  );
}

export interface UserFields {
  name: string;
  role: Role;
  unitId: number;
  active: boolean;
}

export async function updateUser(q: Queryable, id: number, u: UserFields): Promise<void> {
  await q.run('UPDATE users SET name = ?, role = ?, unit_id = ?, active = ? WHERE id = ?', [u.name, u.role, u.unitId, u.active ? 1 : 0, id]);
}
