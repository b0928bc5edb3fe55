import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { configWarnings, loadConfig, type Config } from './config.js';
import { DatabaseLockedError } from './data/engine/lock-file.js';
import { openStore, type OpenedStore } from './data/open.js';
import { ensureSetting } from './data/settings.js';
import { createLogger } from './log.js';
import { demoNotice, ensureDemo } from './demo.js';
import { createHttpServer } from './http-server.js';
import { shutdown, SHUTDOWN_DEADLINE_MS } from './shutdown.js';
import { startRetention } from './ops/retention-timer.js';

// The only file with side effects: config -> open the database (SQLite or PostgreSQL) and migrate
// -> session secret -> demo -> createApp -> listen. With WEB_CONCURRENCY=N (PostgreSQL only) this
// process is the primary: it prepares the database once, then forks N workers that each serve on
// the same port (node:cluster) and restarts a worker that dies.

const config = loadConfig();
const logger = createLogger(config.logLevel);

async function open(): Promise<OpenedStore> {
  try {
    return await openStore(config);
  } catch (err) {
    if (err instanceof DatabaseLockedError) {
      logger.fatal(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** SESSION_SECRET, else the one generated once and kept in the database (the same for every process). */
async function sessionSecretOf(opened: OpenedStore): Promise<string> {
  return config.sessionSecret ?? (await ensureSetting(opened.store, 'session_secret', () => randomBytes(32).toString('base64url')));
}

/** Migrations, the generated session secret and the demo: once, before any request is served. */
async function prepare(opened: OpenedStore): Promise<string> {
  if (opened.applied.length) logger.info({ applied: opened.applied }, `applied ${opened.applied.length} migration(s) to ${opened.where}`);
  for (const warning of opened.durabilityWarnings) logger.warn(warning);
  const sessionSecret = await sessionSecretOf(opened);
  const demo = await ensureDemo(opened.store, config);
  if (demo) logger.info(demo, `demo data loaded: ${demo.responses} responses in ${demo.ms} ms`);
  return sessionSecret;
}

function serve(opened: OpenedStore, sessionSecret: string, announce: boolean): void {
  const app = createApp({ store: opened.store, config: { ...config, sessionSecret }, logger });
  const server = createHttpServer(app);
  const stopRetention = startRetention(opened.store, logger); // erases comments past the agency's retention: now, then daily
  server.listen(config.port, () => {
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}/`;
    if (!announce) return void logger.info({ pid: process.pid, port }, `worker ${process.pid} listening on ${url}`);
    console.log(`Mutu is listening on ${url} (${config.databaseUrl ? 'PostgreSQL' : 'SQLite'}: ${opened.where})`);
    void notice(opened, url);
  });

  let stopping: NodeJS.Signals | null = null;
  const stop = (signal: NodeJS.Signals): void => {
    // Again: exit now. A worker may get Ctrl-C's SIGINT from the terminal and the primary's SIGTERM
    // for the same stop; only the same signal twice cuts requests short.
    if (stopping === signal || (stopping && !cluster.isWorker)) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    if (stopping) return;
    stopping = signal;
    logger.info(`${signal}: finishing requests in flight, at most ${SHUTDOWN_DEADLINE_MS / 1000} s`);
    void shutdown(server, { deadlineMs: SHUTDOWN_DEADLINE_MS }).then(async (how) => {
      if (how === 'forced') logger.warn('requests still running at the shutdown deadline were cut off');
      stopRetention();
      await opened.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function notice(opened: OpenedStore, url: string): Promise<void> {
  const n = await demoNotice(opened.store, config, url);
  if (n?.level === 'warn') logger.warn(n.message);
  else if (n) console.log(n.message);
}

/** The primary of WEB_CONCURRENCY workers: prepares once, forks, restarts a dead worker, passes signals on. */
async function primary(c: Config): Promise<void> {
  const opened = await open();
  await prepare(opened);
  await opened.close();
  let stopping = false;
  const recentDeaths: number[] = [];
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening !== c.webConcurrency) return;
    const url = `http://localhost:${address.port}/`;
    console.log(`Mutu is listening on ${url} (PostgreSQL: ${opened.where}, ${c.webConcurrency} processes)`);
    void (async () => {
      const again = await openStore(c, { lock: false });
      try {
        await notice(again, url);
      } finally {
        await again.close();
      }
    })();
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths.length && recentDeaths[0]! < now - 60_000) recentDeaths.shift();
    if (recentDeaths.length > 5) {
      logger.fatal(`workers keep dying (${recentDeaths.length} in a minute, the last with ${signal ?? `code ${code}`}): stopping`);
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    logger.error(`worker ${worker.process.pid} died (${signal ?? `code ${code}`}): starting another`);
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal}: stopping ${c.webConcurrency} workers`);
    const workers = Object.values(cluster.workers ?? {});
    if (!workers.length) process.exit(0);
    for (const w of workers) w?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (let i = 0; i < c.webConcurrency; i++) cluster.fork();
}

async function single(): Promise<void> {
  const opened = await open();
  serve(opened, await prepare(opened), true);
}

async function worker(): Promise<void> {
  // the primary migrated and loaded the demo; the secret is read from the database it wrote
  const opened = await openStore(config);
  serve(opened, await sessionSecretOf(opened), false);
}

if (cluster.isPrimary) for (const warning of configWarnings(config)) logger.warn(warning);
await (cluster.isWorker ? worker() : config.webConcurrency > 1 ? primary(config) : single());
