/**
 * A server for the HTTP benchmark, run in its own process (bench/http.ts forks it with tsx) so the
 * load generator never shares its event loop. Listens on 127.0.0.1, an ephemeral port, and sends
 * { port } to the parent, answers 'cpu' with its CPU time; exits when the parent goes away.
 *
 *   server.ts bare         bare Express 5 serving a 2 KB HTML page at /
 *   server.ts app <db>     the Mutu app on the database file (production settings, silent logs,
 *                          survey and API rate limits lifted so a load test is not answered 429)
 *   server.ts app-pg       the same on PostgreSQL at BENCH_DATABASE_URL (an environment variable, so
 *                          that `ps` never shows the password), opened as the app opens it (openStore:
 *                          a pool of DATABASE_POOL_MAX's default size, migrations checked); several
 *                          such processes on one database are what WEB_CONCURRENCY runs
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { openDb } from '../server/db.js';
import { openStore } from '../server/data/open.js';
import { SqliteDatabase, type Database } from '../server/data/engine/index.js';
import { SubmissionQueue } from '../server/data/group-commit.js';

/** A 2,048-byte HTML page. */
function barePage(): string {
  const head = '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Bench</title></head><body><main><p>';
  const tail = '</p></main></body></html>';
  return head + 'Lorem ipsum dolor sit amet. '.repeat(80).slice(0, 2048 - head.length - tail.length) + tail;
}

function bareApp(): express.Express {
  const app = express();
  const page = barePage();
  app.get('/', (_req, res) => {
    res.type('html').send(page);
  });
  return app;
}

const [mode, where] = process.argv.slice(2);
const lifted = { surveyLimits: { limit: 1e9 }, apiLimits: { limit: 1e9 } };
let app: express.Express;
/** the app's database: its group commit's counts are reported with the CPU time */
let store: Database | undefined;
if (mode === 'bare') app = bareApp();
else if (mode === 'app' && where) {
  store = SqliteDatabase.of(openDb(where));
  app = createApp({ store, config: testConfig({ env: 'production' }), ...lifted });
} else if (mode === 'app-pg' && process.env.BENCH_DATABASE_URL) {
  const config = testConfig({ env: 'production', databaseUrl: process.env.BENCH_DATABASE_URL });
  ({ store } = await openStore(config));
  app = createApp({ store, config, ...lifted });
} else {
  console.error('usage: server.ts bare | app <database file> | app-pg (with BENCH_DATABASE_URL=postgres://...)');
  process.exit(2);
}

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ port });
});
// CPU time this process has used (µs), on request: the parent derives CPU per request, which other
// load on the machine skews far less than the request rate.
process.on('message', (m: unknown) => {
  if (m !== 'cpu') return;
  const u = process.cpuUsage();
  const commits = store ? SubmissionQueue.for(store).stats : undefined;
  process.send?.({ cpu: u.user + u.system, batches: commits?.batches ?? 0, posts: commits?.posts ?? 0 });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
