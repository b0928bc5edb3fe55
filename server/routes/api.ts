import { Router, type Request, type Response } from 'express';
import type { Db } from '../db.js';
import { scopeAccess } from '../access.js';
import { getAgency, listActiveServices, listUnits, nameIn } from '../data/org.js';
import { HttpError } from '../errors.js';
import { computeResults } from '../results/compute.js';
import { parseResultsQuery } from '../results/query.js';
import { resolveScope, type ScopeKind } from '../results/scope.js';

//   GET /api/v1/services                          published, active services
//   GET /api/v1/services/:code/results            results of one service   (?from&to | ?period, ?channel, ?<dimension>)
//   GET /api/v1/units/:code/results               results of a unit's subtree
//   GET /api/v1/agency/results                    results of the whole agency

export function apiRoutes(db: Db): Router {
  const router = Router();

  router.get('/api/v1/services', (_req, res) => {
    const lang = res.locals.lang as string;
    const units = new Map(listUnits(db).map((u) => [u.id, u]));
    const services = listActiveServices(db)
      .filter((s) => s.published === 1)
      .map((s) => {
        const unit = units.get(s.unit_id);
        return { code: s.code, name: nameIn(s, lang), unit: unit ? { code: unit.code, name: nameIn(unit, lang) } : null };
      });
    res.set('Cache-Control', 'public, max-age=60').json({ services });
  });

  function results(kind: ScopeKind) {
    return (req: Request, res: Response): void => {
      const { t, lang } = res.locals;
      const agency = getAgency(db);
      const scope = agency ? resolveScope(db, kind, req.params.code as string | undefined) : undefined;
      if (!agency || !scope) throw new HttpError(404, kind === 'unit' ? 'results.errors.unknown_unit' : 'results.errors.unknown_service', { code: String(req.params.code ?? '') });
      const parsed = parseResultsQuery(req.query as Record<string, unknown>, agency.time_zone);
      if (!parsed.ok) return void res.status(400).json({ error: t(parsed.error.key, parsed.error.params ?? {}) });
      const access = scopeAccess(db, req, res, scope);
      if (!access.ok) {
        if (access.status === 401) res.set('WWW-Authenticate', `Bearer realm="mutu"${access.invalidToken ? ', error="invalid_token"' : ''}`);
        return void res.status(access.status).json({ error: t(`results.errors.http_${access.status}`) });
      }
      const body = computeResults(db, scope, parsed.query, { lang, k: agency.min_group_size, showUnpublished: access.principal !== null });
      res.set('Cache-Control', access.principal ? 'private, no-store' : 'public, max-age=60').set('Vary', 'Authorization, Accept-Language');
      res.json({ ...body, period: parsed.period });
    };
  }

  router.get('/api/v1/services/:code/results', results('service'));
  router.get('/api/v1/units/:code/results', results('unit'));
  router.get('/api/v1/agency/results', results('agency'));
  return router;
}
