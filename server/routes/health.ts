import { Router } from 'express';
import { listMigrations } from '../db.js';
import type { Database } from '../data/engine/index.js';
import { schemaVersion } from '../data/schema-version.js';

/** GET /healthz: 200 {"status":"ok"} when the database answers and is migrated to the latest version. */
export function healthRoutes(store: Database): Router {
  const router = Router();
  // both engines have the same migration numbers (a test checks it)
  const latest = listMigrations().at(-1)?.version ?? 0;
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if ((await schemaVersion(store)) < latest) return void res.status(503).json({ status: 'migrating' });
    res.json({ status: 'ok' });
  });
  return router;
}
