// Every app URL is built here. Other code must not build app paths by hand (no `/manage/${code}`
// template strings, no '?lang=' concatenation in handlers or views): add a typed builder here and
// call it. Builders return a path with its query string (never an absolute URL; PUBLIC_URL is added
// where an absolute address is needed, e.g. QR codes). Codes and ids are URL-encoded here.

/** A query: parameters with an undefined value are left out; the order given is kept. */
export type Query = Record<string, string | undefined>;

/** `path?query`, or the bare path when nothing is left in the query. */
export function withQuery(path: string, query: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) p.set(k, v);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The same URL with more parameters (added last, replacing any of the same name); the fragment kept. */
function addQuery(href: string, query: Query): string {
  const [rest = '', hash] = href.split('#', 2);
  const [path = '', qs = ''] = rest.split('?', 2);
  const p = new URLSearchParams(qs);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) p.set(k, v);
  const out = p.toString();
  return `${path}${out ? `?${out}` : ''}${hash === undefined ? '' : `#${hash}`}`;
}

/** Post/redirect/get: the page again, with the saved notice. */
export const savedUrl = (href: string): string => addQuery(href, { saved: '1' });

const seg = (s: string | number): string => encodeURIComponent(String(s));

// ---- citizens ---------------------------------------------------------------------------------

/** The list of services (the home page). */
export const homeUrl = (lang?: string): string => withQuery('/', { lang });

/** A service's survey; `query` keeps channel and embed mode (see survey/form-model.ts surveyFormUrl). */
export const surveyUrl = (code: string, query: Query = {}): string => withQuery(`/s/${seg(code)}`, query);
/** A survey's thank-you page; `base` is where the survey is served (surveyUrl's path, or a verified entry's such as counterUrl). */
export const surveyThanksUrl = (base: string, query: Query = {}): string => withQuery(`${base}/thanks`, query);
/** An officer's preview of a service's survey (contract "Preview": it stores nothing). */
export const surveyPreviewUrl = (code: string, lang: string): string => surveyUrl(code, { lang, preview: '1' });

/** The survey widget other sites include (contract "Reach"). */
export const EMBED_SCRIPT_PATH = '/embed.js';
/** A kiosk (contract "Reach"), its answer queue's endpoint, the officer's way out, and its service worker (scope /kiosk/). */
export const kioskUrl = (token: string, query: Query = {}): string => withQuery(`/kiosk/${seg(token)}`, query);
export const kioskResponsesUrl = (token: string): string => `/kiosk/${seg(token)}/responses`;
export const kioskExitUrl = (token: string): string => `/kiosk/${seg(token)}/exit`;
export const KIOSK_WORKER_PATH = '/kiosk/sw.js';
/** A counter link (contract "Reach": printed on posters) and its thank-you page. */
export const counterUrl = (token: string, query: Query = {}): string => withQuery(`/k/${seg(token)}`, query);
/** The QR code of a service's plain survey link (?ch=qr), public: svg or png. */
export const surveyQrUrl = (code: string, format: 'svg' | 'png' = 'svg'): string => `/s/${seg(code)}/qr.${format}`;

/** The same page in another language: `path` with the language first, then the page's other parameters. */
export const languageUrl = (path: string, lang: string, query: Query = {}): string => withQuery(path, { lang, ...query });

// ---- officers: reach (counter links, kiosks, embedding, posters; server/reach/) ---------------

const reachBase = (code: string): string => `/manage/services/${seg(code)}/reach`;
export const reachUrls = {
  /** a service's reach page (dashboards link it with a[data-reach]) */
  page: (code: string, lang: string, query: Query = {}) => withQuery(reachBase(code), { lang, ...query }),
  counters: (code: string, lang: string) => withQuery(`${reachBase(code)}/counters`, { lang }),
  kiosks: (code: string, lang: string) => withQuery(`${reachBase(code)}/kiosks`, { lang }),
  origins: (code: string, lang: string) => withQuery(`${reachBase(code)}/origins`, { lang }),
  revokeCounter: (code: string, id: number, lang: string) => withQuery(`${reachBase(code)}/counters/${seg(id)}/revoke`, { lang }),
  revokeKiosk: (code: string, id: number, lang: string) => withQuery(`${reachBase(code)}/kiosks/${seg(id)}/revoke`, { lang }),
  /** a counter link's QR code (svg or png), officers only */
  counterQr: (code: string, id: number, format: 'svg' | 'png') => `${reachBase(code)}/counters/${seg(id)}/qr.${format}`,
  /** a printable poster (A4) or table card (A6) of the service's plain link or of one counter link */
  poster: (code: string, query: { counter?: string; size?: 'a4' | 'a6'; lang: string }) =>
    withQuery(`${reachBase(code)}/poster`, { counter: query.counter, size: query.size, lang: query.lang }),
};

