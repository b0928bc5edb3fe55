/**
 * Benchmark 6a: the results cases of part 1 on PostgreSQL, on the same dataset (same seed and size,
 * built by buildDataset through the app's data functions), each timed and checked as on SQLite, and
 * shown beside SQLite's figures of the same run.
 */
import { PostgresDatabase, type Queryable } from '../server/data/engine/index.js';
import type { Param } from '../server/data/engine/types.js';
import { migratePg } from '../server/data/engine/migrate-pg.js';
import type { Problems } from './check.js';
import type { Cleanups } from './cleanups.js';
import { buildDataset, YEAR } from './dataset.js';
import { fmtInt, fmtMs, fmtRatio, once, table, verdict, type BudgetLine } from './measure.js';
import type { BenchOptions } from './options.js';
import { benchSchema, vacuumAnalyze, type PgServer } from './pg.js';
import { shortSql } from './plans.js';
import { printTimed, runResultsCases, type CaseRow, type Explained, type ResultsReport } from './results.js';

const MIN_SPEEDUP = 20;

export interface PgResultsReport {
  rows: CaseRow[];
  problems: Problems;
  budgets: BudgetLine[];
  /** build of the dataset on PostgreSQL: migrate + insert + recomputeTotals, and ANALYZE */
  buildMs: number;
  analyzeMs: number;
  overviewMs: number;
}

