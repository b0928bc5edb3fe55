import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Queryable } from '../data/engine/index.js';
import { clearSignInFailures, countSignInFailure, getSignInFailures, purgeSignInFailures } from '../data/sign-ins.js';
import { normalizeEmail } from '../data/users.js';
import { clientLimiting, type ClientLimiting } from '../security.js';

// Two brakes on guessing passwords:
// - per email address (in the database, so it holds across restarts and processes): after
//   `maxFailures` failures within `windowMs` the address is locked for `lockMs`, even for the right
//   password. Unknown addresses are counted the same way, so the lock reveals nothing.
// - per client (express-rate-limit, keyed on the salted client hash, counted where the app's other
//   limiters count: in the database when several processes share it): at most `clientFailures`
//   failed attempts per `windowMs`, whichever addresses they try.

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  clientFailures: number;
}

export const THROTTLE_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, clientFailures: 30 };

/** The policy as the per-client brake needs it: with how it keys and counts clients. */
export interface ClientThrottlePolicy extends ThrottlePolicy {
  clients: ClientLimiting;
}

export class SignInThrottle {
  readonly policy: ClientThrottlePolicy;

  constructor(
    private readonly q: Queryable,
    policy: ThrottlePolicy = THROTTLE_POLICY,
    private readonly now: () => number = Date.now,
    clients: ClientLimiting = clientLimiting(q, { now }),
  ) {
    this.policy = { ...policy, clients };
  }

  /** Milliseconds the address stays locked (0: not locked). */
  async lockedFor(email: string): Promise<number> {
    const row = await getSignInFailures(this.q, emailKey(email));
    return row?.locked_until ? Math.max(0, row.locked_until - this.now()) : 0;
  }

  /** Counts a failure (one statement: concurrent failures all count); returns the milliseconds the address is now locked (0: not locked). */
  async fail(email: string): Promise<number> {
    const now = this.now();
    const row = await countSignInFailure(this.q, emailKey(email), now, this.policy);
    // a new window: now and then, forget the windows that have passed
    if (row.failures === 1) await purgeSignInFailures(this.q, now - this.policy.windowMs, now);
    return row.locked_until === null ? 0 : this.policy.lockMs;
  }

  /** Forgets the address's failures after a successful sign-in. */
  async succeed(email: string): Promise<void> {
    await clearSignInFailures(this.q, emailKey(email));
  }
}

function emailKey(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('base64url');
}

/** Per-client brake for the sign-in post: counts only failed attempts (status >= 400). */
export function clientThrottle(policy: ClientThrottlePolicy, onLimit: RequestHandler): RequestHandler {
  return rateLimit({
    windowMs: policy.windowMs,
    limit: policy.clientFailures,
    skipSuccessfulRequests: true,
    ...policy.clients.limiter('sign-in'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: onLimit,
  });
}

/** Whole minutes to show for a wait (at least 1). */
export function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