/** The results API of a scope (results API, contract.md). */
export const apiResultsPath = (target: { kind: 'agency' } | { kind: 'unit' | 'service'; code: string }): string =>
  target.kind === 'agency' ? '/api/v1/agency/results' : `/api/v1/${target.kind}s/${seg(target.code)}/results`;

// ---- officers: sign-in and account ----------------------------------------------------------

export const LOGIN_PATH = '/login';
export const LOGOUT_PATH = '/logout';
export const PASSWORD_PATH = '/account/password';

/** The sign-in form; `next` is where to come back afterwards (a local path, checked by safeNext). */
export const loginUrl = (query: { next?: string; lang?: string } = {}): string => withQuery(LOGIN_PATH, { next: query.next, lang: query.lang });
export const passwordUrl = (lang?: string, query: { changed?: '1' } = {}): string => withQuery(PASSWORD_PATH, { lang, ...query });

// ---- officers: dashboards -------------------------------------------------------------------

export type DashboardTarget = { kind: 'agency' } | { kind: 'unit' | 'service'; code: string };

export function dashboardPath(target: DashboardTarget): string {
  return target.kind === 'agency' ? '/dashboard' : `/dashboard/${target.kind}s/${seg(target.code)}`;
}

/**
 * A dashboard page: the scope's path, the filters' query string (`qs` is Filters.qs: '' or
 * '?period=…'), `extra` adds or replaces parameters, the language last; `hash` without '#'.
 */
export function dashboardHref(target: DashboardTarget | string, qs: string, lang: string, extra: Record<string, string> = {}, hash = ''): string {
  const p = new URLSearchParams(qs.replace(/^\?/, ''));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  p.set('lang', lang);
  return `${typeof target === 'string' ? target : dashboardPath(target)}?${p.toString()}${hash ? `#${hash}` : ''}`;
}

/** The officer's own dashboard (their unit's scope), in a language. */
export const ownDashboardUrl = (lang?: string): string => withQuery('/dashboard', { lang });

// ---- officers: management -------------------------------------------------------------------

export type ScopeKind = 'unit' | 'service';
/** A unit's or service's settings pages. */
export type ScopePage = 'edit' | 'profile' | 'populations' | 'populations/delete';

/** A management page with the page language first, then the other parameters. */
const manage = (path: string, lang: string, query: Query = {}): string => withQuery(`/manage${path}`, { lang, ...query });

export const manageUrls = {
  home: (lang: string) => manage('', lang),
  /** a unit's or service's page: edit form, target profile, populations, deleting a population */
  scope: (kind: ScopeKind, code: string, lang: string, page: ScopePage = 'edit', query: Query = {}) =>
    manage(`/${kind}s/${seg(code)}${page === 'edit' ? '' : `/${page}`}`, lang, query),
  newUnit: (lang: string, parent?: string) => manage('/units/new', lang, { parent }),
  newService: (lang: string, unit?: string) => manage('/services/new', lang, { unit }),
  users: (lang: string) => manage('/users', lang),
  newUser: (lang: string) => manage('/users/new', lang),
  user: (id: number, lang: string, query: Query = {}) => manage(`/users/${seg(id)}`, lang, query),
  tokens: (lang: string, query: Query = {}) => manage('/tokens', lang, query),
  revokeToken: (id: number, lang: string) => manage(`/tokens/${seg(id)}/revoke`, lang),
  audit: (lang: string, query: { kind?: string; page?: string } = {}) => manage('/audit', lang, query),
  /** the audit filter's action (a GET form sends its own fields, lang among them) */
  auditPath: '/manage/audit',
  publication: (lang: string, query: Query = {}) => manage('/publication', lang, query),
  republish: (lang: string) => manage('/publication/republish', lang),
  agency: (lang: string, query: Query = {}) => manage('/agency', lang, query),
};

// ---- the public: published results (server/routes/results.ts) ---------------------------------

export type ResultsTarget = { kind: 'agency' } | { kind: 'unit' | 'service'; code: string };

/** A public results page: the scope's clean path, then period and language (both optional). */
export function resultsUrl(target: ResultsTarget, query: { period?: string; lang?: string } = {}): string {
  const path = target.kind === 'agency' ? '/results' : `/results/${target.kind}s/${seg(target.code)}`;
  return withQuery(path, { period: query.period, lang: query.lang });
}

// ---- officers: the publication log (server/publication/log-page.ts) ---------------------------

