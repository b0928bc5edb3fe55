import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { seedSmall } from './helpers/app.js';
import { checkContract, runCheck, type CheckTarget } from './helpers/check-contract.js';
import { addResponses } from './helpers/responses.js';

// `npm run check` on SQLite: the shared contract, a broken foreign key, and --repair refused while the app runs.

const dir = mkdtempSync(join(tmpdir(), 'mutu-check-'));
const open: SqliteDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function target(): Promise<CheckTarget> {
  const file = join(dir, `check-${++n}.db`);
  const raw = openDb(file);
  migrate(raw);
  const db = SqliteDatabase.of(raw);
  open.push(db);
  return Promise.resolve({ db, env: { DATABASE_PATH: file } });
}

describe('npm run check (SQLite)', () => {
  checkContract(target);

  it('reports a response whose service does not exist (PRAGMA foreign_key_check)', async () => {
    const { db, env } = await target();
    const { serviceId } = await seedSmall(db);
    await addResponses(db, serviceId, [{ date: '2026-03-02', answers: 3 }]);
    const raw = new Database(env.DATABASE_PATH);
    raw.pragma('foreign_keys = OFF');
    raw.prepare('UPDATE responses SET service_id = 999').run();
    raw.close();
    const r = await runCheck(env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/WRONG +foreign keys/);
    expect(r.out).toContain('responses row 1 refers to a row of services that does not exist');
    expect(r.err).toContain('restore the latest good backup');
  });

  it('refuses --repair while the app holds the database, and a missing file', async () => {
    const { env } = await target();
    // the app's lock file, held by a live process other than this one (our parent stands in for the app)
    writeFileSync(`${env.DATABASE_PATH}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), since: new Date().toISOString() }));
    try {
      const r = await runCheck(env, '--repair');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^Refused: .*stop the app, repair, start it again/s);
      expect((await runCheck(env)).code).toBe(0); // checking alone runs beside the app
    } finally {
      rmSync(`${env.DATABASE_PATH}.lock`);
    }
    const missing = await runCheck({ DATABASE_PATH: join(dir, 'none.db') });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('There is no database at');
    expect((await runCheck(env, '--bogus')).code).toBe(2);
  });
});
