import { changes, type AuditActor } from '../data/audit.js';
import type { Database, Queryable } from '../data/engine/index.js';
import { deleteUserSessions } from '../data/sessions.js';
import { addApiToken, revokeToken, type TokenRow } from '../data/tokens.js';
import { getUnit } from '../data/units.js';
import { addUser, setPasswordHash, updateUser, type User, type UserFields } from '../data/users.js';
import { audited, type AuditEntry } from './audited.js';

// Changes to officer accounts and API tokens, through the one audited-change helper (audited.ts).
// Passwords arrive hashed: hashing happens before the transaction, never inside it.

const unitCode = async (q: Queryable, id: number): Promise<string | null> => (await getUnit(q, id))?.code ?? null;

async function userSnapshot(q: Queryable, u: UserFields) {
  return { name: u.name, role: u.role, unit: await unitCode(q, u.unitId), active: u.active };
}

export interface NewAccount extends UserFields {
  email: string;
  passwordHash: string;
}

export function createUserAudited(store: Database, actor: AuditActor, a: NewAccount): Promise<number> {
  return audited(store, actor, async (tx) => {
    const id = await addUser(tx, { email: a.email, name: a.name, passwordHash: a.passwordHash, role: a.role, unitId: a.unitId });
    const after = { email: a.email, ...(await userSnapshot(tx, a)) };
    return { result: id, audit: [{ action: 'create', entity: { kind: 'user', id, code: a.email }, details: { after } }] };
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

/** Creates a token; the secret is returned once and never stored (server/data/tokens.ts keeps its hash). */
export function createTokenAudited(store: Database, actor: AuditActor, unitId: number, name: string): Promise<{ id: number; token: string }> {
  return audited(store, actor, async (tx) => {
    const created = await addApiToken(tx, unitId, name);
    const details = { after: { name, unit: await unitCode(tx, unitId) } };
    return { result: created, audit: [{ action: 'create', entity: { kind: 'token', id: created.id, code: name }, details }] };
  });
}

/** Revokes a live token with its audit row; false when it was revoked already (also by a concurrent request). */
export async function revokeTokenAudited(store: Database, actor: AuditActor, token: TokenRow): Promise<boolean> {
  if (token.revoked_at) return false;
  return audited(store, actor, async (tx) => {
    if (!(await revokeToken(tx, token.id))) return { result: false, audit: [] };
    const details = { before: { revoked: false }, after: { revoked: true }, unit: await unitCode(tx, token.unit_id) };
    return { result: true, audit: [{ action: 'revoke', entity: { kind: 'token', id: token.id, code: token.name }, details }] };
  });
}
