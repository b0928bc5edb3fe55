import { Router, type Request, type Response } from 'express';
import { requireOfficer } from '../auth/index.js';
import type { Database } from '../data/engine/index.js';
import { getAction, type ActionRow } from '../data/followup.js';
import { HttpError } from '../errors.js';
import { withErrors } from '../manage/fields.js';
import { translateErrors, type FormErrors } from '../manage/form.js';
import type { ScopeKind } from '../results/scope.js';
import { followUpUrls } from '../urls.js';
import { createActionAudited, deleteActionAudited, updateActionAudited } from './actions.js';
import { planContext, scopeOfAction, type PlanContext } from './context.js';
import { actionFormModel } from './form-model.js';
import { actionValues, checkAction, storedValues, type ActionValues } from './form.js';
import { evaluationPage, evidenceDownload } from './evaluation/page.js';
import { followUpPageModel } from './page-model.js';
import { scopeKey } from './scope-key.js';

//   GET       /followup                               the follow-up plan (RTL) of the officer's whole scope (?period=2026-Q3)
//   GET       /followup/units/:code                   a unit's plan
//   GET       /followup/services/:code                a service's plan
//   GET|POST  {one of the above}/actions/new          a new action (?period= the plan's; ?element= proposed)
//   GET|POST  /followup/actions/:id                   edit an action
//   POST      /followup/actions/:id/delete            remove an action
//   GET       /followup/evaluation                    national evaluations (PEKPPP Q6-Q9, Zona Integritas) per unit, ?year=2026
//   GET       /followup/evaluation/units/:code/evidence.zip   a unit's evidence pack for a year
// Officers of the scope read; admins and unit managers change (viewers 403). Every change is
// audited; posts carry the CSRF token; a form that does not pass answers 422 with the values kept.

const ID = /^\d{1,12}$/;

export function followUpRoutes(store: Database): Router {
  const router = Router();
  router.use('/followup', requireOfficer);

  const page = (kind: ScopeKind | 'own') => async (req: Request, res: Response) => {
    const c = await planContext(store, req, res, kind);
    res.render('followup/page', { ...(await followUpPageModel(store, c, res.locals)), saved: req.query.saved === '1' });
  };

  function renderForm(res: Response, c: PlanContext, values: ActionValues, action: ActionRow | null, errors: FormErrors = {}, status = 200) {
    const messages = translateErrors(res.locals.t, errors);
    return actionFormModel(store, c, res.locals, values, action).then((m) =>
      res.status(status).render('followup/form', { ...m, ...messages, fields: withErrors(m.fieldSpecs, messages.errors), saved: false }),
    );
  }

  const editorContext = async (req: Request, res: Response, kind: ScopeKind | 'own') => {
    const c = await planContext(store, req, res, kind);
    if (!c.editor) throw new HttpError(403);
    return c;
  };

  const blank = (req: Request): ActionValues => ({
    ...actionValues({}),
    element: typeof req.query.element === 'string' ? req.query.element.slice(0, 40) : '',
    status: 'planned',
  });

  const newForm = (kind: ScopeKind | 'own') => async (req: Request, res: Response) => {
    const c = await editorContext(req, res, kind);
    await renderForm(res, c, blank(req), null);
  };

  const create = (kind: ScopeKind | 'own') => async (req: Request, res: Response) => {
    const c = await editorContext(req, res, kind);
    const checked = checkAction(actionValues((req.body ?? {}) as Record<string, unknown>), c.today, c.period.from);
    if (!checked.ok) return void (await renderForm(res, c, checked.values, null, checked.errors, 422));
    const actor = { userId: c.officer.userId, email: c.officer.email };
    await createActionAudited(store, actor, scopeKey(c.scope), c.scope.code, c.period.label, checked.result);
    res.redirect(303, followUpUrls.plan(c.target, res.locals.lang, c.period.label, { saved: '1' }));
  };

  /** The action of the URL and the context of its plan (its scope and period). */
  async function actionContext(req: Request, res: Response) {
    const raw = String(req.params.id);
    const action = ID.test(raw) ? await getAction(store, Number(raw)) : undefined;
    if (!action) throw new HttpError(404);
    const scope = await scopeOfAction(store, action);
    if (!scope) throw new HttpError(404);
    const c = await planContext(store, req, res, scope.kind, { scope, period: action.period });
    if (!c.editor) throw new HttpError(403);
    return { action, c };
  }

  for (const [path, kind] of [
    ['/followup', 'own'],
    ['/followup/units/:code', 'unit'],
    ['/followup/services/:code', 'service'],
  ] as const) {
    router.get(`${path}/actions/new`, newForm(kind));
    router.post(`${path}/actions/new`, create(kind));
    if (kind !== 'own') router.get(path, page(kind));
  }
  router.get('/followup', page('own'));
  router.get('/followup/evaluation', evaluationPage(store));
  router.get('/followup/evaluation/units/:code/evidence.zip', evidenceDownload(store));

  router.get('/followup/actions/:id', async (req, res) => {
    const { action, c } = await actionContext(req, res);
    await renderForm(res, c, storedValues(action), action);
  });
  router.post('/followup/actions/:id', async (req, res) => {
    const { action, c } = await actionContext(req, res);
    const checked = checkAction(actionValues((req.body ?? {}) as Record<string, unknown>), c.today, c.period.from);
    if (!checked.ok) return void (await renderForm(res, c, checked.values, action, checked.errors, 422));
    await updateActionAudited(store, { userId: c.officer.userId, email: c.officer.email }, action, c.scope.code, checked.result);
    res.redirect(303, `${followUpUrls.plan(c.target, res.locals.lang, c.period.label, { saved: '1' })}#action-${action.id}`);
  });
  router.post('/followup/actions/:id/delete', async (req, res) => {
    const { action, c } = await actionContext(req, res);
    await deleteActionAudited(store, { userId: c.officer.userId, email: c.officer.email }, action, c.scope.code);
    res.redirect(303, followUpUrls.plan(c.target, res.locals.lang, c.period.label, { saved: '1' }));
  });
  return router;
}
