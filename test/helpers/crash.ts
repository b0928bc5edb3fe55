import { expect } from 'vitest';
import type { Database } from '../../server/data/engine/index.js';
import type { LoadClient } from './load-client.js';
import { acked, expectAckedStoredOnce, expectTotalsRecomputable, makeJobs, outcomes, replay, runLoad, sent } from './load.js';
import type { AppProcess } from './process.js';

// The crash test of issue 12, for either engine: app processes serve a load; the first is killed
// with SIGKILL once `killAt` posts were acknowledged (posts are in flight then), the load stops
// starting new citizens, and the killed process is started again on the same database. Checked
// right after the crash and again after the client replayed, with the same keys, every post that
// was not acknowledged (a reset, a refused connection).

export interface CrashRun {
  client: LoadClient;
  /** the running app processes; the first one is killed */
  apps: AppProcess[];
  /** starts the killed process again on the same database */
  restart: () => Promise<AppProcess>;
  /** the database as the test reads it, opened after the crash (a fresh connection) */
  open: () => Promise<Database>;
  total: number;
  concurrency: number;
  killAt: number;
}

export interface CrashReport {
  acked: number;
  /** posts sent but not acknowledged when the app died */
  unacked: number;
  /** of those, stored anyway (committed, the answer lost with the process) */
  storedUnacked: number;
  final: number;
  restarted: AppProcess;
  store: Database;
}

const base = (app: AppProcess): string => app.url.replace('localhost', '127.0.0.1');

export async function crashUnderLoad(run: CrashRun): Promise<CrashReport> {
  const [victim, ...others] = run.apps as [AppProcess, ...AppProcess[]];
  const jobs = makeJobs(run.total, run.apps.map(base));
  let ackedSoFar = 0;
  let killed = false;
  await runLoad(run.client, jobs, {
    concurrency: run.concurrency,
    stop: () => killed,
    posted: (job) => {
      if (job.status === 303 && ++ackedSoFar === run.killAt) {
        killed = true;
        victim.child.kill('SIGKILL');
      }
    },
  });
  expect(killed).toBe(true);
  expect(await victim.exited).toBeNull(); // ended by the signal
  expect(victim.child.signalCode).toBe('SIGKILL');

  // Right after the crash: every acknowledged post is there exactly once, every stored response has its totals.
  const store = await run.open();
  const ackedBefore = acked(jobs).length;
  const unacked = sent(jobs).filter((j) => j.status !== 303);
  // the kill cut posts short (the load had citizens left), and nothing but resets and refusals came back
  expect(unacked.length).toBeGreaterThan(0);
  expect(unacked.filter((j) => j.status !== undefined).map((j) => j.status)).toEqual([]);
  const storedAtCrash = await expectAckedStoredOnce(store, jobs);
  expect(storedAtCrash).toBeGreaterThanOrEqual(ackedBefore);
  expect(await expectTotalsRecomputable(store)).toBe(storedAtCrash);

  // Started again; the client sends every post that was not acknowledged again, with its key, through every process.
  const restarted = await run.restart();
  expect(restarted.url).not.toBe('');
  await replay(run.client, unacked, [restarted, ...others].map(base), run.concurrency);
  expect(outcomes(unacked)).toEqual({ 303: unacked.length });
  const final = await expectAckedStoredOnce(store, jobs);
  expect(final).toBe(sent(jobs).length); // one response per key sent: nothing lost, nothing doubled
  expect(acked(jobs)).toHaveLength(final);
  expect(await expectTotalsRecomputable(store)).toBe(final);
  return { acked: ackedBefore, unacked: unacked.length, storedUnacked: storedAtCrash - ackedBefore, final, restarted, store };
}
