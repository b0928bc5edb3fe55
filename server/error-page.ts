import type { Request, Response } from 'express';
import type { Database } from './data/engine/index.js';
import { nameIn } from './data/names.js';
import { getUnit } from './data/units.js';
import { HttpError } from './errors.js';
import { homeUrl, ownDashboardUrl } from './urls.js';

// The error page's model: a citizen gets the plain page with a link to the list of services; a
// signed-in officer gets the officer header and a way back to their own dashboard, so a refused
// page (403) is never a dead end. Only an access refusal is titled "no access": a 403 for another
// reason (an expired form's CSRF token) keeps the general title and its own message.

export interface ErrorPage {
  status: number;
  message: string;
  title: string;
  stack: string | null;
  /** signed-in officers: where their own dashboard is, and its link text */
  back: { href: string; text: string } | null;
  /** everyone else: the list of services */
  home: string;
  /** render with the officer header (needs the language links of the i18n middleware) */
  officerPage: boolean;
}

function titleKey(err: unknown, status: number): string {
  if (status === 404) return 'errors.title_404';
  if (status >= 500) return 'errors.title_500';
  if (status === 403 && (!(err instanceof HttpError) || err.messageKey === 'errors.http_403')) return 'errors.title_403';
  return 'errors.title_other';
}

export async function errorPage(
  store: Database,
  err: unknown,
  req: Request,
  res: Response,
  status: number,
  message: string,
  stack: string | null,
): Promise<ErrorPage> {
  const { t, lang } = res.locals;
  const officer = res.locals.officer;
  let back: ErrorPage['back'] = null;
  if (officer) {
    // the officer's own dashboard (/dashboard is their unit's scope), named after their unit when it can be read
    const unit = await getUnit(store, officer.unitId).catch(() => undefined);
    back = {
      href: ownDashboardUrl(lang),
      text: unit ? t('errors.dashboard_link', { unit: nameIn(unit, lang) }) : t('errors.own_dashboard_link'),
    };
  }
  return {
    status,
    message,
    title: t(titleKey(err, status)),
    stack,
    back,
    home: homeUrl(lang),
    officerPage: Boolean(officer) && Object.prototype.hasOwnProperty.call(res.locals, 'languages') && !req.path.startsWith('/s/'),
  };
}
