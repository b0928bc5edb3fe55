import { Router, type NextFunction, type Request, type Response } from 'express';
import { getAgency } from '../data/agency.js';
import { getAgencyFooter } from '../data/agency-footer.js';
import { counterByToken } from '../data/counters.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { HttpError } from '../errors.js';
import { languageLinks } from '../i18n.js';
import { footerModel } from '../survey/footer.js';
import { counterUrl, homeUrl, surveyUrl } from '../urls.js';
import { setSurveyEntry } from './survey-entry.js';

// Mounted at /k (ahead of the officer middleware, as /s is: citizens' posts carry no session):
//   GET  /k/:token          the survey of the token's service, channel qr, with the counter
//   POST /k/:token          stores the response with the counter of the verified token
//   GET  /k/:token/thanks   the thank-you page, whose "again" link comes back here
// Revoked or expired: 410 naming the service and linking to its plain survey. Unknown: 404.
// The token is checked on every request, and the counter comes only from it (never from the form);
// the survey router then serves, validates, limits and stores exactly as for /s/.

export function counterRoutes(store: Database, survey: Router): Router {
  const router = Router();
  router.use('/:token', async (req: Request, res: Response, next: NextFunction) => {
    const token = String(req.params.token);
    if (req.path !== '/' && req.path !== '/thanks') return next(new HttpError(404));
    const found = await counterByToken(store, token);
    if (!found) return next(new HttpError(404));
    if (found.state !== 'active') return gone(store, req, res, found.service);
    setSurveyEntry(req, { base: counterUrl(token), channel: 'qr', counterId: found.counter.id });
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    req.url = `/${found.service.code}${req.path === '/' ? '' : req.path}${query}`;
    survey(req, res, next);
  });
  return router;
}

/** 410: the link was revoked or has expired; the page names the service and links to its plain survey. */
async function gone(store: Database, req: Request, res: Response, service: { code: string; name_id: string; name_en: string; active: number }): Promise<void> {
  const { lang, t } = res.locals;
  const agency = await getAgency(store);
  const serviceName = nameIn(service, lang);
  res.status(410).set('Cache-Control', 'no-store');
  res.render('reach/gone', {
    title: t('reach.gone.title', { service: serviceName }),
    serviceName,
    agencyName: agency ? nameIn(agency, lang) : '',
    surveyHref: service.active ? surveyUrl(service.code, { lang }) : null,
    home: homeUrl(lang),
    languages: languageLinks(req.baseUrl + req.path.replace(/\/$/, ''), lang),
    footer: footerModel(await getAgencyFooter(store), lang),
  });
}
