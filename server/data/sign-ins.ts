import type { Queryable } from './engine/index.js';

// Failed sign-ins per email key (server/auth/throttle.ts decides what they mean); times in Unix ms.

export interface FailureRow {
  failures: number;
  window_start: number;
  locked_until: number | null;
}

export interface FailurePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export function getSignInFailures(q: Queryable, emailKey: string): Promise<FailureRow | undefined> {
  return q.get<FailureRow>('SELECT failures, window_start, locked_until FROM sign_in_failures WHERE email_key = ?', [emailKey]);
}

// One statement, so that concurrent failures (several requests, several processes) each count: a
// new window starts when the last one has passed or its lock has ended; the address locks when the
// window reaches maxFailures. In DO UPDATE, `f` is the stored row and `excluded` the new one (whose
// window_start is now).
const FRESH = '(excluded.window_start - f.window_start >= ? OR (f.locked_until IS NOT NULL AND f.locked_until <= excluded.window_start))';
const COUNT_FAILURE = `INSERT INTO sign_in_failures AS f (email_key, failures, window_start, locked_until) VALUES (?, 1, ?, ?)
  ON CONFLICT (email_key) DO UPDATE SET
    failures = CASE WHEN ${FRESH} THEN 1 ELSE f.failures + 1 END,
    window_start = CASE WHEN ${FRESH} THEN excluded.window_start ELSE f.window_start END,
    locked_until = CASE WHEN ${FRESH} THEN excluded.locked_until WHEN f.failures + 1 >= ? THEN excluded.window_start + ? ELSE NULL END
  RETURNING failures, window_start, locked_until`;

/** Counts one failed sign-in for the key at `now`; returns the row as it now stands. */
export async function countSignInFailure(q: Queryable, emailKey: string, now: number, p: FailurePolicy): Promise<FailureRow> {
  const firstLock = p.maxFailures <= 1 ? now + p.lockMs : null;
  const row = await q.get<FailureRow>(COUNT_FAILURE, [emailKey, now, firstLock, p.windowMs, p.windowMs, p.windowMs, p.maxFailures, p.lockMs]);
  if (!row) throw new Error('counting a failed sign-in returned no row');
  return row;
}

export async function clearSignInFailures(q: Queryable, emailKey: string): Promise<void> {
  await q.run('DELETE FROM sign_in_failures WHERE email_key = ?', [emailKey]);
}

/** Forgets failures whose window and lock have both passed. */
export async function purgeSignInFailures(q: Queryable, windowStartBefore: number, now: number): Promise<number> {
  return (await q.run('DELETE FROM sign_in_failures WHERE window_start < ? AND (locked_until IS NULL OR locked_until <= ?)', [windowStartBefore, now])).changes;
}
