import compression from 'compression';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Db } from './db.js';
import { SqliteDatabase, type Database } from './data/engine/index.js';
import { BUSY_RETRY_AFTER_SECONDS, HttpError, isDbBusy, isUnstorableText } from './errors.js';
import { errorPage } from './error-page.js';
import { i18nMiddleware, localize, pickLanguage } from './i18n.js';
import { officerMenuLocals } from './officer-menu.js';
import { createLogger, requestLogger } from './log.js';
import { paths } from './paths.js';
import { clientLimiting, securityHeaders } from './security.js';
import { StaticAssets } from './static-assets.js';
import { healthRoutes } from './routes/health.js';
import { createMetrics } from './ops/metrics.js';
import { SubmissionQueue } from './data/group-commit.js';
import { opsRoutes } from './ops/routes.js';
import { homeRoutes } from './routes/home.js';
import { apiRoutes, type ApiLimits } from './routes/api.js';
import { surveyRoutes, type SurveyLimits } from './routes/survey.js';
import { officerAuth } from './auth/index.js';
import { authRoutes } from './routes/auth.js';
import { manageRoutes } from './routes/manage.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { exportRoutes } from './routes/exports.js';
import { publicationLogRoutes, resultsRoutes } from './routes/results.js';
import { publicationCountLocals } from './publication/counts.js';
import { followUpRoutes } from './followup/routes.js';
import { overdueLocals } from './followup/overdue.js';
import { reportRoutes } from './report/routes.js';
import { PageCache } from './survey/page-cache.js';
import { kioskRoutes, type KioskLimits } from './kiosk/routes.js';
import { widgetRoutes } from './kiosk/widget.js';
import { previewSession } from './survey/preview.js';
import { counterRoutes } from './reach/counter-route.js';
import { surveyQrRoutes } from './reach/qr-routes.js';
import { reachRoutes } from './reach/routes.js';
import { assistedRoutes } from './assisted/routes.js';
import { enumeratorGate } from './assisted/gate.js';
import { importUploads } from './assisted/upload.js';

export interface AppDeps {
  /** A SQLite connection, for tests that pass one (the store is then its wrapper). */
  db?: Db;
  /**
   * The engine-neutral async database the data layer is moving to (server/data/engine). On SQLite
   * it is the wrapper of `db`'s own connection (the default), so converted and not yet converted
   * code share one database and one transaction lock.
   */
  store?: Database;
  config: Config;
  logger?: Logger;
  /** Rate limits for citizens' posts (tests lower them). */
  surveyLimits?: Partial<SurveyLimits>;
  /** Rate limits for kiosk posts, per kiosk token (tests lower them). */
  kioskLimits?: Partial<KioskLimits>;
  /** Rate limits for anonymous results API reads (tests lower them). */
  apiLimits?: Partial<ApiLimits>;
}

