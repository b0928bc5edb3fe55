import type { Db } from '../db.js';
import { findUserByEmail, type User } from '../data/users.js';
import { verifyNobody, verifyPassword } from './passwords.js';
import type { SignInThrottle } from './throttle.js';

export type SignInResult = { ok: true; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; ms: number };

/**
 * Checks an email and password against the accounts and the per-address throttle. A locked address
 * is refused before any hashing; an unknown or inactive account costs the same time as a wrong
 * password and answers the same.
 */
export async function checkSignIn(db: Db, throttle: SignInThrottle, email: string, password: string): Promise<SignInResult> {
  const locked = throttle.lockedFor(email);
  if (locked > 0) return { ok: false, reason: 'locked', ms: locked };
  const user = findUserByEmail(db, email);
  const matches = user && user.active === 1 ? await verifyPassword(user.password_hash, password) : await verifyNobody(password);
  if (matches && user) {
    throttle.succeed(email);
    return { ok: true, user };
  }
  const ms = throttle.fail(email);
  return ms > 0 ? { ok: false, reason: 'locked', ms } : { ok: false, reason: 'invalid' };
}

/** Re-checks the signed-in officer's current password (password change), counted by the same throttle. */
export async function checkCurrentPassword(db: Db, throttle: SignInThrottle, email: string, password: string): Promise<'ok' | 'wrong' | { locked: number }> {
  const result = await checkSignIn(db, throttle, email, password);
  if (result.ok) return 'ok';
  return result.reason === 'locked' ? { locked: result.ms } : 'wrong';
}
