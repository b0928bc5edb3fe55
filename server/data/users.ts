import type { Db } from '../db.js';

// Officer accounts. Passwords arrive here already hashed (server/auth/passwords.ts).

export const ROLES = ['admin', 'manager', 'viewer'] as const;
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

/**
 * Creates an officer. An agency admin must sit on a root unit (the whole agency).
 * @throws Error for an admin on a unit that is not a root, or (from SQLite) a duplicate email.
 */
export function createUser(db: Db, u: NewUser): number {
  if (u.role === 'admin') {
    const parent = db.prepare('SELECT parent_id FROM units WHERE id = ?').pluck().get(u.unitId) as number | null | undefined;
    if (parent !== null) throw new Error('an agency admin belongs to the root unit');
  }
  return Number(
    db
      .prepare('INSERT INTO users (email, name, password_hash, role, unit_id) VALUES (?, ?, ?, ?, ?)')
      .run(normalizeEmail(u.email), u.name.trim(), u.passwordHash, u.role, u.unitId).lastInsertRowid,
  );
}

export function getUser(db: Db, id: number): User | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as User | undefined;
}

/** The account with this email, in any letter case, active or not. */
export function findUserByEmail(db: Db, email: string): User | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM users WHERE email = ?`).get(normalizeEmail(email)) as User | undefined;
}

/**
 * Sets a new password (hashed). mustChange: it was set by someone else (a reset), so its owner has
 * to choose their own at the next sign-in; the owner's own change clears that.
 */
export function setPasswordHash(db: Db, userId: number, passwordHash: string, { mustChange = false }: { mustChange?: boolean } = {}): void {
  db.prepare(
    "UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
  ).run(passwordHash, mustChange ? 1 : 0, userId);
}

export function noteSignIn(db: Db, userId: number): void {
  db.prepare("UPDATE users SET last_sign_in_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(userId);
}

export function setUserActive(db: Db, userId: number, active: boolean): void {
  db.prepare('UPDATE users SET active = ? WHERE id = ?').run(active ? 1 : 0, userId);
}

export function countUsers(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
}

// Sessions: stored by the HMAC of the cookie value (server/auth/sessions.ts); times in Unix ms.

export interface SessionRow {
  id_hash: string;
  user_id: number | null;
  csrf_token: string;
  last_seen_at: number;
  expires_at: number;
  absolute_expires_at: number;
}

export interface SessionWithUser extends SessionRow {
  email: string | null;
  name: string | null;
  role: Role | null;
  unit_id: number | null;
  must_change_password: number | null;
}

export function insertSession(db: Db, s: SessionRow & { created_at: number }): void {
  db.prepare(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, absolute_expires_at)
     VALUES (@id_hash, @user_id, @csrf_token, @created_at, @last_seen_at, @expires_at, @absolute_expires_at)`,
  ).run(s);
}

/** The live session with this id hash and its user (an inactive user's sessions count as ended). */
export function findSession(db: Db, idHash: string, now: number): SessionWithUser | undefined {
  return db
    .prepare(
      `SELECT s.id_hash, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, s.absolute_expires_at,
              u.email, u.name, u.role, u.unit_id, u.must_change_password
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id
        WHERE s.id_hash = ? AND s.expires_at > ? AND (s.user_id IS NULL OR u.active = 1)`,
    )
    .get(idHash, now) as SessionWithUser | undefined;
}

export function touchSession(db: Db, idHash: string, lastSeenAt: number, expiresAt: number): void {
  db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?').run(lastSeenAt, expiresAt, idHash);
}

export function deleteSession(db: Db, idHash: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}

/** Ends every session of a user, except the one given. */
export function deleteUserSessions(db: Db, userId: number, exceptIdHash: string | null = null): number {
  return db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?').run(userId, exceptIdHash).changes;
}

export function purgeExpiredSessions(db: Db, now: number): number {
  return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
}

// Failed sign-ins per email key (server/auth/throttle.ts decides what they mean).

export interface FailureRow {
  failures: number;
  window_start: number;
  locked_until: number | null;
}

export function getSignInFailures(db: Db, emailKey: string): FailureRow | undefined {
  return db.prepare('SELECT failures, window_start, locked_until FROM sign_in_failures WHERE email_key = ?').get(emailKey) as FailureRow | undefined;
}

export function putSignInFailures(db: Db, emailKey: string, row: FailureRow): void {
  db.prepare(
    `INSERT INTO sign_in_failures (email_key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT (email_key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
  ).run(emailKey, row.failures, row.window_start, row.locked_until);
}

export function clearSignInFailures(db: Db, emailKey: string): void {
  db.prepare('DELETE FROM sign_in_failures WHERE email_key = ?').run(emailKey);
}

/** Forgets failures whose window and lock have both passed. */
export function purgeSignInFailures(db: Db, windowStartBefore: number, now: number): number {
  return db
    .prepare('DELETE FROM sign_in_failures WHERE window_start < ? AND (locked_until IS NULL OR locked_until <= ?)')
    .run(windowStartBefore, now).changes;
}

export function setSessionCsrfToken(db: Db, idHash: string, csrfToken: string): void {
  db.prepare('UPDATE sessions SET csrf_token = ? WHERE id_hash = ?').run(csrfToken, idHash);
}
