import cookieParser from 'cookie-parser';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Sessions } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Database } from '../data/engine/index.js';
import { subtreeUnitIds } from '../data/units.js';

// Preview (contract "Preview"): an officer opens any survey with ?preview=1 while signed in; the
// page says it is a preview, and its post runs every validation and stores nothing. The survey
// router runs before the session layer, so that a citizen's page costs no cookie parsing and no
// session query: this reads the session only for a request that asks for a preview.

/** Middleware for the survey router: loads the officer's session (res.locals.officer) only when ?preview=1. */
export function previewSession(store: Database, config: Config): RequestHandler {
  const sessions = new Sessions(store, config);
  const cookies = cookieParser();
  return (req: Request, res: Response, next: NextFunction) => {
    if (!asksPreview(req)) return next();
    cookies(req, res, (err?: unknown) => (err ? next(err) : void sessions.load(req, res, next).catch(next)));
  };
}

/** Whether the URL asks for a preview (a post with it never stores, whoever sends it). */
export function asksPreview(req: Request): boolean {
  return req.query.preview === '1';
}

/** The signed-in officer who may preview (one whose reset password must be replaced first may not). */
function previewer(res: Response): { unitId: number } | undefined {
  return res.locals.passwordChangeRequired ? undefined : res.locals.officer;
}

/** Where a preview without a signed-in officer goes: the sign-in page, back here afterwards. */
export function previewLoginUrl(req: Request, res: Response): string | null {
  if (previewer(res)) return null;
  const q = new URLSearchParams({ next: req.originalUrl });
  if (typeof req.query.lang === 'string') q.set('lang', req.query.lang);
  return `/login?${q.toString()}`;
}

/** Whether the previewing officer's subtree holds the unit (they may then preview its closed services too). */
export async function previewCovers(store: Database, req: Request, res: Response, unitId: number): Promise<boolean> {
  const officer = asksPreview(req) ? previewer(res) : undefined;
  return officer ? (await subtreeUnitIds(store, officer.unitId)).includes(unitId) : false;
}