/** EXPLAIN (COSTS OFF) of a recorded statement on PostgreSQL, as lines. */
async function explainPg(store: Queryable, sql: string, args: unknown[]): Promise<string[]> {
  const rows = await store.all<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`, args as Param[]);
  return rows.map((r) => r['QUERY PLAN']);
}

const seqScansResponses = (plan: string[]): boolean => plan.some((l) => /Seq Scan on responses\b/.test(l));

/** The plans of the statements the cases ran, deduplicated by shape; returns the totals reads that scan every response. */
async function printPlans(store: Queryable, explained: Explained[]): Promise<string[]> {
  const printed = new Set<string>();
  const scans = new Map<string, number>();
  for (const e of explained) {
    for (const r of e.recorded) {
      const plan = await explainPg(store, r.sql, r.args);
      if (e.side === 'totals' && seqScansResponses(plan)) scans.set(e.label, (scans.get(e.label) ?? 0) + 1);
      const shape = shortSql(r.sql).replace(/COALESCE\(\w+, 'na'\)/, "COALESCE(<dimension>, 'na')");
      const key = `${e.side}|${shape}|${plan.join('|').replace(/\b(gender|age_band|education|occupation|disability)\b/g, '<dimension>')}`;
      if (printed.has(key)) continue;
      printed.add(key);
      const flag = e.side === 'raw' ? '' : seqScansResponses(plan) ? '   <-- totals read SCANS ALL RESPONSES' : '';
      console.log(`\n[${e.side}] ${e.label}${flag}\n  ${shape}`);
      for (const line of plan) console.log(`    ${line}`);
    }
  }
  console.log('\n(statements that differ only in the profile column are shown once)');
  return [...scans].map(([label, n]) => `${label} (${n} statement${n > 1 ? 's' : ''})`);
}

const ratio = (pg: number | null, sqlite: number | null | undefined): string =>
  pg === null || sqlite === null || sqlite === undefined ? '-' : fmtRatio(pg / sqlite);
const ms = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : fmtMs(x));

export async function runPgResults(o: BenchOptions, server: PgServer, sqlite: ResultsReport | null, cleanups: Cleanups): Promise<PgResultsReport> {
  console.log(`\n--- 6a. Results on PostgreSQL: totals vs raw scan (${fmtInt(o.responses)} responses, the dataset of part 1) ---`);
  const schema = await benchSchema(server, 'results');
  cleanups.add(`drop schema ${schema.schema}`, () => schema.drop());
  console.log(`building into schema ${schema.schema} with buildDataset (the app's data functions, 1,000-row INSERTs, 100k-row transactions) ...`);
  const builder = PostgresDatabase.connect(schema.url, { max: 2 });
  let built;
  let analyzeMs: number;
  try {
    built = await once(async () => {
      await migratePg(builder.pool);
      return buildDataset(builder, { responses: o.responses, services: o.services, seed: o.seed, analyze: false });
    });
    // The app never runs ANALYZE: in production autovacuum does, soon after a bulk load (see vacuumAnalyze).
    analyzeMs = (await once(() => vacuumAnalyze(builder))).ms;
  } finally {
    await builder.close();
  }
  const d = built.result;
  console.log(
    `built: ${fmtInt(d.responses)} responses in ${fmtMs(built.ms)} (insert ${fmtMs(d.insertMs)}, ${fmtInt(d.responses / (d.insertMs / 1000))} rows/s, ` +
      `generation included; recomputeTotals ${fmtMs(d.totalsMs)}), then VACUUM (ANALYZE) ${fmtMs(analyzeMs)}` +
      (sqlite ? `; SQLite's build in part 1: ${fmtMs(sqlite.dataset.insertMs + sqlite.dataset.totalsMs)}` : ''),
  );
  printTimed(d);
  if (sqlite && (d.serviceCode !== sqlite.dataset.serviceCode || d.unitResponses !== sqlite.dataset.unitResponses))
    console.log(`  (part 1 timed service ${sqlite.dataset.serviceCode}: the datasets differ?)`);

  // The app's pool (openStore: DATABASE_POOL_MAX's default of 10); the cases run one statement at a time.
  const store = PostgresDatabase.connect(schema.url, { max: 10 });
  let run;
  let fullScans: string[];
  try {
    run = await runResultsCases(store, d, o);
    console.log(`\nagency overview page (headline + ${fmtInt(run.overview.rows)} unit and service rows with their trend): ${fmtMs(run.overview.ms)}`);
    console.log('\nPostgreSQL plans (EXPLAIN (COSTS OFF)) of the statements as run:');
    fullScans = await printPlans(store, run.explained);
  } finally {
    await store.close();
  }
  if (fullScans.length) console.log(`\nresults reads whose plan visits every response (Seq Scan on responses): ${fullScans.join('; ')}`);
  // gone before the load tests: autovacuum and the disk owe it nothing more
  await schema.drop();
  const { rows, overview } = run;
  const problems = [...run.problems];

  // Same data on both engines: every case must count the same responses.
  const bySqlite = new Map((sqlite?.rows ?? []).map((r) => [r.label, r]));
  for (const r of rows) {
    const s = bySqlite.get(r.label);
    if (s && s.n !== r.n) problems.push(`${r.label}: PostgreSQL n=${r.n}, SQLite n=${s.n} (the datasets differ)`);
  }

  console.log(`\nResults on PostgreSQL beside SQLite (part 1 of this run${sqlite ? '' : ': not run, BENCH_ONLY'}); pg/sq = PostgreSQL time / SQLite time`);
  console.log(
    table([
      ['case', 'responses', 'totals pg', 'sqlite', 'pg/sq', 'results pg', 'sqlite', 'pg/sq', 'raw pg', 'sqlite', 'pg/sq', 'raw/totals pg', `>=${MIN_SPEEDUP}x`],
      ...rows.map((r) => {
        const s = bySqlite.get(r.label);
        return [
          r.label,
          fmtInt(r.n),
          fmtMs(r.readMs),
          ms(s?.readMs),
          ratio(r.readMs, s?.readMs),
          ms(r.resultsMs),
          ms(s?.resultsMs),
          ratio(r.resultsMs, s?.resultsMs),
          fmtMs(r.rawMs),
          ms(s?.rawMs),
          ratio(r.rawMs, s?.rawMs),
          fmtRatio(r.rawMs / r.readMs),
          verdict(r.rawMs / r.readMs >= MIN_SPEEDUP),
        ];
      }),
      ['agency overview page, a year', '', fmtMs(overview.ms), ms(sqlite?.overviewMs), ratio(overview.ms, sqlite?.overviewMs), '', '', '', '', '', '', '', ''],
    ]),
  );
  console.log(`medians, as in 1c; year ${YEAR}. PostgreSQL runs on the same 2 cores as this process (its raw scans may use parallel workers).`);
  if (problems.length) {
    console.log(`\nCHECK FAILED on PostgreSQL (${problems.length} problems):`);
    for (const p of problems.slice(0, 30)) console.log(`  ${p}`);
  }

  const worst = rows.reduce((a, b) => (b.rawMs / b.readMs < a.rawMs / a.readMs ? b : a));
  const misses = rows.filter((r) => r.rawMs / r.readMs < MIN_SPEEDUP);
  return {
    rows,
    problems,
    buildMs: built.ms,
    analyzeMs,
    overviewMs: overview.ms,
    budgets: [
      {
        budget: 'PostgreSQL: results read vs raw scan (worst case)',
        measured: fmtRatio(worst.rawMs / worst.readMs),
        limit: `>= ${MIN_SPEEDUP}x`,
        pass: misses.length === 0,
        note: `${rows.length - misses.length}/${rows.length} cases reach it; worst: ${worst.label}`,
      },
    ],
  };
}
