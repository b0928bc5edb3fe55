import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { migrate, openDb, setting } from './db.js';
import { createLogger } from './log.js';
import { ensureDemo } from './demo.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/demo/users.js';
import { findUserByEmail } from './data/users.js';

// The only file with side effects: config -> open db -> migrate -> demo -> createApp -> listen.
const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = openDb(config.databasePath);
const applied = migrate(db);
if (applied.length) logger.info({ applied }, `applied ${applied.length} migration(s)`);
const sessionSecret = config.sessionSecret ?? setting(db, 'session_secret', () => randomBytes(32).toString('base64url'));
const demo = ensureDemo(db, config);
if (demo) logger.info(demo, `demo data loaded: ${demo.responses} responses in ${demo.ms} ms`);

const app = createApp({ db, config: { ...config, sessionSecret }, logger });
const server = app.listen(config.port, () => {
  const url = `http://localhost:${config.port}/`;
  console.log(`Mutu is listening on ${url}`);
  const demoAccounts = DEMO_ACCOUNTS.filter((a) => findUserByEmail(db, a.email));
  if (config.demo && demoAccounts.length) {
    const emails = demoAccounts.map((a) => a.email).join(', ');
    console.log(`Demo mode: sign in at ${url}login as ${emails} with the password ${DEMO_PASSWORD}`);
  }
});

function shutdown(): void {
  server.close(() => {
    db.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
