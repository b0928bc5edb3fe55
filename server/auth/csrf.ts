import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { csrfSync } from 'csrf-sync';
import { HttpError } from '../errors.js';
import type { Sessions } from './sessions.js';

// CSRF protection with the synchronizer token pattern (csrf-sync): one random token per session,
// kept in the session's row; every POST/PUT/PATCH/DELETE must send it back in the `_csrf` form field
// (or an `X-CSRF-Token` header). Views find it in res.locals.csrfToken (views/auth/csrf-field.ejs).
// Exempt: the citizens' survey posts under /s/ (no session; protected by validation, a honeypot,
// rate limits and an idempotency key) and API calls authenticated by a bearer token (no cookie
// authority; a cross-site request cannot add that header without a CORS preflight).

export const CSRF_FIELD = '_csrf';

export interface CsrfGuard {
  /** Middleware: refuses an unsafe request without the session's token (403 page, localized). */
  protect: RequestHandler;
  /** The session's token, starting an anonymous session when there is none (for the sign-in form). */
  token: (req: Request, res: Response) => string;
}

export function isCsrfExempt(req: Request): boolean {
  return req.path.startsWith('/s/') || (req.path.startsWith('/api/') && req.get('authorization') !== undefined);
}

export function csrfGuard(sessions: Sessions): CsrfGuard {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromState: (req) => sessions.current(req)?.csrfToken,
    storeTokenInState: (req, token) => {
      if (typeof token === 'string' && req.res) sessions.storeCsrfToken(req, req.res, token);
    },
    getTokenFromRequest: (req) => {
      const field = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof field === 'string' ? field : req.get('x-csrf-token');
    },
    size: 32,
    // Signing out with no session left (it expired) changes nothing: just go to /login.
    skipCsrfProtection: (req) => isCsrfExempt(req) || (req.path === '/logout' && !sessions.current(req)?.officer),
  });
  return {
    protect(req: Request, res: Response, next: NextFunction) {
      csrfSynchronisedProtection(req, res, (err?: unknown) => next(err ? new HttpError(403, 'auth.errors.csrf') : undefined));
    },
    token: (req) => generateToken(req),
  };
}
