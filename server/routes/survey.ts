import { randomUUID } from 'node:crypto';
import compression from 'compression';
import express, { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { getAgency } from '../data/agency.js';
import { elementTexts } from '../data/elements.js';
import type { Database } from '../data/engine/index.js';
import { nameIn } from '../data/names.js';
import { SubmissionQueue } from '../data/group-commit.js';
import type { FloodPolicy } from '../vocabulary/flood-policy.js';
import { floodMarker } from '../assisted/flood-marks.js';
import { getServiceByCode } from '../data/services.js';
import { getUnit } from '../data/units.js';
import { BUSY_RETRY_AFTER_SECONDS, HttpError, isDbBusy } from '../errors.js';
import { localDate } from '../indicators/timezone.js';
import { allowFraming, allowFramingBySelf, clientLimiting, type ClientLimiting } from '../security.js';
import { getAgencyFooter } from '../data/agency-footer.js';
import { closedModel, ServiceClosed } from '../survey/closed.js';
import { footerModel } from '../survey/footer.js';
import { surveyFormModel, surveyFormUrl, thanksUrl, type SurveyContext } from '../survey/form-model.js';
import { asksPreview, previewCovers, previewLoginUrl } from '../survey/preview.js';
import { surveyEntryOf } from '../reach/survey-entry.js';
import { thanksResultsHref } from '../publication/thanks.js';
import { isUrlChannel, type Channel } from '../vocabulary/profile.js';
import { emptyValues, validateSurvey } from '../survey/validate.js';
import { buildPage, PageCache, PLACEHOLDER, pageBody } from '../survey/page-cache.js';
import { allowedParentOrigin, embedViewScript } from '../survey/embed-view.js';
import { homeUrl } from '../urls.js';

// Mounted at /s (ahead of the officer middleware):
//   GET  /s/:code          the survey form (?lang, ?ch, ?embed=1)
//   POST /s/:code          store a response: 303 to thanks, 422 with the form, 429 when too many,
//                          503 with the form (answers kept) when the database is locked elsewhere
//   GET  /s/:code/thanks   what happens next
// A known service that is closed (inactive, or its unit is) answers 404 with its name and "closed".

export interface SurveyLimits {
  windowMs: number;
  limit: number;
}
const DEFAULT_LIMITS: SurveyLimits = { windowMs: 10 * 60_000, limit: 60 };

const HONEYPOT = 'website';

export interface SurveyRouteOptions {
  /** rate limits for citizens' posts (tests lower them) */
  limits?: Partial<SurveyLimits>;
  /** the survey page cache, which management clears (server/survey/page-cache.ts) */
  pages?: PageCache;
  /** how posts are counted per client (one per app, shared with the other limiters) */
  clients?: ClientLimiting;
  /** flood thresholds (issue 10: suspicious posts are marked, not dropped; tests lower them) */
  floods?: FloodPolicy;
}

export function surveyRoutes(
  store: Database,
  { limits = {}, pages = PageCache.for(store), clients = clientLimiting(store), floods }: SurveyRouteOptions = {},
): Router {
  const router = Router();
  const markFlood = floodMarker(store, clients, floods);
  const queue = SubmissionQueue.for(store);
  const { windowMs, limit } = { ...DEFAULT_LIMITS, ...limits };
  const postLimiter = rateLimit({
    windowMs,
    limit,
    ...clients.limiter('survey'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, 'errors.http_429')),
  });
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 });
  const compressed = compression({ threshold: 1024 });

  /**
   * The service of a code with its unit, the agency and the footer: read once and kept with the
   * survey pages, which every change to them clears (and, on a shared database, the cache version
   * drops), so a post reads nothing but that version before its own insert.
   */
  async function surroundings(code: string) {
    const checking = pages.check();
    const version = checking && (await checking);
    return pages.keep(`surroundings|${code}`, version, async () => {
      const service = await getServiceByCode(store, code);
      const agency = await getAgency(store);
      if (!service || !agency) return undefined;
      return { service, agency, unit: await getUnit(store, service.unit_id), footer: await getAgencyFooter(store) };
    });
  }

  /**
   * The service and its surroundings: a 404 for an unknown code; for a known but closed service (it,
   * or its unit, is inactive) a ServiceClosed that the handlers render as the "closed" page (404).
   * `trusted`: the channel of a verified kiosk token or officer entry (see channelOf); never from the request.
   */
  async function context(req: Request, lang: string, trusted?: Channel): Promise<Omit<SurveyContext, 'elements'>> {
    const code = String(req.params.code);
    const found = /^[a-z0-9-]{1,40}$/.test(code) ? await surroundings(code) : undefined;
    if (!found) throw new HttpError(404, 'survey.unknown_service', { code });
    const { service, agency, unit, footer } = found;
    // a service of an inactive unit is closed too (an officer of its subtree may still preview it)
    if (!service.active || !unit?.active) {
      if (!unit || !(await previewCovers(store, req, req.res as Response, unit.id))) throw new ServiceClosed(service, agency);
    }
    // a verified entry (a counter link, server/reach/survey-entry.ts) gives the channel and the path
    const entry = surveyEntryOf(req);
    const embed = !entry && req.query.embed === '1';
    return {
      service,
      unit,
      agency,
      channel: trusted ?? entry?.channel ?? channelOf(req),
      embed,
      footer: embed ? null : footerModel(footer, lang),
      base: entry?.base,
      preview: asksPreview(req),
    };
  }

  /** Runs a handler; a closed service answers 404 with its name and "closed" instead of a bare not-found page. */
  const open =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        await handler(req, res);
      } catch (err) {
        if (!(err instanceof ServiceClosed)) throw err;
        const { lang, t } = res.locals;
        const embed = req.query.embed === '1';
        if (embed) allowFraming(res, err.service.embed_origins.split(/\s+/).filter(Boolean));
        res.status(404).set('Cache-Control', 'no-store');
        res.render('survey/closed', {
          ...closedModel(err.service, err.agency, lang, t),
          embed,
          footer: embed ? null : footerModel(await getAgencyFooter(store), lang),
        });
      }
    };

  // allowFraming keeps only canonical origins: a bad stored value never reaches the header
  // and the embed view's script learns whom it may tell (server/survey/embed-view.ts)
  function frame(res: Response, ctx: Pick<SurveyContext, 'embed' | 'service' | 'preview'>): void {
    if (ctx.embed) allowFraming(res, ctx.service.embed_origins.split(/\s+/).filter(Boolean));
    if (ctx.embed && ctx.preview) allowFramingBySelf(res); // the reach page's live preview
    res.locals.embedView = embedViewScript(ctx.service, ctx.embed);
  }

  router.get(
    '/:code',
    open(async (req, res) => {
      const { lang, t } = res.locals;
      const code = String(req.params.code);
      // a preview (officers only: sign in first) is built afresh, never cached
      const preview = asksPreview(req);
      const login = preview ? previewLoginUrl(req, res) : null;
      if (login) return void res.redirect(303, login);
      const entry = surveyEntryOf(req);
      const key = `${entry?.base ?? code}|${lang}|${channelOf(req)}|${req.query.embed === '1' ? 1 : 0}`;
      // shared database: one read of the cache version, which drops pages built before a change (no read in one process)
      const checking = pages.check();
      const version = checking && (await checking);
      let page = preview ? undefined : pages.get(key);
      let origins: string | undefined;
      if (!page) {
        const ctx = await context(req, lang);
        const elements = await elementTexts(store, lang);
        res.locals.embedView = embedViewScript(ctx.service, ctx.embed);
        const html = await renderToString(res, 'survey/form', surveyFormModel({ ...ctx, elements }, lang, t, emptyValues(PLACEHOLDER)));
        page = preview ? buildPage(html, 0) : pages.set(key, html, version);
        origins = ctx.embed ? ctx.service.embed_origins : undefined;
      } else if (!entry && req.query.embed === '1') {
        origins = (await getServiceByCode(store, code))?.embed_origins;
      }
      if (origins !== undefined) allowFraming(res, origins.split(/\s+/).filter(Boolean));
      if (preview && origins !== undefined) allowFramingBySelf(res); // the reach page's live preview (officers only)
      const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
      // randomUUID draws from a cached entropy pool: far cheaper per visit than randomBytes
      const body = pageBody(page, randomUUID(), gzip);
      res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Vary: 'Accept-Encoding, Accept-Language' });
      if (gzip) res.set('Content-Encoding', 'gzip');
      res.end(body);
    }),
  );

  /** Renders a page compressed: a post compresses only the form it sends back, never its 303 (no wrapping for nothing). */
  const renderCompressed = (req: Request, res: Response, view: string, model: object): void => void compressed(req, res, () => res.render(view, model));

  router.post(
    '/:code',
    postLimiter,
    form,
    open(async (req, res) => {
      const { lang, t } = res.locals;
      const ctx = await context(req, lang);
      frame(res, ctx);
      const body = (req.body ?? {}) as Record<string, unknown>;
      // the embed view's thank-you page keeps the widget's origin when the service allows it
      const parent = ctx.embed ? allowedParentOrigin(req, ctx.service) : null;
      const thanks = thanksUrl(ctx, lang, parent ?? undefined);
      // a filled honeypot, or one sent more than once (a browser sends it once, empty): looks like success, stores nothing
      const honeypot = body[HONEYPOT];
      // a bare 303 (no negotiated body: a browser follows the Location), the same for every outcome that "succeeds"
      const seeOther = (): void => void res.status(303).location(thanks).end();
      if (honeypot !== undefined && honeypot !== '') return seeOther();
      const result = validateSurvey(body, { askEndState: ctx.service.ask_end_state === 1 });
      if (!result.ok) {
        res.status(422).set('Cache-Control', 'no-store');
        const elements = await elementTexts(store, lang);
        return renderCompressed(req, res, 'survey/form', surveyFormModel({ ...ctx, elements }, lang, t, result.values, result.errors));
      }
      if (ctx.preview) return seeOther(); // a preview runs every check and stores nothing
      const now = new Date();
      try {
        // group commit: written with the posts that arrived together, resolved after the commit
        await queue.submit(result.submission, {
          suspicion: await markFlood(req, ctx.service.id, result.submission),
          serviceId: ctx.service.id,
          channel: ctx.channel,
          lang,
          submittedAt: now,
          localDate: localDate(now, ctx.agency.time_zone),
          counterId: surveyEntryOf(req)?.counterId ?? null,
        });
      } catch (err) {
        if (!isDbBusy(err)) throw err;
        // Locked elsewhere (a backup, the sqlite shell): nothing was stored. The form comes back with
        // every answer and the same key, so sending it again stores it exactly once.
        const elements = await elementTexts(store, lang);
        res.status(503).set({ 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' });
        return renderCompressed(req, res, 'survey/form', surveyFormModel({ ...ctx, elements }, lang, t, result.values, { busy: 'survey.errors.busy' }));
      }
      seeOther(); // only after the commit
    }),
  );

  router.get(
    '/:code/thanks',
    compressed,
    open(async (req, res) => {
      const { lang, t } = res.locals;
      const ctx = await context(req, lang);
      frame(res, ctx);
      res.render('survey/thanks', {
        title: t('thanks.title'),
        serviceName: nameIn(ctx.service, lang),
        agencyName: nameIn(ctx.agency, lang),
        embed: ctx.embed,
        again: surveyFormUrl(ctx, lang),
        homeHref: homeUrl(lang),
        preview: ctx.preview,
        // Promise only what exists (wording.md): the service's public results page, when it is published
        resultsHref: thanksResultsHref(ctx.service, ctx.unit, lang),
        footer: ctx.footer,
      });
    }),
  );

  return router;
}

/**
 * The channel a plain survey URL records: ?ch=link|qr|embed, else embed for the embed view, else
 * link; any other ?ch= (kiosk, assisted, junk, repeated) is ignored (contract "Channel").
 *
 * Seam for kiosks and officers: `kiosk` and `assisted` must never come from the request. A kiosk
 * route (/kiosk/:token, after checking its token) or an officer's entry (after checking the
 * session) passes that channel to context(req, trusted) and shares the form and storing code of
 * this file; nothing here reads a trusted channel from a query, body or header.
 */
function channelOf(req: Request): Channel {
  const ch = req.query.ch;
  return isUrlChannel(ch) ? ch : req.query.embed === '1' ? 'embed' : 'link';
}

function renderToString(res: Response, view: string, model: object): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, model, (err, html) => (err ? reject(err) : resolve(html))));
}
