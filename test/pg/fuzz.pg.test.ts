import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidRows } from '../helpers/fuzz-rows.js';
import { expectCleanTooMany } from '../helpers/fuzz-limits.js';
import { expectFoundCasesFixed } from '../helpers/fuzz-cases.js';
import { fuzzEndpoints, fuzzRuns } from '../helpers/fuzz-run.js';
import { seedFuzzTargets } from '../helpers/fuzz-targets.js';
import { LoadClient } from '../helpers/load-client.js';
import { expectTotalsRecomputable } from '../helpers/load.js';
import { pgApps } from '../helpers/pg-apps.js';

// Fuzz (issue 12) on PostgreSQL: the generated malformed requests of test/fuzz.test.ts, spread over
// two app processes on one database, each from an address of its own so that the survey's rate
// limit (which stays on in a real process) masks nothing. Never a 5xx, always a clear answer, only
// valid rows stored (PostgreSQL refuses NUL in text, SQLite does not: both must never see one).
// Replay a failure with FUZZ_SEED=<printed seed>.

const client = new LoadClient(8);
let pg: Awaited<ReturnType<typeof pgApps<Awaited<ReturnType<typeof seedFuzzTargets>>>>>;

beforeAll(async () => {
  pg = await pgApps(2, seedFuzzTargets);
});

afterAll(async () => {
  client.close();
  await pg?.stop();
});

describe('fuzzing the public endpoints on PostgreSQL with two app processes', () => {
  const bases = () => pg.apps.map((a) => a.url.replace('localhost', '127.0.0.1'));

  it('answers every malformed request clearly, never with a 5xx, and stores only valid responses', async () => {
    const result = await fuzzEndpoints(client, bases(), pg.seeded, fuzzRuns(2000), { distinctClients: true });
    console.log('fuzz statuses', result.statuses);
    expect(Object.keys(result.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
    // only the kiosk PIN's limit (per kiosk, 10 tries in 10 minutes) may answer 429 here
    expect(result.limited.filter((path) => !/^\/kiosk\/[^/]+\/exit/.test(path))).toEqual([]);
    const stored = await expectValidRows(pg.store);
    console.log('fuzz stored', stored);
    expect(stored.responses).toBeGreaterThan(40);
    expect(stored.comments).toBeGreaterThan(15);
    expect(await expectTotalsRecomputable(pg.store)).toBe(stored.responses);
  }, 120_000);

  it('keeps what fuzzing found fixed', async () => {
    await expectFoundCasesFixed(client, bases()[1]!, pg.store);
  });

  it('answers too many posts from one client with a clean 429, counted over both processes', async () => {
    await expectCleanTooMany(client, bases(), pg.seeded);
  }, 60_000);
});
