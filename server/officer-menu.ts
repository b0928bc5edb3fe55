import type { NextFunction, Request, Response } from 'express';
import type { TFunction } from 'i18next';
import type { Officer } from './auth/sessions.js';
import { assistedUrls, LOGOUT_PATH, manageUrls, ownDashboardUrl, passwordUrl, withQuery } from './urls.js';

// The officer header's menu (views/partials/officer-head.ejs): which links a role sees, each ready to
// show (label, href, whether it is the current section), and the sign-out form's action.

export interface MenuLink {
  label: string;
  href: string;
  current: boolean;
}

export interface OfficerMenu {
  /** who is signed in: the sentence and the role's name; null when nobody is */
  who: { signedInAs: string; role: string } | null;
  links: MenuLink[];
  /** the sign-out form's action; null when nobody is signed in (or the page has no CSRF token) */
  signOut: string | null;
}

/** The menu for an officer (undefined: not signed in, e.g. the sign-in or error page) on the page at `path`. */
function officerMenu(officer: Officer | undefined, lang: string, t: TFunction, path: string, csrfToken?: string): OfficerMenu {
  const role = officer?.role;
  const candidates: { show: boolean; label: string; href: string }[] = [
    { show: role !== 'enumerator', label: t('officer.nav.dashboard'), href: ownDashboardUrl(lang) },
    { show: role !== undefined && role !== 'viewer', label: t('assisted.nav.entry'), href: assistedUrls.entryList(lang) },
    { show: role === 'admin' || role === 'manager', label: t('officer.nav.manage'), href: manageUrls.home(lang) },
    { show: role === 'admin', label: t('officer.nav.audit'), href: manageUrls.audit(lang) },
    { show: true, label: t('officer.nav.account'), href: passwordUrl(lang) },
  ];
  const shown = candidates.filter((c) => c.show);
  // the current section: the link whose path is the longest prefix of this page's path
  const pathOf = (href: string): string => href.split('?', 1)[0] ?? href;
  const within = (p: string): boolean => path === p || path.startsWith(`${p}/`);
  const current = shown
    .map((c) => pathOf(c.href))
    .reduce<string | null>((best, p) => (within(p) && (best === null || p.length > best.length) ? p : best), null);
  return {
    who: officer ? { signedInAs: t('officer.signed_in_as', { name: officer.name }), role: t(`officer.roles.${officer.role}`) } : null,
    links: shown.map((c) => ({ label: c.label, href: c.href, current: pathOf(c.href) === current })),
    signOut: officer && csrfToken ? withQuery(LOGOUT_PATH, { lang }) : null,
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the only way to augment Express's global Locals
  namespace Express {
    interface Locals {
      /** the officer header's menu, built when a view asks (after the session middleware has run) */
      officerMenu?: OfficerMenu;
    }
  }
}

/** Middleware: res.locals.officerMenu, built on first read from the officer, language and path at render time. */
export function officerMenuLocals(req: Request, res: Response, next: NextFunction): void {
  Object.defineProperty(res.locals, 'officerMenu', {
    configurable: true,
    enumerable: true,
    get() {
      const { officer, lang, t, csrfToken } = res.locals;
      const menu = officerMenu(officer, lang, t, req.baseUrl + req.path, csrfToken);
      Object.defineProperty(res.locals, 'officerMenu', { value: menu, writable: true, enumerable: true, configurable: true });
      return menu;
    },
  });
  next();
}
