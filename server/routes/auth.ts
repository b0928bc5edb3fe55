import { Router, type Request, type Response } from 'express';
import { getAgency } from '../data/agency.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { noteSignIn, setPasswordHash } from '../data/users.js';
import type { CsrfGuard } from '../auth/csrf.js';
import { requireOfficer, safeNext, signedIn } from '../auth/middleware.js';
import { hashPassword, newPasswordProblem, PASSWORD_MAX, PASSWORD_MIN } from '../auth/passwords.js';
import type { Sessions } from '../auth/sessions.js';
import { loginFields, passwordFields } from '../auth/forms.js';
import { checkCurrentPassword, checkSignIn } from '../auth/sign-in.js';
import { clientThrottle, minutes, type SignInThrottle } from '../auth/throttle.js';
import { LANGUAGES, languageLinks } from '../i18n.js';
import { LOGIN_PATH, loginUrl, ownDashboardUrl, PASSWORD_PATH, passwordUrl } from '../urls.js';

//   GET  /login              sign-in form (?next=/local/path, ?lang)
//   POST /login              303 to ?next or /dashboard (to /account/password after a reset by someone else);
//                            422 empty field; 401 wrong email or password; 429 throttled
//   POST /logout             end the session: 303 to /login
//   GET  /account/password   change-password form (?changed=1 after a change)
//   POST /account/password   303 back to the form; 422 per field; 429 throttled

export interface AuthDeps {
  /** the engine-neutral async database: the agency, accounts, sessions and sign-in failures */
  store: Database;
  sessions: Sessions;
  csrf: CsrfGuard;
  throttle: SignInThrottle;
}

type Errors = Record<string, string>;

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- the same, every one of them
const CONTROL_ALL = /[\u0000-\u001f\u007f]/g;

/** ?next as given (when it is a local path), for the form's action and the language links. */
function loginQuery(req: Request): { next?: string } {
  const next = safeNext(req.query.next);
  return next ? { next } : {};
}

/** The language asked for in ?lang, kept on form actions and redirects (else the browser's choice applies). */
const explicitLang = (req: Request): string | undefined => {
  const q = req.query.lang;
  return typeof q === 'string' && LANGUAGES.includes(q) ? q : undefined;
};