export function createApp({
  db,
  store: given,
  config,
  logger = createLogger(config.logLevel),
  surveyLimits,
  apiLimits,
  kioskLimits,
}: AppDeps): express.Express {
  const store = given ?? (db ? SqliteDatabase.of(db) : undefined);
  if (!store) throw new Error('createApp needs a store (or a SQLite db)');
  const app = express();
  const assets = new StaticAssets({ 'vendor/chart.umd.min.js': join(paths.nodeModules, 'chart.js', 'dist', 'chart.umd.min.js') });
  app.set('trust proxy', config.trustProxy);
  app.set('x-powered-by', false);
  app.set('view engine', 'ejs');
  app.set('views', paths.views);
  app.set('view cache', config.env !== 'development');
  app.locals.asset = (name: string) => assets.url(name);

  const metrics = createMetrics({ token: config.metricsToken, groupCommit: SubmissionQueue.for(store) });
  app.use(metrics.middleware); // counts and times every request (server/ops/metrics.ts)
  app.use(requestLogger(logger));
  app.use(securityHeaders(config));
  app.use(opsRoutes(store, metrics)); // /readyz and /metrics (loopback or METRICS_TOKEN), before any session
  app.use('/static', assets.middleware);
  // Citizens first: the survey has no session, cookie or CSRF layer, and its page comes
  // precompressed from a cache that management clears when names, texts or flags change (and that
  // checks the cache version where several processes share the database: PageCache.for).
  // Every rate limit keys clients on one salted hash, and counts where every process sees the counts.
  const clients = clientLimiting(store);
  const surveyPages = PageCache.for(store);
  const survey = surveyRoutes(store, { limits: surveyLimits, pages: surveyPages, clients, floods: config.floods });
  // the session is read only for ?preview=1 (server/survey/preview.ts); QR images are public (server/reach/qr-routes.ts)
  app.use('/s', surveyQrRoutes(store, config), i18nMiddleware, previewSession(store, config), survey);
  app.use('/k', i18nMiddleware, counterRoutes(store, survey)); // counter links: the same survey, channel qr, the token's counter
  // the widget other sites include, and kiosks (no session either: a kiosk post is limited per kiosk token)
  app.use(widgetRoutes());
  app.use('/kiosk', i18nMiddleware, compression({ threshold: 1024 }), kioskRoutes(store, { clients, limits: kioskLimits }));

  app.use(compression({ threshold: 1024 }));
  app.use(i18nMiddleware);
  app.use(officerMenuLocals); // the officer header's menu, built when a view shows it (server/officer-menu.ts)
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 100 }));
  app.use(importUploads); // an import file (multipart): its _csrf field in req.body for the CSRF check below (server/assisted/upload.ts)
  const auth = officerAuth(store, config, { clients });
  app.use(auth.middleware); // session -> res.locals.officer, CSRF on unsafe methods, password change gate
  app.use(enumeratorGate); // an enumerator enters interviews and nothing else (server/assisted/gate.ts)

  app.use(healthRoutes(store));
  app.use(authRoutes({ store, ...auth })); // /login, /logout, /account/password
  app.use(homeRoutes(store));
  app.use(apiRoutes(store, { limits: apiLimits, clients }));
  app.use(resultsRoutes(store, { publicUrl: config.publicUrlSet ? config.publicUrl : null })); // public results pages (/results, /results/units/:code, /results/services/:code)
  app.get('/dashboard', overdueLocals(store)); // overdue follow-up actions for the overview (views/followup/_overdue.ejs)
  app.get(['/dashboard', '/dashboard/units/:code', '/dashboard/services/:code'], publicationCountLocals(store)); // the publication log's count (views/results/_dashboard-count.ejs)
  app.use(dashboardRoutes(store));
  app.use(exportRoutes(store));
  app.use(followUpRoutes(store));
  app.use(reportRoutes(store));
  app.use(reachRoutes({ store, config, surveyPages })); // a service's reach page: counter links, kiosks, embedding, posters (server/reach/routes.ts)
  app.use(assistedRoutes(store, surveyPages)); // entry, import, quarantine, optional questions (before manage's guard: enumerators too)
  app.use(manageRoutes(store, surveyPages));
  app.use(publicationLogRoutes(store)); // /manage/publication-log (after manage's guard)

  app.use((_req: Request, _res: Response, next: NextFunction) => next(new HttpError(404)));
  app.use(errorHandler(config, logger, store));
  return app;
}

function errorHandler(config: Config, logger: Logger, store: Database) {
  return async (err: unknown, req: Request, res: Response, _next: NextFunction): Promise<void> => {
    const e = err as { status?: number; statusCode?: number; type?: string };
    // the database locked by another connection (a backup, the sqlite shell): retry shortly, nothing was written
    const busy = isDbBusy(err);
    const status = busy ? 503 : err instanceof HttpError ? err.status : isUnstorableText(err) ? 400 : (e.status ?? e.statusCode ?? 500);
    if (busy) logger.warn({ err, method: req.method, url: req.originalUrl }, `${req.method} ${req.originalUrl}: database busy`);
    else if (status >= 500) logger.error({ err, method: req.method, url: req.originalUrl }, `${req.method} ${req.originalUrl} failed`);
    if (res.headersSent) return void res.end();
    if (busy) res.set('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
    if (!res.locals.t) Object.assign(res.locals, localize(pickLanguage(req)));
    // another 4xx (415: a charset the body parsers do not read) is the request's fault: said as 400, never as our error
    const general = [400, 403, 404, 413, 429].includes(status) ? status : status < 500 ? 400 : 500;
    const key = busy ? 'errors.busy' : err instanceof HttpError ? err.messageKey : `errors.http_${general}`;
    const params = err instanceof HttpError ? err.params : {};
    const message = res.locals.t(key, params);
    res.status(status);
    if (req.path.startsWith('/api/')) return void res.json({ error: message });
    const stack = config.env !== 'production' && status >= 500 && err instanceof Error ? (err.stack ?? null) : null;
    // the officer's way back reads the database: if that fails too, the message still goes out
    const model = await errorPage(store, err, req, res, status, message, stack).catch(() => null);
    if (!model) return void res.type('text/plain').send(message);
    res.render('errors/error', model);
  };
}
