import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase, type Database } from '../server/data/engine/index.js';
import { crashUnderLoad } from './helpers/crash.js';
import { LoadClient } from './helpers/load-client.js';
import { seedLoadOrg } from './helpers/load.js';
import { startApp, type AppProcess } from './helpers/process.js';

// Crash (issue 12): the app process is killed with SIGKILL in the middle of a load on its SQLite
// file and started again on it. Every acknowledged response is there exactly once, none is partial
// (the totals equal a recomputation), and the client's replay of the rest doubles nothing.

const dir = mkdtempSync(join(tmpdir(), 'mutu-crash-'));
const file = join(dir, 'crash.db');
const env = { DATABASE_PATH: file, MUTU_DEMO: '0', LOG_LEVEL: 'warn', TRUST_PROXY: '1' };
const client = new LoadClient(100);
const apps: AppProcess[] = [];
let store: Database | undefined;

afterAll(async () => {
  client.close();
  await Promise.all(apps.map((a) => a.stop()));
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a crash under load on SQLite', () => {
  it('keeps every acknowledged response once, none partial, and a replay with the same keys stores the rest once', async () => {
    const seeding = SqliteDatabase.of(openDb(file));
    migrate(seeding.raw);
    await seedLoadOrg(seeding);
    await seeding.close();

    apps.push(await startApp(env));
    const report = await crashUnderLoad({
      client,
      apps: [apps[0]!],
      restart: async () => {
        const again = await startApp(env);
        apps.push(again);
        return again;
      },
      open: () => Promise.resolve((store = SqliteDatabase.of(openDb(file)))),
      total: 2000,
      concurrency: 100,
      killAt: 700,
    });
    console.log(
      `SQLite crash: killed after ${report.acked} acknowledged; ${report.unacked} cut short, ${report.storedUnacked} of them stored; ${report.final} after the replay`,
    );
    expect(report.acked).toBeGreaterThanOrEqual(700);
    expect(await report.restarted.stop()).toBe(0);
  }, 120_000);
});