export function authRoutes({ store, sessions, csrf, throttle }: AuthDeps): Router {
  const router = Router();

  async function renderLogin(req: Request, res: Response, status: number, email = '', errors: Errors = {}, summary: string | null = null): Promise<void> {
    const { lang, t } = res.locals;
    const agency = await getAgency(store);
    const query = loginQuery(req);
    const errorList = summary ? [{ href: '#f-email', message: summary }] : Object.entries(errors).map(([field, message]) => ({ href: `#f-${field}`, message }));
    csrf.token(req, res);
    res.status(status).set('Cache-Control', 'no-store');
    res.render('auth/login', {
      title: t('auth.login.title'),
      agencyName: agency ? nameIn(agency, lang) : 'Mutu',
      languages: languageLinks(LOGIN_PATH, lang, query),
      action: loginUrl({ ...query, lang: explicitLang(req) }),
      fields: loginFields(t, email, errors),
      errorList,
    });
  }

  const perClient = clientThrottle(throttle.policy, async (req, res) => {
    const retryAfterS = Number(res.getHeader('retry-after'));
    const minutesLeft = minutes(Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS * 1000 : throttle.policy.windowMs);
    await renderLogin(
      req,
      res,
      429,
      str((req.body as Record<string, unknown> | undefined)?.email, 254).trim(),
      {},
      res.locals.t('auth.errors.too_many', { minutes: minutesLeft }),
    );
  });

  router.get('/login', async (req, res) => {
    if (res.locals.officer) return void res.redirect(303, safeNext(req.query.next) ?? ownDashboardUrl(explicitLang(req)));
    await renderLogin(req, res, 200);
  });

  router.post('/login', perClient, async (req, res) => {
    const t = res.locals.t;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = str(body.email, 254).trim();
    const password = str(body.password, PASSWORD_MAX * 4);
    const errors: Errors = {};
    if (!email) errors.email = t('auth.errors.email_required');
    if (!password) errors.password = t('auth.errors.password_required');
    if (Object.keys(errors).length) return renderLogin(req, res, 422, email, errors);
    // no account's address holds a control character (and PostgreSQL refuses a NUL): wrong, without asking the database
    if (CONTROL.test(email)) return renderLogin(req, res, 401, email.replace(CONTROL_ALL, ''), {}, t('auth.errors.invalid'));

    const result = await checkSignIn(store, throttle, email, password);
    if (!result.ok && result.reason === 'locked') return renderLogin(req, res, 429, email, {}, t('auth.errors.locked', { minutes: minutes(result.ms) }));
    if (!result.ok) return renderLogin(req, res, 401, email, {}, t('auth.errors.invalid'));

    const { user } = result;
    const passwordChangeRequired = user.must_change_password === 1;
    await sessions.start(req, res, { userId: user.id, email: user.email, name: user.name, role: user.role, unitId: user.unit_id }, { passwordChangeRequired });
    csrf.forgetLoginToken(req, res);
    await noteSignIn(store, user.id);
    if (passwordChangeRequired) return res.redirect(303, passwordUrl(explicitLang(req)));
    res.redirect(303, safeNext(req.query.next) ?? ownDashboardUrl(explicitLang(req)));
  });

  router.post('/logout', async (req, res) => {
    await sessions.end(req, res);
    res.redirect(303, loginUrl());
  });

  function renderPassword(req: Request, res: Response, status: number, errors: Errors = {}): void {
    const { lang, t } = res.locals;
    res.status(status).set('Cache-Control', 'no-store');
    res.render('auth/password', {
      title: t('auth.password.title'),
      languages: languageLinks(PASSWORD_PATH, lang),
      action: passwordUrl(explicitLang(req)),
      changed: status === 200 && req.query.changed === '1',
      mustChange: res.locals.passwordChangeRequired === true,
      rules: t('auth.password.rules', { min: PASSWORD_MIN }),
      fields: passwordFields(t, errors, PASSWORD_MIN, 'h-new-password'),
      username: signedIn(res).email,
      errorList: Object.entries(errors).map(([field, message]) => ({ href: `#f-${field.replaceAll('_', '-')}`, message })),
    });
  }

  router.get('/account/password', requireOfficer, (req, res) => renderPassword(req, res, 200));

  router.post('/account/password', requireOfficer, async (req, res) => {
    const t = res.locals.t;
    const officer = signedIn(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const current = str(body.current_password, PASSWORD_MAX * 4);
    const next = str(body.new_password, PASSWORD_MAX * 4 + 1);
    const confirm = str(body.confirm_password, PASSWORD_MAX * 4 + 1);
    const errors: Errors = {};
    if (!current) errors.current_password = t('auth.errors.current_required');
    const problem = newPasswordProblem(next, officer.email);
    if (problem) errors.new_password = t(problem, { min: PASSWORD_MIN, max: PASSWORD_MAX });
    else if (next === current) errors.new_password = t('auth.errors.new_password_same');
    if (!problem && next !== confirm) errors.confirm_password = t('auth.errors.confirm_mismatch');
    if (Object.keys(errors).length) return renderPassword(req, res, 422, errors);

    const check = await checkCurrentPassword(store, throttle, officer.email, current);
    if (typeof check === 'object') return renderPassword(req, res, 429, { current_password: t('auth.errors.locked', { minutes: minutes(check.locked) }) });
    if (check === 'wrong') return renderPassword(req, res, 422, { current_password: t('auth.errors.current_wrong') });

    const passwordHash = await hashPassword(next);
    await setPasswordHash(store, officer.userId, passwordHash);
    await sessions.endOthers(req, officer.userId);
    await sessions.start(req, res, officer);
    res.redirect(303, passwordUrl(explicitLang(req), { changed: '1' }));
  });

  return router;
}
