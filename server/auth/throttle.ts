import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Db } from '../db.js';
import { clearSignInFailures, getSignInFailures, normalizeEmail, purgeSignInFailures, putSignInFailures } from '../data/users.js';
import { clientKeyer } from '../security.js';

// Two brakes on guessing passwords:
// - per email address (in the database, so it holds across restarts and processes): after
//   `maxFailures` failures within `windowMs` the address is locked for `lockMs`, even for the right
//   password. Unknown addresses are counted the same way, so the lock reveals nothing.
// - per client (express-rate-limit, keyed on the salted client hash): at most `clientFailures` failed
//   attempts per `windowMs`, whichever addresses they try.

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  clientFailures: number;
}

export const THROTTLE_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, clientFailures: 30 };

export class SignInThrottle {
  constructor(
    private readonly db: Db,
    readonly policy: ThrottlePolicy = THROTTLE_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the address stays locked (0: not locked). */
  lockedFor(email: string): number {
    const row = getSignInFailures(this.db, emailKey(email));
    return row?.locked_until ? Math.max(0, row.locked_until - this.now()) : 0;
  }

  /** Counts a failure; returns the milliseconds the address is now locked (0: not locked). */
  fail(email: string): number {
    const now = this.now();
    const key = emailKey(email);
    const { maxFailures, windowMs, lockMs } = this.policy;
    return this.db.transaction(() => {
      const row = getSignInFailures(this.db, key);
      const fresh = !row || now - row.window_start >= windowMs || (row.locked_until !== null && row.locked_until <= now);
      const failures = fresh ? 1 : row.failures + 1;
      const lockedUntil = failures >= maxFailures ? now + lockMs : null;
      putSignInFailures(this.db, key, { failures, window_start: fresh ? now : row.window_start, locked_until: lockedUntil });
      if (fresh) purgeSignInFailures(this.db, now - windowMs, now);
      return lockedUntil === null ? 0 : lockMs;
    })();
  }

  /** Forgets the address's failures after a successful sign-in. */
  succeed(email: string): void {
    clearSignInFailures(this.db, emailKey(email));
  }
}

function emailKey(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('base64url');
}

/** Per-client brake for the sign-in post: counts only failed attempts (status >= 400). */
export function clientThrottle(policy: ThrottlePolicy, onLimit: RequestHandler): RequestHandler {
  return rateLimit({
    windowMs: policy.windowMs,
    limit: policy.clientFailures,
    skipSuccessfulRequests: true,
    keyGenerator: clientKeyer(),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: onLimit,
  });
}

/** Whole minutes to show for a wait (at least 1). */
export function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
