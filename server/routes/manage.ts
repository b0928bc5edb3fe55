import { Router } from 'express';
import type { Database } from '../data/engine/index.js';
import { requireAdmin as admin, requireEditor as editor } from '../auth/index.js';
import { auditRoutes } from '../manage/audit/routes.js';
import { overviewRoutes } from '../manage/overview.js';
import { serviceRoutes } from '../manage/services/routes.js';
import { agencyRoutes } from '../manage/settings/agency.js';
import { populationRoutes } from '../manage/settings/populations.js';
import { profileRoutes } from '../manage/settings/profiles.js';
import { publicationRoutes } from '../manage/settings/publication.js';
import { tokenRoutes } from '../manage/tokens/routes.js';
import { unitRoutes } from '../manage/units/routes.js';
import { userRoutes } from '../manage/users/routes.js';
import type { PageCache } from '../survey/page-cache.js';

// Management: one line per route, method, path, guard, handler. `editor` lets admins and managers
// in (viewers 403, anonymous 303 to /login), `admin` admins only. Every handler also checks the
// officer's subtree itself (404 unknown, 403 outside). Posts carry the CSRF token (checked by the
// auth middleware for the whole app) and answer 303 to the page with ?saved=1, or 422 with the form.
// Each resource is one module under server/manage/ (its handlers, form and page model together).

export function manageRoutes(store: Database, surveyPages: PageCache): Router {
  const deps = { store, surveyPages };
  const overview = overviewRoutes(deps);
  const units = unitRoutes(deps);
  const services = serviceRoutes(deps);
  const profiles = profileRoutes(deps);
  const populations = populationRoutes(deps);
  const users = userRoutes(deps);
  const tokens = tokenRoutes(deps);
  const audit = auditRoutes(deps);
  const publication = publicationRoutes(deps);
  const agency = agencyRoutes(deps);
  const r = Router();

  r.get('/manage', editor, overview.show); //                                            units and services in the officer's subtree
  r.get('/manage/units/new', editor, units.newForm); //                                   ?parent=code
  r.post('/manage/units/new', editor, units.create);
  r.get('/manage/units/:code', editor, units.editForm); //                                names, code, parent (move), active, published, target
  r.post('/manage/units/:code', editor, units.update);
  r.get('/manage/services/new', editor, services.newForm); //                             ?unit=code
  r.post('/manage/services/new', editor, services.create);
  r.get('/manage/services/:code', editor, services.editForm); //                          ... unit (move), embed origins
  r.post('/manage/services/:code', editor, services.update);

  r.get('/manage/units/:code/profile', editor, profiles.form('unit')); //                 target profile: shares per group, per dimension
  r.post('/manage/units/:code/profile', editor, profiles.save('unit'));
  r.get('/manage/services/:code/profile', editor, profiles.form('service'));
  r.post('/manage/services/:code/profile', editor, profiles.save('service'));
  r.get('/manage/units/:code/populations', editor, populations.list('unit')); //          users served per period (list, add or replace)
  r.post('/manage/units/:code/populations', editor, populations.save('unit'));
  r.post('/manage/units/:code/populations/delete', editor, populations.remove('unit')); // one period's figure
  r.get('/manage/services/:code/populations', editor, populations.list('service'));
  r.post('/manage/services/:code/populations', editor, populations.save('service'));
  r.post('/manage/services/:code/populations/delete', editor, populations.remove('service'));

  r.get('/manage/users', editor, users.list); //                                          accounts in the officer's subtree
  r.get('/manage/users/new', editor, users.newForm);
  r.post(['/manage/users', '/manage/users/new'], editor, users.create);
  r.get('/manage/users/:id', editor, users.editForm); //                                  name, role, unit, active, new password
  r.post('/manage/users/:id', editor, users.update);

  r.get('/manage/tokens', editor, tokens.list); //                                        API tokens
  r.post('/manage/tokens', editor, tokens.create); //                                     the secret is shown once (201)
  r.post('/manage/tokens/:id/revoke', editor, tokens.revoke);

  r.get('/manage/audit', admin, audit.show); //                                           ?kind, ?page
  r.get('/manage/publication', admin, publication.show); //                               frozen months and their late responses
  r.post('/manage/publication/republish', admin, publication.republish); //               period=2026-07 | 2026-Q3 | ...
  r.get('/manage/agency', admin, agency.show); //                                         citizens' footer: contact, complaint channel, privacy
  r.post('/manage/agency', admin, agency.save);
  return r;
}
