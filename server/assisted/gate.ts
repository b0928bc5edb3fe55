import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../errors.js';
import { assistedUrls } from '../urls.js';

// An enumerator (issue 10) may only enter interviews and import paper questionnaires for its
// subtree: every other officer page answers 403, its dashboard link leads to its entry list, and the
// results API answers it as it answers the public. Public pages (the home page, the surveys, the
// published results) stay open to it as to anyone. Mounted right after the session layer.

/** Officer paths an enumerator uses: its entry pages and its account. */
const OWN = [/^\/manage\/entry\/?$/, /^\/manage\/services\/[^/]+\/(entry|import)(\/.*)?$/, /^\/account\/password$/, /^\/log(in|out)$/];
/** Paths anyone may open without signing in. */
const PUBLIC = [/^\/$/, /^\/(s|k|kiosk|results|static)(\/|$)/, /^\/healthz$/, /^\/embed\.js$/];

export function enumeratorGate(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.officer?.role !== 'enumerator') return next();
  if (req.path.startsWith('/api/')) {
    res.locals.officer = undefined;
    return next();
  }
  if (OWN.some((r) => r.test(req.path)) || PUBLIC.some((r) => r.test(req.path))) return next();
  res.set('Cache-Control', 'no-store');
  const lang = typeof res.locals.lang === 'string' ? res.locals.lang : 'id';
  if (req.method === 'GET' && req.path === '/dashboard') return void res.redirect(303, assistedUrls.entryList(lang));
  next(new HttpError(403));
}
