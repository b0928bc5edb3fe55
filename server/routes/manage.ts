import { Router } from 'express';
import type { Database } from '../data/engine/index.js';
import { requireAdmin, requireEditor } from '../auth/index.js';
import { agencySettingsPage } from '../manage/agency-settings.js';
import { auditPage } from '../manage/audit-page.js';
import { indexPage } from '../manage/index-page.js';
import { publicationPage } from '../manage/publication-page.js';
import { scopeSettingsPages } from '../manage/scope-settings-pages.js';
import { servicePages } from '../manage/service-pages.js';
import { tokenPages } from '../manage/token-pages.js';
import { unitPages } from '../manage/unit-pages.js';
import { userPages } from '../manage/user-pages.js';
import type { PageCache } from '../survey/page-cache.js';

//   GET       /manage                                  units and services in the officer's subtree
//   GET|POST  /manage/units/new                        new unit (?parent=code)
//   GET|POST  /manage/units/:code                      names, code, parent (move), active, published, target
//   GET|POST  /manage/units/:code/profile              target profile: shares per group, per dimension
//   GET|POST  /manage/units/:code/populations          users served per period (list, add or replace)
//   POST      /manage/units/:code/populations/delete   remove one period's figure
//   GET|POST  /manage/services/new                     new service (?unit=code)
//   GET|POST  /manage/services/:code                   names, code, unit (move), active, published, target, embed origins
//   GET|POST  /manage/services/:code/profile           as for units
//   GET|POST  /manage/services/:code/populations       as for units
//   POST      /manage/services/:code/populations/delete
//   GET       /manage/users                            accounts in the officer's subtree
//   GET|POST  /manage/users/new                        new account (POST /manage/users too)
//   GET|POST  /manage/users/:id                        name, role, unit, active, new password
//   GET|POST  /manage/tokens                           API tokens: list; create (the secret is shown once, 201)
//   POST      /manage/tokens/:id/revoke                revoke
//   GET       /manage/audit                            audit log, admins only (?kind, ?page)
//   GET       /manage/publication                      frozen (published) months and their late responses, admins only
//   POST      /manage/publication/republish            republish a period (period=2026-07 | 2026-Q3 | ...), audited
//   GET|POST  /manage/agency                           the citizens' pages' footer: contact, complaint channel, privacy; admins only, audited
//
// Admins and managers only (viewers 403, anonymous 303 to /login); every handler checks the
// officer's subtree itself (404 unknown, 403 outside). Posts carry the CSRF token (checked by the
// auth layer for the whole app) and answer 303 to the page with ?saved=1, or 422 with the form.

export function manageRoutes(store: Database, surveyPages: PageCache): Router {
  const deps = { store, surveyPages };
  const units = unitPages(deps);
  const services = servicePages(deps);
  const settings = scopeSettingsPages(deps);
  const users = userPages(deps);
  const tokens = tokenPages(deps);

  const router = Router();
  router.use('/manage', requireEditor);
  router.get('/manage/audit', requireAdmin, auditPage(deps));
  const publication = publicationPage(deps);
  router.get('/manage/publication', requireAdmin, publication.show);
  router.post('/manage/publication/republish', requireAdmin, publication.republish);
  const agency = agencySettingsPage(deps);
  router.get('/manage/agency', requireAdmin, agency.show);
  router.post('/manage/agency', requireAdmin, agency.save);
  router.get('/manage', indexPage(deps));

  router.get('/manage/units/new', units.newForm);
  router.post('/manage/units/new', units.create);
  router.get('/manage/units/:code', units.editForm);
  router.post('/manage/units/:code', units.update);
  router.get('/manage/services/new', services.newForm);
  router.post('/manage/services/new', services.create);
  router.get('/manage/services/:code', services.editForm);
  router.post('/manage/services/:code', services.update);

  for (const kind of ['unit', 'service'] as const) {
    router.get(`/manage/${kind}s/:code/profile`, settings.profileForm(kind));
    router.post(`/manage/${kind}s/:code/profile`, settings.profileSave(kind));
    router.get(`/manage/${kind}s/:code/populations`, settings.populations(kind));
    router.post(`/manage/${kind}s/:code/populations`, settings.populationSave(kind));
    router.post(`/manage/${kind}s/:code/populations/delete`, settings.populationDelete(kind));
  }

  router.get('/manage/users', users.list);
  router.get('/manage/users/new', users.newForm);
  router.post(['/manage/users', '/manage/users/new'], users.create);
  router.get('/manage/users/:id', users.editForm);
  router.post('/manage/users/:id', users.update);

  router.get('/manage/tokens', tokens.list);
  router.post('/manage/tokens', tokens.create);
  router.post('/manage/tokens/:id/revoke', tokens.revoke);
  return router;
}
