import { Router, type Request, type Response } from 'express';
import { requireEditor } from '../auth/index.js';
import { getAgency } from '../data/agency.js';
import { getAgencyFooter } from '../data/agency-footer.js';
import { dateBounds } from '../data/bounds.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { firstResponseDate } from '../data/publications.js';
import { HttpError } from '../errors.js';
import { localDate } from '../indicators/periods.js';
import { followUpReader } from '../publication/followup.js';
import { publicationLogPage } from '../publication/log-page.js';
import { publicPageModel, type FollowUpReader, type PublicPageModel } from '../publication/model.js';
import { publicPeriod } from '../publication/period.js';
import { PublicResultsCache } from '../results/public-cache.js';
import { resolveScope, type ScopeKind } from '../results/scope.js';
import { footerModel } from '../survey/footer.js';
import { homeUrl } from '../urls.js';

//   GET /results                    the agency's published results       (?period=2026-Q3 | 2026-07 | 2026-S2 | 2026, ?lang)
//   GET /results/units/:code        a published unit's results
//   GET /results/services/:code     a published service's results
//
// Public, no sign-in, no script. One completed whole period (default: the last complete quarter);
// unpublished or unknown scope 404; a period that is not public 400. The figures are the public API's
// (computePublicResults, under disclosure control); pages are kept until the cache version moves (a
// management change, a publication log entry, a republication), never rebuilt by a new response.

export interface ResultsRouteOptions {
  now?: () => Date;
  /** the published follow-up actions of a scope and period (null: none published yet) */
  followUp?: FollowUpReader;
  /** PUBLIC_URL when set (config.publicUrlSet): canonical, hreflang and og:url links are absolute */
  publicUrl?: string | null;
}

export function resultsRoutes(
  store: Database,
  { now = () => new Date(), followUp = followUpReader(store), publicUrl = null }: ResultsRouteOptions = {},
): Router {
  const router = Router();
  const cache = new PublicResultsCache<PublicPageModel>(store, 500);

  function page(kind: ScopeKind) {
    return async (req: Request, res: Response): Promise<void> => {
      const l = res.locals;
      const code = req.params.code as string | undefined;
      const agency = await getAgency(store);
      const scope = agency ? await resolveScope(store, kind, code) : undefined;
      if (!agency || !scope || !scope.published) throw new HttpError(404, 'public.errors.not_found');
      const at = now();
      const bounds = await dateBounds(store, at);
      const choice = publicPeriod(req.query.period, agency.time_zone, at, bounds);
      if (!choice.ok) throw new HttpError(400, choice.key, choice.params);
      const period = choice.period;
      const firstDate = await firstResponseDate(store);
      const key = `${kind}:${scope.code}:${period.label}:${l.lang}:${localDate(at, agency.time_zone)}`;
      const model = await cache.get(key, () =>
        publicPageModel({ store, scope, period, k: agency.min_group_size, timeZone: agency.time_zone, now: at, firstDate, l, followUp, publicUrl }),
      );
      res.set({ 'Cache-Control': 'public, max-age=300', Vary: 'Accept-Language', 'Content-Language': l.lang });
      res.render('results/page', {
        ...model,
        agency: nameIn(agency, l.lang),
        defaulted: choice.defaulted,
        homeHref: homeUrl(l.lang),
        footer: footerModel(await getAgencyFooter(store), l.lang),
      });
    };
  }

  router.get('/results', page('agency'));
  router.get('/results/units/:code', page('unit'));
  router.get('/results/services/:code', page('service'));
  return router;
}

//   GET   /manage/publication-log              the publication log of one scope and period (?scope=agency|unit:CODE|service:CODE, ?period)
//   POST  /manage/publication-log              add an entry (audited)
//   POST  /manage/publication-log/:id/remove   remove an entry (audited)
//
// Admins and unit managers, each for the scopes of their own subtree (viewers 403, anonymous 303 to
// /login); posts carry the CSRF token (checked by the auth layer); 422 with the values kept, else 303.

export function publicationLogRoutes(store: Database, { now }: { now?: () => Date } = {}): Router {
  const router = Router();
  const page = publicationLogPage(store, now);
  router.get('/manage/publication-log', requireEditor, page.show);
  router.post('/manage/publication-log', requireEditor, page.add);
  router.post('/manage/publication-log/:id/remove', requireEditor, page.remove);
  return router;
}
