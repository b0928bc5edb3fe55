import type { Request, Response } from 'express';
import type { TFunction } from 'i18next';
import type { Database, Queryable } from '../data/engine/index.js';
import { officerOf } from '../auth/index.js';
import type { AuditActor } from '../data/audit.js';
import type { PageCache } from '../survey/page-cache.js';
import { translateErrors, type FormErrors } from './form.js';
import { loadScope, type ManageScope } from './scope.js';

// What every management handler starts from and ends with.

export interface ManageDeps {
  /** the engine-neutral async database (server/data/engine) */
  store: Database;
  /** rendered survey pages: cleared after any change to what they show */
  surveyPages: PageCache;
}

export interface ManageContext {
  scope: ManageScope;
  actor: AuditActor;
  lang: string;
  t: TFunction;
  /** numbers in the page language (res.locals.num) */
  num: Express.Locals['num'];
  /** periods in words (res.locals.period) */
  period: Express.Locals['period'];
  body: Record<string, unknown>;
}

function contextWith(scope: ManageScope, req: Request, res: Response): ManageContext {
  const officer = scope.officer;
  return {
    scope,
    actor: { userId: officer.userId, email: officer.email },
    lang: res.locals.lang,
    t: res.locals.t,
    num: res.locals.num,
    period: res.locals.period,
    body: (req.body ?? {}) as Record<string, unknown>,
  };
}

/** The signed-in officer's management scope (403 for a viewer) and the request's basics, from the async data layer. */
export async function loadContext(q: Queryable, req: Request, res: Response): Promise<ManageContext> {
  return contextWith(await loadScope(q, officerOf(res)), req, res);
}

/** A path with the page language (and other parameters) in its query. */
export function href(path: string, lang: string, query: Record<string, string> = {}): string {
  return `${path}?${new URLSearchParams({ lang, ...query }).toString()}`;
}

/** Renders a management page: never cached, with the saved notice after a redirect (language links come from the i18n middleware). */
export function render(req: Request, res: Response, view: string, model: Record<string, unknown>, status = 200): void {
  const lang = res.locals.lang;
  res.status(status).set('Cache-Control', 'no-store');
  res.render(`manage/${view}`, {
    errors: {},
    errorList: [],
    saved: status === 200 && req.query.saved === '1',
    action: href(req.path, lang),
    ...model,
  });
}

/** A form that did not pass: 422, the values as typed, messages by the fields and in the summary. */
export function renderInvalid(
  req: Request,
  res: Response,
  view: string,
  model: Record<string, unknown>,
  errors: FormErrors,
  link?: (field: string) => string,
): void {
  render(req, res, view, { ...model, ...translateErrors(res.locals.t, errors, link) }, 422);
}

/** Post/redirect/get: 303 to the page with the saved notice. */
export function savedRedirect(res: Response, path: string): void {
  res.redirect(303, href(path, res.locals.lang, { saved: '1' }));
}
