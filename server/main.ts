import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { configWarnings, loadConfig } from './config.js';
import { BUSY_TIMEOUT_MS, migrate, openDb, setting } from './db.js';
import { createLogger } from './log.js';
import { demoNotice, ensureDemo } from './demo.js';
import { createHttpServer } from './http-server.js';
import { shutdown, SHUTDOWN_DEADLINE_MS } from './shutdown.js';

// The only file with side effects: config -> open db -> migrate -> demo -> createApp -> listen.
const config = loadConfig();
const logger = createLogger(config.logLevel);
for (const warning of configWarnings(config)) logger.warn(warning);
const db = openDb(config.databasePath);
// Start-up may wait for a lock held elsewhere (a backup finishing); requests later wait 200 ms at most.
db.pragma('busy_timeout = 10000');
const applied = migrate(db);
if (applied.length) logger.info({ applied }, `applied ${applied.length} migration(s)`);
const sessionSecret = config.sessionSecret ?? setting(db, 'session_secret', () => randomBytes(32).toString('base64url'));
const demo = ensureDemo(db, config);
if (demo) logger.info(demo, `demo data loaded: ${demo.responses} responses in ${demo.ms} ms`);
db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);

const app = createApp({ db, config: { ...config, sessionSecret }, logger });
const server = createHttpServer(app);
server.listen(config.port, () => {
  const url = `http://localhost:${config.port}/`;
  console.log(`Mutu is listening on ${url}`);
  const notice = demoNotice(db, config, url);
  if (notice?.level === 'warn') logger.warn(notice.message);
  else if (notice) console.log(notice.message);
});

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) {
    logger.warn(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  logger.info(`${signal}: finishing requests in flight, at most ${SHUTDOWN_DEADLINE_MS / 1000} s`);
  void shutdown(server, { deadlineMs: SHUTDOWN_DEADLINE_MS }).then((how) => {
    if (how === 'forced') logger.warn('requests still running at the shutdown deadline were cut off');
    db.close();
    process.exit(0);
  });
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
