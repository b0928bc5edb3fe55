import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Database } from '../data/engine/index.js';
import { scopeAccess } from '../access.js';
import { dateBounds } from '../data/bounds.js';
import { getAgency } from '../data/agency.js';
import { nameIn } from '../data/names.js';
import { listServices } from '../data/services.js';
import { listUnits } from '../data/units.js';
import { HttpError } from '../errors.js';
import { localDate } from '../indicators/periods.js';
import { computeResults } from '../results/compute.js';
import { checkPublicRequest } from '../results/disclosure.js';
import { PublicResultsCache } from '../results/public-cache.js';
import { computePublicResults } from '../results/public.js';
import { lastCompleteQuarter, parseResultsQuery, wholePeriodOf } from '../results/query.js';
import { resolveScope, type ScopeKind } from '../results/scope.js';
import { clientLimiting, type ClientLimiting } from '../security.js';

//   GET /api/v1/services                          published, active services
//   GET /api/v1/services/:code/results            results of one service   (?from&to | ?period, ?channel, ?<dimension>)
//   GET /api/v1/units/:code/results               results of a unit's subtree
//   GET /api/v1/agency/results                    results of the whole agency

export interface ApiLimits {
  windowMs: number;
  /** anonymous requests per client and window */
  limit: number;
}
const DEFAULT_LIMITS: ApiLimits = { windowMs: 60_000, limit: 120 };

export interface ApiRouteOptions {
  /** rate limits for anonymous reads (tests lower them) */
  limits?: Partial<ApiLimits>;
  /** how reads are counted per client (one per app, shared with the other limiters) */
  clients?: ClientLimiting;
  now?: () => Date;
}

export function apiRoutes(store: Database, { limits = {}, clients = clientLimiting(store), now = () => new Date() }: ApiRouteOptions = {}): Router {
  const router = Router();
  const cache = new PublicResultsCache(store);
  // Anonymous clients are limited (keyed like the survey's limiter); officers and tokens are not.
  router.use(
    '/api/v1',
    rateLimit({
      ...DEFAULT_LIMITS,
      ...limits,
      ...clients.limiter('api'),
      skip: (req, res) => res.locals.officer !== undefined || req.get('authorization') !== undefined,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, res) => void res.status(429).json({ error: res.locals.t('results.errors.http_429') }),
    }),
  );

  router.get('/api/v1/services', async (_req, res) => {
    const lang = res.locals.lang;
    const units = new Map((await listUnits(store)).map((u) => [u.id, u]));
    const services = (await listServices(store))
      .filter((s) => s.active === 1 && s.published === 1)
      .map((s) => {
        const unit = units.get(s.unit_id);
        return { code: s.code, name: nameIn(s, lang), unit: unit ? { code: unit.code, name: nameIn(unit, lang) } : null };
      });
    res.set('Cache-Control', 'public, max-age=60').json({ services });
  });

  function results(kind: ScopeKind) {
    return async (req: Request, res: Response): Promise<void> => {
      const { t, lang } = res.locals;
      const agency = await getAgency(store);
      const scope = agency ? await resolveScope(store, kind, req.params.code as string | undefined) : undefined;
      if (!agency || !scope)
        throw new HttpError(404, kind === 'unit' ? 'results.errors.unknown_unit' : 'results.errors.unknown_service', { code: String(req.params.code ?? '') });
      const at = now();
      const parsed = parseResultsQuery(req.query, agency.time_zone, at, [], await dateBounds(store, at));
      if (!parsed.ok) return void res.status(400).json({ error: t(parsed.error.key, parsed.error.params ?? {}) });
      const access = await scopeAccess(store, req, res, scope);
      if (!access.ok) {
        if (access.status === 401) res.set('WWW-Authenticate', `Bearer realm="mutu"${access.invalidToken ? ', error="invalid_token"' : ''}`);
        return void res.status(access.status).json({ error: t(`results.errors.http_${access.status}`) });
      }
      res.set('Vary', 'Authorization, Cookie, Accept-Language');
      if (access.principal) {
        // Officers and tokens: their own scope, any period and filter, with the plain k rule.
        const body = await computeResults(store, scope, parsed.query, { lang, k: agency.min_group_size, showUnpublished: true });
        return void res.set('Cache-Control', 'private, no-store').json({ ...body, period: parsed.period });
      }
      // The public: one completed whole period, no filters, disclosure control (indicators.md).
      const q = parsed.query;
      const period = parsed.defaulted ? lastCompleteQuarter(at, agency.time_zone) : wholePeriodOf(q.from, q.to);
      const refusal = period ? checkPublicRequest({ period, channel: q.channel, group: q.group, today: localDate(at, agency.time_zone) }) : 'period_not_whole';
      if (refusal || !period) return void res.status(400).json({ error: t(`results.errors.${refusal}`) });
      const body = await cache.get(`${kind}:${scope.code}:${period.label}:${lang}`, () =>
        computePublicResults(store, scope, period, { lang, k: agency.min_group_size, now: at }),
      );
      res.set('Cache-Control', 'public, max-age=300').json(body);
    };
  }

  router.get('/api/v1/services/:code/results', results('service'));
  router.get('/api/v1/units/:code/results', results('unit'));
  router.get('/api/v1/agency/results', results('agency'));
  return router;
}
