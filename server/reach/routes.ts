import { Router, type Request, type Response } from 'express';
import { requireEditor } from '../auth/index.js';
import type { Config } from '../config.js';
import { getCounter } from '../data/counters.js';
import type { Database } from '../data/engine/index.js';
import { HttpError } from '../errors.js';
import type { PageCache } from '../survey/page-cache.js';
import { posterCounter, renderPoster } from './poster.js';
import { counterQrTarget } from './qr.js';
import { sendQr } from './qr-routes.js';
import { reachPages } from './reach-pages.js';

// A service's reach page and what hangs off it (unit managers and admins of the service's subtree;
// viewers 403, anonymous 303 to /login; posts carry the CSRF token, checked by the auth layer):
//   GET   /manage/services/:code/reach                        links, kiosks, embedding (a[data-reach] on the dashboard)
//   POST  /manage/services/:code/reach/counters               new counter link (place, optional last day)
//   POST  /manage/services/:code/reach/counters/:id/revoke    revoke a counter link
//   GET   /manage/services/:code/reach/counters/:id/qr.svg    its QR code (also .png)
//   POST  /manage/services/:code/reach/kiosks                 new kiosk (place, optional PIN, services of the unit)
//   POST  /manage/services/:code/reach/kiosks/:id/revoke      revoke a kiosk
//   POST  /manage/services/:code/reach/origins                the origins allowed to embed the survey
//   GET   /manage/services/:code/reach/poster                 printable poster (?size=a4|a6, ?counter=ID, ?lang)

export function reachRoutes(deps: { store: Database; config: Config; surveyPages: PageCache }): Router {
  const { store, config } = deps;
  const pages = reachPages(deps);
  const router = Router();
  const base = '/manage/services/:code/reach';
  router.use(base, requireEditor);
  router.get(base, pages.page);
  router.post(`${base}/counters`, pages.createCounter);
  router.post(`${base}/counters/:id/revoke`, pages.revokeCounter);
  router.get(`${base}/counters/:id/qr.:format`, async (req: Request, res: Response) => {
    const { s } = await pages.service(req, res);
    const format = String(req.params.format);
    const counter = await getCounter(store, pages.idParam(req));
    if ((format !== 'svg' && format !== 'png') || !counter?.token || counter.service_id !== s.id) throw new HttpError(404);
    await sendQr(res, format, counterQrTarget(config, counter.token), `${s.code}-${counter.id}-qr`, 'private, no-store');
  });
  router.post(`${base}/kiosks`, pages.createKiosk);
  router.post(`${base}/kiosks/:id/revoke`, pages.revokeKiosk);
  router.post(`${base}/origins`, pages.saveOrigins);
  router.get(`${base}/poster`, async (req: Request, res: Response) => {
    const { s } = await pages.service(req, res);
    await renderPoster(store, config, req, res, s, await posterCounter(store, req, s));
  });
  return router;
}
