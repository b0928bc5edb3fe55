import type { Queryable } from './engine/index.js';
import type { Role } from './users.js';

// Officer sessions, stored by the HMAC of the cookie value (server/auth/sessions.ts); times in Unix ms.

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

export async function insertSession(q: Queryable, s: SessionRow & { created_at: number }): Promise<void> {
  await q.run(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, absolute_expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, s.absolute_expires_at],
  );
}

/**
 * The live session with this id hash and its user (an inactive user's sessions count as ended):
 * the one query of every officer request.
 */
export function findSession(q: Queryable, idHash: string, now: number): Promise<SessionWithUser | undefined> {
  return q.get<SessionWithUser>(
    `SELECT s.id_hash, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, s.absolute_expires_at,
            u.email, u.name, u.role, u.unit_id, u.must_change_password
       FROM sessions s LEFT JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = ? AND s.expires_at > ? AND (s.user_id IS NULL OR u.active = 1)`,
    [idHash, now],
  );
}

export async function touchSession(q: Queryable, idHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
  await q.run('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?', [lastSeenAt, expiresAt, idHash]);
}

export async function setSessionCsrfToken(q: Queryable, idHash: string, csrfToken: string): Promise<void> {
  await q.run('UPDATE sessions SET csrf_token = ? WHERE id_hash = ?', [csrfToken, idHash]);
}

export async function deleteSession(q: Queryable, idHash: string): Promise<void> {
  await q.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
}

/** Ends every session of a user, except the one given; returns how many ended. */
export async function deleteUserSessions(q: Queryable, userId: number, exceptIdHash: string | null = null): Promise<number> {
  return (await q.run('DELETE FROM sessions WHERE user_id = ? AND id_hash IS DISTINCT FROM ?', [userId, exceptIdHash])).changes;
}

export async function purgeExpiredSessions(q: Queryable, now: number): Promise<number> {
  return (await q.run('DELETE FROM sessions WHERE expires_at <= ?', [now])).changes;
}
