import { hash, hashSync, verify, type Algorithm, type Options } from '@node-rs/argon2';

// Passwords are hashed with argon2id (memory-hard) at OWASP's recommended minimum cost:
// 19 MiB, 2 passes, 1 lane (about 40-50 ms here). The PHC string carries its own salt and cost.

const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (an ambient const enum, unusable with isolatedModules)
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** Hashes on libuv's thread pool, so the event loop keeps serving. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** For synchronous callers only (a better-sqlite3 transaction, such as loading the demo). */
export function hashPasswordSync(password: string): string {
  return hashSync(password, OPTIONS);
}

/** Whether the password matches the hash; false (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time of one verification, so an unknown email answers as slowly as a wrong password. */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword('mutu: no such account');
  await verifyPassword(await dummy, password);
  return false;
}

/** The i18n key of what is wrong with a new password, or null when it is acceptable. */
export function newPasswordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length === 0) return 'auth.errors.new_password_required';
  if (length < PASSWORD_MIN) return 'auth.errors.new_password_short';
  if (length > PASSWORD_MAX) return 'auth.errors.new_password_long';
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'auth.errors.new_password_email';
  return null;
}
