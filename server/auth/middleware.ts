import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../errors.js';
import type { Role } from '../data/users.js';
import type { Officer } from './sessions.js';

// Guards for officer pages. The session layer (server/auth/index.ts) has already set
// res.locals.officer on a signed-in request.

/** Where to sign in and come back to this page afterwards. */
export function loginUrl(req: Request): string {
  const q = new URLSearchParams({ next: req.originalUrl });
  if (typeof req.query.lang === 'string') q.set('lang', req.query.lang);
  return `/login?${q.toString()}`;
}

/** The signed-in officer of this request, or undefined. */
export function currentOfficer(res: Response): Officer | undefined {
  return res.locals.officer as Officer | undefined;
}

/** The signed-in officer, for handlers behind requireOfficer or requireRole. @throws HttpError(403) when none. */
export function officerOf(res: Response): Officer {
  const officer = currentOfficer(res);
  if (!officer) throw new HttpError(403);
  return officer;
}

/** Not signed in: 303 to /login?next=<this page>. */
export const requireOfficer: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (currentOfficer(res)) return next();
  res.set('Cache-Control', 'no-store').redirect(303, loginUrl(req));
};

/** Signed in with one of these roles; otherwise 303 to /login, or 403 for another role. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    const officer = currentOfficer(res);
    if (!officer) return void res.set('Cache-Control', 'no-store').redirect(303, loginUrl(req));
    if (!roles.includes(officer.role)) return next(new HttpError(403));
    next();
  };
}

/** Admins and managers change things; viewers only read. */
export const canEdit = (officer: Officer): boolean => officer.role !== 'viewer';
export const requireEditor: RequestHandler = requireRole('admin', 'manager');
export const requireAdmin: RequestHandler = requireRole('admin');

/** A local path to return to after signing in, or null for anything else (other sites, odd forms). */
export function safeNext(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return null;
  const base = 'http://mutu.invalid';
  const url = new URL(raw, base);
  if (url.origin !== base || url.pathname === '/login' || url.pathname === '/logout') return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
