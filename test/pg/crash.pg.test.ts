import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crashUnderLoad } from '../helpers/crash.js';
import { LoadClient } from '../helpers/load-client.js';
import { seedLoadOrg } from '../helpers/load.js';
import { pgApps } from '../helpers/pg-apps.js';

// Crash (issue 12) on PostgreSQL: of two app processes under load on one database, one is killed
// with SIGKILL and started again while the other keeps serving. Every acknowledged response is
// there once, none is partial, and the client's replay (through both) doubles nothing.

const client = new LoadClient(100);
let pg: Awaited<ReturnType<typeof pgApps>>;

beforeAll(async () => {
  pg = await pgApps(2, seedLoadOrg);
});

afterAll(async () => {
  client.close();
  await pg?.stop();
});

describe('a crash under load on PostgreSQL with two app processes', () => {
  it('keeps every acknowledged response once, none partial, and a replay with the same keys stores the rest once', async () => {
    const report = await crashUnderLoad({
      client,
      apps: pg.apps,
      restart: pg.start,
      open: () => Promise.resolve(pg.store),
      total: 2000,
      concurrency: 100,
      killAt: 600,
    });
    console.log(
      `PostgreSQL crash: killed after ${report.acked} acknowledged; ${report.unacked} cut short, ${report.storedUnacked} of them stored; ${report.final} after the replay`,
    );
    expect(report.acked).toBeGreaterThanOrEqual(600);
    expect(await report.restarted.stop()).toBe(0);
    expect(await pg.apps[1]!.stop()).toBe(0); // the survivor stops cleanly too
  }, 120_000);
});
