import type { Db } from '../db.js';
import type { Role } from './users.js';

// Officer accounts as management lists and changes them (server/data/users.ts creates and finds them).

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  unit_id: number;
  active: number;
  last_sign_in_at: string | null;
}

/** Accounts on these units, by email. */
export function listUsersOn(db: Db, unitIds: number[]): UserListRow[] {
  return db
    .prepare(
      `SELECT id, email, name, role, unit_id, active, last_sign_in_at FROM users
        WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY active DESC, email`,
    )
    .all(JSON.stringify(unitIds)) as UserListRow[];
}

export interface UserFields {
  name: string;
  role: Role;
  unitId: number;
  active: boolean;
}

export function updateUser(db: Db, id: number, u: UserFields): void {
  db.prepare('UPDATE users SET name = ?, role = ?, unit_id = ?, active = ? WHERE id = ?').run(u.name, u.role, u.unitId, u.active ? 1 : 0, id);
}
