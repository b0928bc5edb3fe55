import { Router } from 'express';
import type { Db } from '../db.js';
import { listMigrations } from '../db.js';

/** GET /healthz: 200 {"status":"ok"} when the database answers and is migrated to the latest version. */
export function healthRoutes(db: Db): Router {
  const router = Router();
  const latest = listMigrations().at(-1)?.version ?? 0;
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < latest) return void res.status(503).json({ status: 'migrating' });
    res.json({ status: 'ok' });
  });
  return router;
}
