import { createHmac, randomBytes } from 'node:crypto';
import type { CookieOptions, NextFunction, Request, Response } from 'express';
import type { Config } from '../config.js';
import type { Database } from '../data/engine/index.js';
import {
  deleteSession,
  deleteUserSessions,
  findSession,
  insertSession,
  purgeExpiredSessions,
  setSessionCsrfToken,
  touchSession,
  type SessionWithUser,
} from '../data/sessions.js';
import type { Role } from '../data/users.js';

// Server-side sessions in the `sessions` table. The cookie holds a random 256-bit id (HttpOnly,
// SameSite=Lax, Secure on HTTPS and always in production); the table holds only its HMAC, keyed with
// the session secret, so a copy of the database yields no usable cookie and a new secret ends every
// session. Idle and absolute expiry; a new id on every sign-in. A visitor who has not signed in gets
// no row: the sign-in form's CSRF token is stateless (server/auth/csrf.ts). Rows with user NULL
// (anonymous sessions of earlier versions) are still honoured and expire within the hour.
// Loading a session is one query per request (plus, at most once a minute, moving its idle expiry).

/** What res.locals.officer holds for a signed-in request. */
export interface Officer {
  userId: number;
  email: string;
  name: string;
  role: Role;
  unitId: number;
}

// What the session middleware puts on res.locals (absent before it runs and on public routes).
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the only way to augment Express's global Locals
  namespace Express {
    interface Locals {
      officer?: Officer;
      csrfToken?: string;
      passwordChangeRequired?: boolean;
    }
  }
}

export interface SessionState {
  idHash: string;
  csrfToken: string;
  officer: Officer | null;
  /** the officer's password was reset by someone else: only /account/password until they change it */
  passwordChangeRequired: boolean;
}

export interface StartOptions {
  csrfToken?: string;
  passwordChangeRequired?: boolean;
}

export interface SessionTimes {
  idleMs: number;
  absoluteMs: number;
  anonymousMs: number;
}

export const SESSION_TIMES: SessionTimes = { idleMs: 2 * 3600_000, absoluteMs: 12 * 3600_000, anonymousMs: 3600_000 };
const TOUCH_EVERY_MS = 60_000;

export class Sessions {
  private readonly state = new WeakMap<Request, SessionState>();
  private readonly secret: string;
  private lastPurge = 0;
  readonly cookieName: string;

  constructor(
    private readonly store: Database,
    private readonly config: Config,
    private readonly times: SessionTimes = SESSION_TIMES,
    private readonly now: () => number = Date.now,
  ) {
    this.secret = config.sessionSecret ?? 'mutu-test-session-secret';
    this.cookieName = config.env === 'production' ? '__Host-mutu_session' : 'mutu_session';
  }

  /** The HMAC stored in place of a cookie value. */
  hashId(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url');
  }

  /** Middleware: loads the session named by the cookie; sets res.locals.officer and res.locals.csrfToken. */
  readonly load = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const id = (req.cookies as Record<string, unknown> | undefined)?.[this.cookieName];
    if (typeof id !== 'string' || id === '') return next();
    const now = this.now();
    const row = id.length <= 64 ? await findSession(this.store, this.hashId(id), now) : undefined;
    if (!row) {
      res.clearCookie(this.cookieName, this.cookieOptions(req));
      return next();
    }
    if (row.user_id !== null && now - row.last_seen_at >= TOUCH_EVERY_MS) {
      await touchSession(this.store, row.id_hash, now, Math.min(row.absolute_expires_at, now + this.times.idleMs));
    }
    const officer = officerOf(row);
    this.attach(req, res, {
      idHash: row.id_hash,
      csrfToken: row.csrf_token,
      officer,
      passwordChangeRequired: officer !== null && row.must_change_password === 1,
    });
    next();
  };

  current(req: Request): SessionState | undefined {
    return this.state.get(req);
  }

  /** Replaces the request's session (if any) with a new one under a new id: call it on sign-in. */
  async start(req: Request, res: Response, officer: Officer | null, options: StartOptions = {}): Promise<SessionState> {
    const csrfToken = options.csrfToken ?? randomBytes(32).toString('base64url');
    const old = this.state.get(req);
    if (old) await deleteSession(this.store, old.idHash);
    const now = this.now();
    await this.purge(now);
    const id = randomBytes(32).toString('base64url');
    const life = officer ? this.times.absoluteMs : this.times.anonymousMs;
    const idHash = this.hashId(id);
    await insertSession(this.store, {
      id_hash: idHash,
      user_id: officer?.userId ?? null,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: now + (officer ? Math.min(this.times.idleMs, life) : life),
      absolute_expires_at: now + life,
    });
    res.cookie(this.cookieName, id, { ...this.cookieOptions(req), maxAge: life });
    const state = { idHash, csrfToken, officer, passwordChangeRequired: officer !== null && options.passwordChangeRequired === true };
    this.attach(req, res, state);
    return state;
  }

  /** Ends the request's session and clears its cookie: sign-out. */
  async end(req: Request, res: Response): Promise<void> {
    const s = this.state.get(req);
    if (s) await deleteSession(this.store, s.idHash);
    this.state.delete(req);
    res.clearCookie(this.cookieName, this.cookieOptions(req));
    res.locals.officer = undefined;
    res.locals.csrfToken = undefined;
    res.locals.passwordChangeRequired = false;
  }

  /** Ends every other session of this user (after a password change). */
  endOthers(req: Request, userId: number): Promise<number> {
    return deleteUserSessions(this.store, userId, this.state.get(req)?.idHash ?? null);
  }

  /**
   * Stores a new CSRF token in the request's session; without a session, nothing (never a row for a
   * mere visitor). The request sees the new token at once; the returned promise settles with its write.
   */
  async storeCsrfToken(req: Request, res: Response, token: string): Promise<void> {
    const s = this.state.get(req);
    if (!s) return;
    this.attach(req, res, { ...s, csrfToken: token });
    await setSessionCsrfToken(this.store, s.idHash, token);
  }

  private attach(req: Request, res: Response, s: SessionState): void {
    this.state.set(req, s);
    res.locals.officer = s.officer ?? undefined;
    res.locals.csrfToken = s.csrfToken;
    res.locals.passwordChangeRequired = s.passwordChangeRequired;
  }

  /** HttpOnly, SameSite=Lax, path /, Secure on HTTPS and always in production. */
  cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.env === 'production' || req.secure, path: '/' };
  }

  private async purge(now: number): Promise<void> {
    if (now - this.lastPurge < TOUCH_EVERY_MS) return;
    this.lastPurge = now;
    await purgeExpiredSessions(this.store, now);
  }
}

function officerOf(row: SessionWithUser): Officer | null {
  if (row.user_id === null || row.email === null || row.name === null || row.role === null || row.unit_id === null) return null;
  return { userId: row.user_id, email: row.email, name: row.name, role: row.role, unitId: row.unit_id };
}
