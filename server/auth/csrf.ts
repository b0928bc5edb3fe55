import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import type { Config } from '../config.js';
import { HttpError } from '../errors.js';
import { LOGOUT_PATH } from '../urls.js';
import type { Sessions } from './sessions.js';

// CSRF protection. Every POST/PUT/PATCH/DELETE must send a token in the `_csrf` form field (or an
// `X-CSRF-Token` header); views find it in res.locals.csrfToken (views/auth/csrf-field.ejs).
// - With a session (a signed-in officer): the synchronizer token pattern (csrf-sync), one random
//   token per session kept in the session's row.
// - Without one (a visitor of the sign-in form): a stateless signed token, so a visitor costs no
//   database row. A short-lived cookie holds a random nonce and its issue time; the token is their
//   HMAC keyed with the session secret. A post is accepted only with a fresh cookie and the token
//   that fits it, which another site can neither read nor compute.
// Exempt: the citizens' survey posts under /s/ (no session; protected by validation, a honeypot,
// rate limits and an idempotency key) and API calls authenticated by a bearer token (no cookie
// authority; a cross-site request cannot add that header without a CORS preflight).

const CSRF_FIELD = '_csrf';

/** How long a sign-in form's token stays valid. */
const LOGIN_TOKEN_MS = 3600_000;

export interface CsrfGuard {
  /** Middleware: refuses an unsafe request without a valid token (403 page, localized). */
  protect: RequestHandler;
  /** The token for this request's forms (also set on res.locals.csrfToken); no database row without a session. */
  token: (req: Request, res: Response) => string;
  /** Drops the sign-in form's nonce cookie once a session exists (after signing in). */
  forgetLoginToken: (req: Request, res: Response) => void;
}

function isCsrfExempt(req: Request): boolean {
  return req.path.startsWith('/s/') || (req.path.startsWith('/api/') && req.get('authorization') !== undefined);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function tokenFromRequest(req: Request): string | undefined {
  const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  return typeof field === 'string' ? field : req.get('x-csrf-token');
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function csrfGuard(sessions: Sessions, config: Config, now: () => number = Date.now): CsrfGuard {
  const secret = config.sessionSecret ?? 'mutu-test-session-secret';
  const cookieName = config.env === 'production' ? '__Host-mutu_login_csrf' : 'mutu_login_csrf';

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromState: (req) => sessions.current(req)?.csrfToken,
    // Not reached in practice (a session gets its token when it starts). Nobody awaits the write: a failure is logged.
    storeTokenInState: (req, token) => {
      if (typeof token === 'string' && req.res) {
        sessions.storeCsrfToken(req, req.res, token).catch((err: unknown) => req.log.error({ err }, 'storing a session CSRF token failed'));
      }
    },
    getTokenFromRequest: tokenFromRequest,
    size: 32,
    // Signing out with no session left (it expired) changes nothing: just go to /login.
    skipCsrfProtection: (req) => isCsrfExempt(req) || (req.path === LOGOUT_PATH && !sessions.current(req)?.officer),
  });

  const sign = (cookie: string): string => createHmac('sha256', secret).update(`mutu-login-csrf:${cookie}`).digest('base64url');

  /** The nonce cookie's value when it is well formed and fresh. */
  function freshCookie(req: Request): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[cookieName];
    if (typeof value !== 'string') return undefined;
    const m = /^([\w-]{43})\.([0-9a-z]{1,11})$/.exec(value);
    if (!m) return undefined;
    const age = now() - Number.parseInt(m[2]!, 36);
    return age >= -60_000 && age < LOGIN_TOKEN_MS ? value : undefined;
  }

  function loginToken(req: Request, res: Response): string {
    let cookie = freshCookie(req);
    if (!cookie) {
      cookie = `${randomBytes(32).toString('base64url')}.${now().toString(36)}`;
      res.cookie(cookieName, cookie, { ...sessions.cookieOptions(req), maxAge: LOGIN_TOKEN_MS });
    }
    const token = sign(cookie);
    res.locals.csrfToken = token;
    return token;
  }

  return {
    protect(req: Request, res: Response, next: NextFunction) {
      const refuse = (err?: unknown) => next(err ? new HttpError(403, 'auth.errors.csrf') : undefined);
      if (sessions.current(req)) return csrfSynchronisedProtection(req, res, refuse);
      if (SAFE_METHODS.has(req.method) || isCsrfExempt(req) || req.path === LOGOUT_PATH) return next();
      const cookie = freshCookie(req);
      const sent = tokenFromRequest(req);
      refuse(cookie && typeof sent === 'string' && sameString(sent, sign(cookie)) ? undefined : 'invalid');
    },
    token: (req, res) => (sessions.current(req) ? generateToken(req) : loginToken(req, res)),
    forgetLoginToken(req, res) {
      if ((req.cookies as Record<string, unknown> | undefined)?.[cookieName] !== undefined) res.clearCookie(cookieName, sessions.cookieOptions(req));
    },
  };
}
