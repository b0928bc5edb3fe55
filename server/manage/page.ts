import type { Request, Response } from 'express';
import type { TFunction } from 'i18next';
import type { Database, Queryable } from '../data/engine/index.js';
import { signedIn } from '../auth/index.js';
import type { AuditActor } from '../data/audit.js';
import type { PageCache } from '../survey/page-cache.js';
import { manageUrls, savedUrl, withQuery } from '../urls.js';
import { withErrors, type FieldSpec } from './fields.js';
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

/** The signed-in officer's management scope (403 for a viewer) and the request's basics, from the async data layer. */
export async function loadContext(q: Queryable, req: Request, res: Response): Promise<ManageContext> {
  const scope = await loadScope(q, signedIn(res));
  const { userId, email } = scope.officer;
  const { lang, t, num, period } = res.locals;
  return { scope, actor: { userId, email }, lang, t, num, period, body: (req.body ?? {}) as Record<string, unknown> };
}

/** The management pages' own navigation: every editor the first three, an admin all. */
function manageNav(res: Response): Array<{ href: string; text: string }> {
  const { lang, t } = res.locals;
  const links = [
    { href: manageUrls.home(lang), text: t('manage.nav.overview') },
    { href: manageUrls.users(lang), text: t('manage.nav.users') },
    { href: manageUrls.tokens(lang), text: t('manage.nav.tokens') },
  ];
  if (res.locals.officer?.role !== 'admin') return links;
  return [
    ...links,
    { href: manageUrls.publication(lang), text: t('manage.nav.publication') },
    { href: manageUrls.audit(lang), text: t('manage.nav.audit') },
    { href: manageUrls.agency(lang), text: t('manage.nav.agency') },
  ];
}

/** Renders a management page: never cached, with the saved notice after a redirect (language links come from the i18n middleware). */
export function render(req: Request, res: Response, view: string, model: Record<string, unknown>, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store');
  // field lists (`fields`, `rangeFields` ...) get their error messages and aria-describedby here
  const errors = (model.errors ?? {}) as Record<string, string>;
  const ready = Object.entries(model).map(([k, v]): [string, unknown] => [
    k,
    /^fields$|Fields$/.test(k) && Array.isArray(v) ? withErrors(v as FieldSpec[], errors) : v,
  ]);
  res.render(`manage/${view}`, {
    errors: {},
    errorList: [],
    saved: status === 200 && req.query.saved === '1',
    action: withQuery(req.baseUrl + req.path, { lang: res.locals.lang }),
    manageNav: manageNav(res),
    ...Object.fromEntries(ready),
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

/** Post/redirect/get: 303 to the page (a URL from server/urls.ts) with the saved notice. */
export function savedRedirect(res: Response, href: string): void {
  res.redirect(303, savedUrl(href));
}
