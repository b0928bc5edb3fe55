/**
 * Benchmark 6: PostgreSQL beside SQLite. Finds a server (bench/pg.ts), runs the results cases
 * (pg-results.ts) and the survey under load with one and two app processes (pg-http.ts) in schemas
 * of its own, and sums up the figures beside SQLite's of the same run for the summary.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Cleanups } from './cleanups.js';
import type { HttpReport } from './http.js';
import { fmtInt, fmtMs, fmtRatio, heading, type BudgetLine } from './measure.js';
import type { BenchOptions } from './options.js';
import { acquirePostgres, type PgServer } from './pg.js';
import { runPgHttp, type PgHttpRow } from './pg-http.js';
import { runPgResults } from './pg-results.js';
import type { ResultsReport } from './results.js';

/** A PostgreSQL figure beside SQLite's, for the summary (information, not a budget). */
export interface InfoLine {
  measure: string;
  pg: string;
  sqlite: string;
  ratio: string;
}

export interface PgReport {
  /** why the part did not run */
  skipped?: string;
  budgets: BudgetLine[];
  checks: Array<[string, string[]]>;
  info: InfoLine[];
}

export interface SqliteFigures {
  results: ResultsReport | null;
  http: HttpReport | null;
  demoMs: number | null;
}

/** Version and the settings that shape the figures. */
async function describeServer(server: PgServer): Promise<string> {
  const client = new pg.Client({ connectionString: server.base });
  await client.connect();
  try {
    const names = ['server_version', 'fsync', 'synchronous_commit', 'shared_buffers', 'max_parallel_workers_per_gather', 'autovacuum'];
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1) ORDER BY array_position($1, name)',
      [names],
    );
    return rows.map((r) => `${r.name}=${r.setting}${r.unit && r.unit !== 'ms' ? ` x ${r.unit}` : ''}`).join(', ');
  } finally {
    await client.end();
  }
}

const ratio = (pg: number | null | undefined, sqlite: number | null | undefined): string =>
  pg === null || pg === undefined || sqlite === null || sqlite === undefined ? '-' : fmtRatio(pg / sqlite);
const ms = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : fmtMs(x));

/** A survey row as "app X (+ pg Y)". */
function cpuText(r: PgHttpRow): string {
  return r.pgCpuMs === null ? `${fmtMs(r.appCpuMs)} app` : `${fmtMs(r.appCpuMs)} app + ${fmtMs(r.pgCpuMs)} pg`;
}
function cpuRatio(r: PgHttpRow): string {
  if (!r.sqlite) return '-';
  const app = fmtRatio(r.appCpuMs / r.sqlite.cpuMs);
  return r.pgCpuMs === null ? `${app} (app)` : `${app} app, ${fmtRatio((r.appCpuMs + r.pgCpuMs) / r.sqlite.cpuMs)} app+pg`;
}

export async function runPgBench(o: BenchOptions, dir: string, sqlite: SqliteFigures, cleanups: Cleanups): Promise<PgReport> {
  heading('6. PostgreSQL beside SQLite (results cases, demo load, survey GET/POST with 1 and 2 app processes)');
  const server = await acquirePostgres(dir, (stop) => cleanups.add("stop the bench's PostgreSQL cluster", stop));
  if ('skipped' in server) {
    console.log(`PostgreSQL part skipped: ${server.skipped}`);
    return { skipped: server.skipped, budgets: [], checks: [], info: [] };
  }
  console.log(`PostgreSQL: ${server.source}; ${await describeServer(server)}`);
  console.log('the bench works in schemas of its own (bench_*), dropped at the end');

  const t0 = performance.now();
  const results = await runPgResults(o, server, sqlite.results, cleanups);
  const t1 = performance.now();
  const http = await runPgHttp(o, server, sqlite.http, cleanups);
  const t2 = performance.now();
  console.log(`\npart 6 took ${fmtMs(t2 - t0)}: results ${fmtMs(t1 - t0)} (build and VACUUM (ANALYZE) included), survey ${fmtMs(t2 - t1)}`);

  const r = results.rows;
  const s = sqlite.results?.rows ?? [];
  const pgCase = (label: string) => r.find((x) => x.label === label);
  const sqCase = (label: string) => s.find((x) => x.label === label);
  const sd = sqlite.results?.dataset;
  const sqliteBuild = sd ? sd.insertMs + sd.totalsMs : null;
  const worst = (rows: typeof r): number | null => (rows.length ? Math.min(...rows.map((x) => x.rawMs / x.readMs)) : null);
  const info: InfoLine[] = [
    {
      measure: `results dataset build (${fmtInt(o.responses)} responses)`,
      pg: `${fmtMs(results.buildMs)} + VACUUM (ANALYZE) ${fmtMs(results.analyzeMs)}`,
      sqlite: ms(sqliteBuild),
      ratio: ratio(results.buildMs + results.analyzeMs, sqliteBuild),
    },
    ...(
      [
        ['one service, a year (computeResults)', 'service, year', 'resultsMs'],
        ['agency, a year (computeResults)', 'agency, year', 'resultsMs'],
        ['profile-group breakdowns, agency year', 'breakdowns: agency, year', 'readMs'],
        ['raw scan, agency year', 'agency, year', 'rawMs'],
      ] as const
    ).map(([measure, label, field]) => ({
      measure,
      pg: ms(pgCase(label)?.[field]),
      sqlite: ms(sqCase(label)?.[field]),
      ratio: ratio(pgCase(label)?.[field], sqCase(label)?.[field]),
    })),
    {
      measure: 'agency overview, a year',
      pg: fmtMs(results.overviewMs),
      sqlite: ms(sqlite.results?.overviewMs),
      ratio: ratio(results.overviewMs, sqlite.results?.overviewMs),
    },
    {
      measure: 'results read vs raw scan, worst case',
      pg: fmtRatio(worst(r) ?? 0),
      sqlite: s.length ? fmtRatio(worst(s) ?? 0) : '-',
      ratio: '',
    },
    { measure: 'demo load (loadDemo)', pg: fmtMs(http.demo.ms), sqlite: ms(sqlite.demoMs), ratio: ratio(http.demo.ms, sqlite.demoMs) },
    ...http.rows
      .filter((x) => !x.name.startsWith('bare'))
      .flatMap((x) => [
        { measure: `${x.name}: CPU/req`, pg: cpuText(x), sqlite: ms(x.sqlite?.cpuMs), ratio: cpuRatio(x) },
        {
          measure: `${x.name}: req/s, p99`,
          pg: `${fmtInt(x.rps)}, ${fmtMs(x.p99)}`,
          sqlite: x.sqlite ? `${fmtInt(x.sqlite.rps)}, ${fmtMs(x.sqlite.p99)}` : '-',
          ratio: ratio(x.rps, x.sqlite?.rps),
        },
      ]),
  ];
  return {
    budgets: [...results.budgets, ...http.budgets],
    checks: [
      ['PostgreSQL: totals == raw scan, same n as SQLite', results.problems],
      ['PostgreSQL: HTTP answers as expected, posts stored', http.problems],
    ],
    info,
  };
}
