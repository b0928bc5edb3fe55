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
import { runDemoLoad, runPageWeight } from './demo.js';
import { runHttpBench } from './http.js';
import { runPublicApiBench } from './public-api.js';
import { fmtInt, fmtMs, heading, table, verdict, type BudgetLine } from './measure.js';
import { benchOptions } from './options.js';
import { runResultsBench } from './results.js';

async function main(): Promise<number> {
  const started = performance.now();
  const o = benchOptions();
  const dir = mkdtempSync(join(tmpdir(), 'mutu-bench-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
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
    if (o.only.has('results')) {
      const results = await runResultsBench(o, dir);
      rmSync(join(dir, 'results.db'), { force: true }); // free the disk before the HTTP part
      budgets.push(...results.budgets);
      checks.push(['totals == raw scan (n exact, IKM 1e-9)', results.problems]);
      fullScans = results.fullScans;
    }
    if (o.only.has('demo') || o.only.has('weight') || o.only.has('http') || o.only.has('api')) {
      const demo = await runDemoLoad(dir); // the HTTP parts serve the demo database
      if (o.only.has('demo')) budgets.push(...demo.budgets);
      if (o.only.has('weight')) {
        const weight = await runPageWeight(demo.file, demo.serviceCode);
        budgets.push(...weight.budgets);
        checks.push(['page weight measured', weight.problems]);
      }
      if (o.only.has('http')) {
        const http = await runHttpBench(o, demo.file, demo.serviceCode);
        budgets.splice(o.only.has('results') ? 4 : 0, 0, ...http.budgets);
        checks.push(['HTTP answers as expected, posts stored', http.problems]);
      }
      if (o.only.has('api')) {
        const api = await runPublicApiBench(o, demo.file, demo.serviceCode);
        budgets.push(...api.budgets);
        checks.push(['public API answers 200 or 400 under load', api.problems]);
      }
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
    if (fullScans.length) console.log(`\nresults reads that visit every response (see 1b): ${fullScans.join('; ')}`);
    if (o.quick)
      console.log(`\nBENCH_QUICK: smaller data (${fmtInt(o.responses)} responses) and shorter load tests; the budgets are defined for 1,000,000 responses.`);
    const missed = budgets.filter((b) => b.pass === false).length;
    console.log(`\n${budgets.length - missed}/${budgets.length} budgets met; total run time ${fmtMs(elapsed)}`);
    const failed = checks.some(([, p]) => p.length > 0);
    if (failed) console.log('A CHECK FAILED: the figures above are not a fair comparison (exit code 1).');
    return failed ? 1 : 0;
  } finally {
    cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
