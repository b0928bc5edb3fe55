import type { Queryable } from '../data/engine/index.js';
import { userByEmail, type User } from '../data/users.js';
import { verifyNobody, verifyPassword } from './passwords.js';
import type { SignInThrottle } from './throttle.js';

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; ms: number };

/**
 * Checks an email and password against the accounts and the per-address throttle. A locked address
 * is refused before any hashing; an unknown or inactive account costs the same time as a wrong
 * password and answers the same. No transaction is held while the password is verified.
 */
export async function checkSignIn(q: Queryable, throttle: SignInThrottle, email: string, password: string): Promise<SignInResult> {
  const locked = await throttle.lockedFor(email);
  if (locked > 0) return { ok: false, reason: 'locked', ms: locked };
  const user = await userByEmail(q, email);
  const matches = user && user.active === 1 ? await verifyPassword(user.password_hash, password) : await verifyNobody(password);
  if (matches && user) {
    await throttle.succeed(email);
    return { ok: true, user };
  }
  const ms = await throttle.fail(email);
  return ms > 0 ? { ok: false, reason: 'locked', ms } : { ok: false, reason: 'invalid' };
}

/** Re-checks the signed-in officer's current password (password change), counted by the same throttle. */
export async function checkCurrentPassword(
  q: Queryable,
  throttle: SignInThrottle,
  email: string,
  password: string,
): Promise<'ok' | 'wrong' | { locked: number }> {
  const result = await checkSignIn(q, throttle, email, password);
  if (result.ok) return 'ok';
  return result.reason === 'locked' ? { locked: result.ms } : 'wrong';
}
