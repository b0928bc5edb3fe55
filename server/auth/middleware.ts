import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../errors.js';
import type { Role } from '../data/users.js';
import { LOGIN_PATH, LOGOUT_PATH, loginUrl as loginHref, PASSWORD_PATH, passwordUrl as passwordHref } from '../urls.js';
import type { Officer } from './sessions.js';

// Guards for officer pages. The session layer (server/auth/index.ts) has already set
// res.locals.officer on a signed-in request. Officer pages are never stored by a browser or proxy
// (Cache-Control: no-store), whoever asks.

/** The longest return path kept after signing in. */
const NEXT_MAX = 2000;

/** Where to sign in and come back to this page afterwards (not to an address longer than safeNext takes back: its Location would not fit a proxy's header buffer). */
function loginUrl(req: Request): string {
  const next = req.originalUrl.length <= NEXT_MAX ? req.originalUrl : undefined;
  const lang = typeof req.query.lang === 'string' && req.query.lang.length <= 8 ? req.query.lang : undefined;
  return loginHref({ next, lang });
}

/** The signed-in officer of this request, or undefined. */
function currentOfficer(res: Response): Officer | undefined {
  return res.locals.officer;
}

/**
 * The signed-in officer, typed, for handlers behind requireOfficer / requireEditor / requireAdmin
 * (res.locals.officer is optional: this is the one place that says it is there).
 * @throws HttpError(401) when none: a handler mounted without its guard refuses, never serves anonymously.
 */
export function signedIn(res: Response): Officer {
  const officer = currentOfficer(res);
  if (!officer) throw new HttpError(401, 'auth.errors.sign_in_required');
  return officer;
}

/** Not signed in: 303 to /login?next=<this page>. */
export const requireOfficer: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  res.set('Cache-Control', 'no-store');
  if (currentOfficer(res)) return next();
  res.redirect(303, loginUrl(req));
};

/** Signed in with one of these roles; otherwise 303 to /login, or 403 for another role. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const officer = currentOfficer(res);
    if (!officer) return void res.redirect(303, loginUrl(req));
    if (!roles.includes(officer.role)) return next(new HttpError(403));
    next();
  };
}

export const requireEditor: RequestHandler = requireRole('admin', 'manager');
export const requireAdmin: RequestHandler = requireRole('admin');

const NEXT_BASE = 'http://mutu.invalid';
/** One leading slash, then neither a slash nor a backslash ('//host' and '/\\host' name another site). */
const SINGLE_SLASH = /^\/(?![/\\])/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they must not reach a redirect
const BACKSLASH_OR_CONTROL = /[\\\u0000-\u001f\u007f]/;

/**
 * A local path to return to after signing in, or null for anything else (other sites, odd forms).
 * The path is returned normalised, and must still be a same-origin path after normalisation:
 * '/.//evil.example' and '/..//evil.example' (also with %2e for the dots) become '//evil.example'.
 */
export function safeNext(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > NEXT_MAX) return null;
  if (!SINGLE_SLASH.test(raw) || BACKSLASH_OR_CONTROL.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, NEXT_BASE);
  } catch {
    return null;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== NEXT_BASE || !SINGLE_SLASH.test(path) || BACKSLASH_OR_CONTROL.test(path)) return null;
  if (url.pathname === LOGIN_PATH || url.pathname === LOGOUT_PATH) return null;
  return path;
}

/** Where an officer whose password was reset must go, keeping an explicit ?lang. */
function passwordUrl(req: Request): string {
  const lang = req.query.lang;
  return passwordHref(typeof lang === 'string' && /^[a-z]{2}$/.test(lang) ? lang : undefined);
}

/** What an officer whose password was reset by someone else may still do: change it, sign out, sign in anew. */
function openDuringPasswordChange(req: Request): boolean {
  return req.path === PASSWORD_PATH || req.path === LOGOUT_PATH || req.path === '/healthz' || (req.method === 'POST' && req.path === LOGIN_PATH);
}

/**
 * After a reset by someone else, the officer chooses their own password before anything else: every
 * other page answers 303 to /account/password (a post 403), and the results API answers them as it
 * answers the public.
 */
export const passwordChangeGate: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (res.locals.passwordChangeRequired !== true || !currentOfficer(res) || openDuringPasswordChange(req)) return next();
  if (req.path.startsWith('/api/')) {
    res.locals.officer = undefined;
    return next();
  }
  res.set('Cache-Control', 'no-store');
  if (req.method === 'GET' || req.method === 'HEAD') return void res.redirect(303, passwordUrl(req));
  next(new HttpError(403, 'auth.errors.password_change_required'));
};
