import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { LoadClient } from './helpers/load-client.js';
import { expectAckedStoredOnce, expectTotalsRecomputable, makeJobs, outcomes, post, runLoad, seedLoadOrg } from './helpers/load.js';
import { startApp, type AppProcess } from './helpers/process.js';

// Load (issue 12): thousands of citizens post at once to a real app process on a SQLite file, each
// with the key of the form it loaded and an address of its own behind the proxy (TRUST_PROXY=1, so
// no one is limited for the others). Every post is acknowledged (303, nothing refused for being
// busy), stored exactly once, and the running totals equal a recomputation.

const TOTAL = 2000;
const IN_FLIGHT = 150;

const dir = mkdtempSync(join(tmpdir(), 'mutu-load-'));
const file = join(dir, 'load.db');
let store: SqliteDatabase;
let app: AppProcess;
const client = new LoadClient(IN_FLIGHT);

beforeAll(async () => {
  const seeding = SqliteDatabase.of(openDb(file));
  migrate(seeding.raw);
  await seedLoadOrg(seeding);
  await seeding.close();
  app = await startApp({ DATABASE_PATH: file, MUTU_DEMO: '0', LOG_LEVEL: 'warn', TRUST_PROXY: '1' });
  store = SqliteDatabase.of(openDb(file)); // the test's own connection, for reading what was stored
});

afterAll(async () => {
  client.close();
  await app?.stop();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('load on SQLite', () => {
  it(`acknowledges ${TOTAL} concurrent submissions, stores each exactly once with exact totals, and a replay doubles nothing`, async () => {
    expect(app.url).not.toBe('');
    const base = app.url.replace('localhost', '127.0.0.1');
    const jobs = makeJobs(TOTAL, [base]);
    await runLoad(client, jobs, { concurrency: IN_FLIGHT });
    expect(outcomes(jobs)).toEqual({ 303: TOTAL });
    expect(await expectAckedStoredOnce(store, jobs)).toBe(TOTAL);
    expect(await expectTotalsRecomputable(store)).toBe(TOTAL);
    const perService = await store.all<{ code: string; n: number }>(
      'SELECT s.code, count(*) AS n FROM responses r JOIN services s ON s.id = r.service_id GROUP BY s.code ORDER BY s.code',
    );
    expect(perService).toEqual(['akta', 'kk', 'ktp', 'pindah'].map((code) => ({ code, n: TOTAL / 4 })));

    // a proxy's retry of every tenth post, all at once: acknowledged again, stored once
    const again = jobs.filter((j) => j.i % 10 === 0);
    await Promise.all(again.map((j) => post(client, j)));
    expect(outcomes(again)).toEqual({ 303: again.length });
    expect(await expectAckedStoredOnce(store, jobs)).toBe(TOTAL);
    expect(await expectTotalsRecomputable(store)).toBe(TOTAL);
    expect(await app.stop()).toBe(0);
  }, 120_000);
});
