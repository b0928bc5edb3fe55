import { Router } from 'express';
import type { Queryable } from '../data/engine/index.js';
import type { Metrics } from './metrics.js';
import { readyRoute } from './readiness.js';

/** GET /readyz and GET /metrics: mounted ahead of sessions, so that neither reads one. */
export function opsRoutes(store: Queryable, metrics: Metrics): Router {
  const router = Router();
  router.get('/readyz', readyRoute(store));
  router.get('/metrics', metrics.route);
  return router;
}
