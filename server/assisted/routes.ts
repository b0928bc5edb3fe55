import { Router } from 'express';
import { requireOfficer } from '../auth/index.js';
import type { Database } from '../data/engine/index.js';
import type { PageCache } from '../survey/page-cache.js';
import { entryPages } from './entry-pages.js';
import { importPages } from './import-pages.js';
import { quarantinePages } from './quarantine-pages.js';
import { questionsPage } from './questions-page.js';

// Issue 10, officers' side (mounted before the management router, whose guard admits admins and
// managers only; each handler checks role and subtree itself):
//   GET       /manage/entry                                  services to enter interviews for (admins, managers, enumerators)
//   GET|POST  /manage/services/:code/entry                   the desk form (channel assisted, way, interview date, officer)
//   GET|POST  /manage/services/:code/import                  import page; the upload (multipart, server/assisted/upload.ts) -> report
//   GET       /manage/services/:code/import/template.:format  the template, csv or xlsx, in the page language
//   POST      /manage/services/:code/import/:id/confirm      stores a checked file whole
//   GET|POST  /manage/services/:code/questions               ask how the visit ended (admins, managers; audited)
//   GET       /manage/quarantine                             suspicious responses (admins, managers; ?state=open|excluded|kept)
//   POST      /manage/quarantine/decide                      exclude or restore one (kind, id, decision; audited)

export function assistedRoutes(store: Database, surveyPages: PageCache): Router {
  const entry = entryPages(store);
  const imports = importPages(store);
  const quarantine = quarantinePages(store);
  const questions = questionsPage(store, surveyPages);
  const router = Router();
  router.use(
    ['/manage/entry', '/manage/quarantine', '/manage/services/:code/entry', '/manage/services/:code/import', '/manage/services/:code/questions'],
    requireOfficer,
  );
  router.get('/manage/entry', entry.list);
  router.get('/manage/services/:code/entry', entry.form);
  router.post('/manage/services/:code/entry', entry.save);
  router.get('/manage/services/:code/import', imports.show);
  router.post('/manage/services/:code/import', imports.upload);
  router.get('/manage/services/:code/import/template.:format', imports.template);
  router.post('/manage/services/:code/import/:id/confirm', imports.confirm);
  router.get('/manage/services/:code/questions', questions.show);
  router.post('/manage/services/:code/questions', questions.save);
  router.get('/manage/quarantine', quarantine.list);
  router.post('/manage/quarantine/decide', quarantine.decide);
  return router;
}
