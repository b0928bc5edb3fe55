import type { Db } from '../db.js';
import { audit, changes, type AuditActor } from '../data/audit.js';
import { getUnit } from '../data/org.js';
import { createApiToken, revokeApiToken } from '../data/tokens.js';
import { createUser, deleteUserSessions, setPasswordHash, type User } from '../data/users.js';
import type { TokenRow } from '../data/org-admin.js';
import { updateUser, type UserFields } from '../data/users-admin.js';

// Changes to officer accounts and API tokens, each with its audit row in one transaction.
// Passwords arrive hashed (hash outside the transaction: better-sqlite3 transactions are synchronous).
// Audit rows never hold a password, a hash or a token: only that one was set.

const unitCode = (db: Db, id: number): string | null => getUnit(db, id)?.code ?? null;

function userSnapshot(db: Db, u: UserFields) {
  return { name: u.name, role: u.role, unit: unitCode(db, u.unitId), active: u.active };
}

export interface NewAccount extends UserFields {
  email: string;
  passwordHash: string;
}

export function createUserAudited(db: Db, actor: AuditActor, a: NewAccount): number {
  return db.transaction(() => {
    const id = createUser(db, { email: a.email, name: a.name, passwordHash: a.passwordHash, role: a.role, unitId: a.unitId });
    audit(db, actor, 'create', { kind: 'user', id, code: a.email }, { after: { email: a.email, ...userSnapshot(db, a) } });
    return id;
  })();
}

/**
 * Changes an account; a new password (already hashed) ends the account's sessions, as does
 * deactivation (sessions of inactive accounts are refused anyway). Returns whether anything changed.
 * A new password is a reset by someone else: its owner must change it at their next sign-in, and it
 * gets its own audit row ('password_reset') naming who reset whose password. Nobody resets their own
 * password here (@throws Error): that is /account/password, with the current password.
 */
export function updateUserAudited(db: Db, actor: AuditActor, user: User, f: UserFields, passwordHash: string | null): boolean {
  if (passwordHash && actor.userId === user.id) throw new Error('an officer changes their own password under /account/password');
  return db.transaction(() => {
    const before = { name: user.name, role: user.role, unitId: user.unit_id, active: user.active === 1 };
    const diff = changes(userSnapshot(db, before), userSnapshot(db, f));
    if (!diff && !passwordHash) return false;
    if (diff) updateUser(db, user.id, f);
    if (passwordHash) setPasswordHash(db, user.id, passwordHash, { mustChange: true });
    if (passwordHash || (before.active && !f.active)) deleteUserSessions(db, user.id);
    const entity = { kind: 'user', id: user.id, code: user.email };
    if (diff) audit(db, actor, 'update', entity, diff);
    if (passwordHash) {
      audit(db, actor, 'password_reset', entity, {
        by: { id: actor.userId, email: actor.email },
        target: { id: user.id, email: user.email },
        must_change: true,
      });
    }
    return true;
  })();
}

/** Creates a token; the secret is returned once and never stored (server/data/tokens.ts keeps its hash). */
export function createTokenAudited(db: Db, actor: AuditActor, unitId: number, name: string): { id: number; token: string } {
  return db.transaction(() => {
    const created = createApiToken(db, unitId, name);
    audit(db, actor, 'create', { kind: 'token', id: created.id, code: name }, { after: { name, unit: unitCode(db, unitId) } });
    return created;
  })();
}

export function revokeTokenAudited(db: Db, actor: AuditActor, token: TokenRow): boolean {
  if (token.revoked_at) return false;
  return db.transaction(() => {
    revokeApiToken(db, token.id);
    audit(
      db,
      actor,
      'revoke',
      { kind: 'token', id: token.id, code: token.name },
      { before: { revoked: false }, after: { revoked: true }, unit: unitCode(db, token.unit_id) },
    );
    return true;
  })();
}
