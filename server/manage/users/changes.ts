import { changes, type AuditActor } from '../../data/audit.js';
import type { Database, Queryable } from '../../data/engine/index.js';
import { deleteUserSessions } from '../../data/sessions.js';
import { addUser, setPasswordHash, updateUser, type User, type UserFields } from '../../data/users.js';
import { audited, auditedCreate, type AuditEntry } from '../audited.js';
import { unitCodeOf } from '../org-fields.js';

// Changes to officer accounts, through the one audited-change helper (../audited.ts). Passwords
// arrive hashed: hashing happens before the transaction, never inside it.

async function userSnapshot(q: Queryable, u: UserFields) {
  return { name: u.name, role: u.role, unit: await unitCodeOf(q, u.unitId), active: u.active };
}

export interface NewAccount extends UserFields {
  email: string;
  passwordHash: string;
}

export function createUserAudited(store: Database, actor: AuditActor, a: NewAccount): Promise<number> {
  return auditedCreate(store, actor, {
    kind: 'user',
    code: a.email,
    insert: (tx) => addUser(tx, { email: a.email, name: a.name, passwordHash: a.passwordHash, role: a.role, unitId: a.unitId }),
    after: async (tx) => ({ email: a.email, ...(await userSnapshot(tx, a)) }),
  });
}

/**
 * Changes an account; a new password (already hashed) ends the account's sessions, as does
 * deactivation (sessions of inactive accounts are refused anyway). Returns whether anything changed.
 * A new password is a reset by someone else: its owner must change it at their next sign-in, and it
 * gets its own audit row ('password_reset') naming who reset whose password. Nobody resets their own
 * password here (@throws Error): that is /account/password, with the current password.
 */
export async function updateUserAudited(store: Database, actor: AuditActor, user: User, f: UserFields, passwordHash: string | null): Promise<boolean> {
  if (passwordHash && actor.userId === user.id) throw new Error('an officer changes their own password under /account/password');
  return audited(store, actor, async (tx) => {
    const before = { name: user.name, role: user.role, unitId: user.unit_id, active: user.active === 1 };
    const diff = changes(await userSnapshot(tx, before), await userSnapshot(tx, f));
    if (!diff && !passwordHash) return { result: false, audit: [] };
    if (diff) await updateUser(tx, user.id, f);
    if (passwordHash) await setPasswordHash(tx, user.id, passwordHash, { mustChange: true });
    if (passwordHash || (before.active && !f.active)) await deleteUserSessions(tx, user.id);
    const entity = { kind: 'user', id: user.id, code: user.email };
    const audit: AuditEntry[] = [];
    if (diff) audit.push({ action: 'update', entity, details: diff });
    if (passwordHash) {
      const details = { by: { id: actor.userId, email: actor.email }, target: { id: user.id, email: user.email }, must_change: true };
      audit.push({ action: 'password_reset', entity, details });
    }
    return { result: true, audit };
  });
}