/** The log of one scope (`agency`, `unit:CODE`, `service:CODE`) and period. */
export const publicationLogUrl = (lang: string, query: { scope?: string; period?: string; saved?: string } = {}): string =>
  withQuery('/manage/publication-log', { lang, scope: query.scope, period: query.period, saved: query.saved });
export const publicationLogRemoveUrl = (id: number, lang: string): string => withQuery(`/manage/publication-log/${seg(id)}/remove`, { lang });

// ---- officers: follow-up plans (RTL) and the SKM report -------------------------------------

/** A scope of a follow-up plan or a report: the officer's whole scope (agency or own unit), a unit, a service. */
export type PlanTarget = { kind: 'agency' } | { kind: 'unit' | 'service'; code: string };

const planPath = (base: '/followup' | '/report', target: PlanTarget): string =>
  target.kind === 'agency' ? base : `${base}/${target.kind}s/${seg(target.code)}`;

export const followUpUrls = {
  /** the plan of a scope made from one period's results */
  plan: (target: PlanTarget, lang: string, period?: string, query: Query = {}) => withQuery(planPath('/followup', target), { period, lang, ...query }),
  newAction: (target: PlanTarget, lang: string, period: string, query: Query = {}) =>
    withQuery(`${planPath('/followup', target)}/actions/new`, { period, lang, ...query }),
  action: (id: number, lang: string) => withQuery(`/followup/actions/${seg(id)}`, { lang }),
  deleteAction: (id: number, lang: string) => withQuery(`/followup/actions/${seg(id)}/delete`, { lang }),
  /** the national evaluations' scores of every unit in the officer's subtree, for one year */
  evaluation: (lang: string, year?: string) => withQuery('/followup/evaluation', { year, lang }),
  /** a unit's evidence pack (zip) for one year */
  evidence: (unitCode: string, lang: string, year: string) => withQuery(`/followup/evaluation/units/${seg(unitCode)}/evidence.zip`, { year, lang }),
};

export const reportUrls = {
  /** the SKM report of a scope and period (dashboards link it with a[data-report]) */
  report: (target: PlanTarget, lang: string, period?: string, figures?: 'live') => withQuery(planPath('/report', target), { period, lang, figures }),
  chapter: (target: PlanTarget, chapter: string, lang: string, period: string) =>
    withQuery(`${planPath('/report', target)}/chapters/${seg(chapter)}`, { period, lang }),
};

// ---- officers: exports (server/routes/exports.ts) -------------------------------------------

export type ExportFile = `${'results' | 'responses'}.${'csv' | 'xlsx'}` | 'comments.csv' | 'olah-data.xlsx' | 'followup.csv';

/** An export of a scope (the officer's whole scope, a unit, a service), keeping the dashboard's filters (`qs`: Filters.qs) and the language. */
export function exportUrl(target: PlanTarget, file: ExportFile, qs: string, lang: string, extra: Query = {}): string {
  const path = target.kind === 'agency' ? `/exports/${file}` : `/exports/${target.kind}s/${seg(target.code)}/${file}`;
  return addQuery(withQuery(path, Object.fromEntries(new URLSearchParams(qs.replace(/^\?/, '')))), { ...extra, lang });
}

// ---- officers: assisted entry, paper import, quarantine (server/assisted/) ------------------

export const assistedUrls = {
  /** the services an officer or enumerator may enter interviews for (an enumerator's home) */
  entryList: (lang: string, query: Query = {}) => withQuery('/manage/entry', { lang, ...query }),
  /** the desk form of a service; `query` keeps the way and the date across entries */
  entry: (code: string, lang: string, query: Query = {}) => withQuery(`/manage/services/${seg(code)}/entry`, { lang, ...query }),
  import: (code: string, lang: string, query: Query = {}) => withQuery(`/manage/services/${seg(code)}/import`, { lang, ...query }),
  importTemplate: (code: string, format: 'csv' | 'xlsx', lang: string) => withQuery(`/manage/services/${seg(code)}/import/template.${format}`, { lang }),
  importConfirm: (code: string, id: string, lang: string) => withQuery(`/manage/services/${seg(code)}/import/${seg(id)}/confirm`, { lang }),
  /** the service's optional questions (how the visit ended) */
  questions: (code: string, lang: string, query: Query = {}) => withQuery(`/manage/services/${seg(code)}/questions`, { lang, ...query }),
  quarantine: (lang: string, query: Query = {}) => withQuery('/manage/quarantine', { lang, ...query }),
  quarantineDecide: (lang: string, query: Query = {}) => withQuery('/manage/quarantine/decide', { lang, ...query }),
};
