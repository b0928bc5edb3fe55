import type { Request, Response } from 'express';
import { listMigrations } from '../db.js';
import type { Queryable } from '../data/engine/index.js';
import { schemaVersion } from '../data/schema-version.js';

// GET /readyz, for a load balancer: 200 {"status":"ready"} when the database answers and every
// migration is applied; 503 otherwise ({"status":"migrating"}, or {"status":"unavailable"} when the
// database does not answer within the timeout: a PostgreSQL server that is down never holds the
// probe). /healthz (server/routes/health.ts) stays the cheap liveness check.

/** How long the database may take to answer before the probe says unavailable. */
const READY_TIMEOUT_MS = 2000;

type Readiness = 'ready' | 'migrating' | 'unavailable';

async function readiness(store: Queryable, latest: number, timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), timeoutMs);
    timer.unref();
  });
  const answer = schemaVersion(store).then(
    (v): Readiness => (v >= latest ? 'ready' : 'migrating'),
    (): Readiness => 'unavailable',
  );
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function readyRoute(store: Queryable, { timeoutMs = READY_TIMEOUT_MS }: { timeoutMs?: number } = {}) {
  const latest = listMigrations().at(-1)?.version ?? 0; // both engines have the same numbers (a test checks it)
  return async (_req: Request, res: Response): Promise<void> => {
    const status = await readiness(store, latest, timeoutMs);
    res
      .status(status === 'ready' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ status });
  };
}
