/**
 * npm run bench: the performance budgets of spec/performance.md, measured as ratios against
 * baselines taken in the same run. Budgets are reported (PASS/MISS), never enforced; the run exits
 * non-zero only when a check fails (totals and raw figures differ, or a load test got wrong answers).
 * See bench/README.md for what each part measures and the BENCH_* variables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../server/paths.js';
import { Cleanups, guardAgainstKill, schemasLeft } from './cleanups.js';
import { runDemoLoad, runPageWeight } from './demo.js';
import { runHttpBench, type HttpReport } from './http.js';
import { runPgBench, type InfoLine } from './pg-bench.js';
import { runPublicApiBench } from './public-api.js';
import { fmtInt, fmtMs, heading, table, verdict, type BudgetLine } from './measure.js';
import { benchOptions } from './options.js';
import { runResultsBench, type ResultsReport } from './results.js';

async function main(): Promise<number> {
  const started = performance.now();
  const o = benchOptions();
  const dir = mkdtempSync(join(tmpdir(), 'mutu-bench-'));
  // run last: a PostgreSQL cluster the bench started keeps its state file in dir; a schema that could
  // not be dropped in time stays listed there, and the dir with it, for the guard to finish once we exit
  const cleanups = new Cleanups();
  cleanups.add('delete the temp dir', () => {
    if (!schemasLeft(dir)) rmSync(dir, { recursive: true, force: true });
  });
  guardAgainstKill(dir, ROOT); // the same, should this process be killed before it can clean up
  // `on`, not `once`: Ctrl-C under `npm run` arrives twice (from the terminal, and forwarded by npm
  // through tsx), and a second signal must not kill the process half-way through its cleanup.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: cleaning up (temp files, PostgreSQL schemas, the bench's own cluster)`);
      void cleanups.run(5_000).finally(() => process.exit(130));
    });
  }
  console.log(
    `Mutu bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
      `${o.quick ? 'BENCH_QUICK' : 'full'} run, ${fmtInt(o.responses)} responses, parts: ${[...o.only].join(', ')}, temp dir ${dir}`,
  );
  const load = loadavg().map((x) => x.toFixed(2));
  console.log(`load average at start: ${load.join(' ')} (other processes on these ${cpus().length} CPUs skew timings, HTTP most)`);
  try {
    const budgets: BudgetLine[] = [];
    const checks: Array<[string, string[]]> = [];
    let fullScans: string[] = [];
    let results: ResultsReport | null = null;
    let http: HttpReport | null = null;
    let demoMs: number | null = null;
    let info: InfoLine[] = [];
    let pgSkipped: string | undefined;
    if (o.only.has('results')) {
      results = await runResultsBench(o, dir);
      rmSync(join(dir, 'results.db'), { force: true }); // free the disk before the HTTP part
      budgets.push(...results.budgets);
      checks.push(['totals == raw scan (n exact, IKM 1e-9)', results.problems]);
      fullScans = results.fullScans;
    }
    if (o.only.has('demo') || o.only.has('weight') || o.only.has('http') || o.only.has('api')) {
      const demo = await runDemoLoad(dir); // the HTTP parts serve the demo database
      demoMs = demo.ms;
      if (o.only.has('demo')) budgets.push(...demo.budgets);
      if (o.only.has('weight')) {
        const weight = await runPageWeight(demo.file, demo.serviceCode);
        budgets.push(...weight.budgets);
        checks.push(['page weight measured', weight.problems]);
      }
      if (o.only.has('http')) {
        http = await runHttpBench(o, demo.file, demo.serviceCode);
        budgets.splice(o.only.has('results') ? 4 : 0, 0, ...http.budgets);
        checks.push(['HTTP answers as expected, posts stored', http.problems]);
      }
      if (o.only.has('api')) {
        const api = await runPublicApiBench(o, demo.file, demo.serviceCode);
        budgets.push(...api.budgets);
        checks.push(['public API answers 200 or 400 under load', api.problems]);
      }
    }
    if (o.only.has('pg')) {
      const pg = await runPgBench(o, dir, { results, http, demoMs }, cleanups);
      budgets.push(...pg.budgets);
      checks.push(...pg.checks);
      info = pg.info;
      pgSkipped = pg.skipped;
    }
    const elapsed = performance.now() - started;

    heading('Summary');
    console.log(
      table([
        ['budget', 'measured', 'limit', 'result', 'note'],
        ...budgets.map((b) => [b.budget, b.measured, b.limit, verdict(b.pass), b.note ?? '']),
        ...checks.map(([name, problems]) => [
          `check: ${name}`,
          problems.length ? `${problems.length} problems` : 'ok',
          '',
          problems.length ? 'FAIL' : 'OK',
          '',
        ]),
      ]),
    );
    if (info.length) {
      console.log('\nPostgreSQL beside SQLite (information; figures from parts 1-4 and 6 of this run, pg/sq = PostgreSQL / SQLite):');
      console.log(table([['measure', 'PostgreSQL', 'SQLite', 'pg/sq'], ...info.map((i) => [i.measure, i.pg, i.sqlite, i.ratio])]));
    }
    if (pgSkipped) console.log(`\nPostgreSQL part skipped: ${pgSkipped}`);
    if (fullScans.length) console.log(`\nresults reads that visit every response (see 1b): ${fullScans.join('; ')}`);
    if (o.quick)
      console.log(`\nBENCH_QUICK: smaller data (${fmtInt(o.responses)} responses) and shorter load tests; the budgets are defined for 1,000,000 responses.`);
    const missed = budgets.filter((b) => b.pass === false).length;
    console.log(`\n${budgets.length - missed}/${budgets.length} budgets met; total run time ${fmtMs(elapsed)}`);
    const failed = checks.some(([, p]) => p.length > 0);
    if (failed) console.log('A CHECK FAILED: the figures above are not a fair comparison (exit code 1).');
    return failed ? 1 : 0;
  } finally {
    await cleanups.run();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
