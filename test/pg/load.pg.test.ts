import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadClient } from '../helpers/load-client.js';
import { expectAckedStoredOnce, expectTotalsRecomputable, makeJobs, outcomes, post, runLoad, seedLoadOrg } from '../helpers/load.js';
import { pgApps } from '../helpers/pg-apps.js';

// Load (issue 12) on PostgreSQL: two app processes on one database take thousands of concurrent
// submissions, every citizen from an address of its own; each is acknowledged, stored exactly
// once, and the totals the two processes kept equal a recomputation.

const TOTAL = 1600;
const IN_FLIGHT = 150;
const client = new LoadClient(IN_FLIGHT);
let pg: Awaited<ReturnType<typeof pgApps>>;

beforeAll(async () => {
  pg = await pgApps(2, seedLoadOrg);
});

afterAll(async () => {
  client.close();
  await pg?.stop();
});

describe('load on PostgreSQL with two app processes', () => {
  it(`acknowledges ${TOTAL} concurrent submissions over both, stores each exactly once with exact totals; a replay through the other process doubles nothing`, async () => {
    const bases = pg.apps.map((a) => a.url.replace('localhost', '127.0.0.1'));
    expect(new Set(bases).size).toBe(2);
    const jobs = makeJobs(TOTAL, bases);
    await runLoad(client, jobs, { concurrency: IN_FLIGHT });
    expect(outcomes(jobs)).toEqual({ 303: TOTAL });
    expect(await expectAckedStoredOnce(pg.store, jobs)).toBe(TOTAL);
    expect(await expectTotalsRecomputable(pg.store)).toBe(TOTAL);

    // every tenth post sent again, to the process that did not take it: acknowledged, stored once
    const again = jobs.filter((j) => j.i % 10 === 0);
    await Promise.all(again.map((j) => post(client, j, bases[(j.i + 1) % 2])));
    expect(outcomes(again)).toEqual({ 303: again.length });
    expect(await expectAckedStoredOnce(pg.store, jobs)).toBe(TOTAL);
    expect(await expectTotalsRecomputable(pg.store)).toBe(TOTAL);
    for (const app of pg.apps) expect(await app.stop()).toBe(0);
  }, 120_000);
});
