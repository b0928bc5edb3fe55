/**
 * Benchmark 1: results from the running totals against a raw scan of the same responses.
 * Every case is timed both ways and checked to give the same figures.
 */
import { join } from 'node:path';
import { openDb } from '../server/db.js';
import { inList, SqliteDatabase, type Queryable } from '../server/data/engine/index.js';
import type { Param } from '../server/data/engine/types.js';
import { rawTotalsByService, readBreakdowns, readTotalsByService, sumTotals, type TotalsQuery } from '../server/data/totals.js';
import { DIMENSION_COLUMN, RAW_COUNTS, rowToTotals } from '../server/data/totals-sql.js';
import { computeResults, type ResultsQuery } from '../server/results/compute.js';
import { overview as overviewPage } from '../server/results/overview.js';
import { resolveScope, type Scope, type ScopeKind } from '../server/results/scope.js';
import { ELEMENT_CODES, type Totals } from '../server/indicators/types.js';
import { DIMENSION_NAMES, PREFER_NOT, type Dimension } from '../server/vocabulary/profile.js';
import { compareByService, compareGroups, compareHeadline, comparePlain, type PlainFigures, type Problems } from './check.js';
import { buildSqliteDataset, YEAR, type Dataset, type SqliteDataset } from './dataset.js';
import { fmtBytes, fmtInt, fmtMs, fmtRatio, heading, table, timeIt, verdict, type BudgetLine, type RepeatOptions } from './measure.js';
import type { BenchOptions } from './options.js';
import { explain, readsResponses, recordingQueryable, scansAllResponses, shortSql, type Recorded } from './plans.js';

const RESULTS_OPTIONS = { lang: 'id', k: 5, showUnpublished: true };
const YEAR_RANGE = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
const QUARTER = { from: `${YEAR}-04-01`, to: `${YEAR}-06-30` };
/** a range that cuts its first and last month */
const CUT = { from: `${YEAR}-01-15`, to: `${YEAR}-10-20` };
const FEMALE = { dimension: 'gender' as Dimension, value: 'P' };
/** the ratio raw scan / totals read every results read must reach */
const MIN_SPEEDUP = 20;

interface Case {
  label: string;
  kind: ScopeKind;
  range: { from: string; to: string };
  group?: { dimension: Dimension; value: string };
  /** profile-group breakdowns (readBreakdowns) instead of the per-service totals */
  breakdowns?: boolean;
}

export interface CaseRow {
  label: string;
  breakdowns: boolean;
  n: number;
  readMs: number;
  resultsMs: number | null;
  rawMs: number;
  reps: string;
}

export interface ResultsReport {
  dataset: SqliteDataset;
  rows: CaseRow[];
  problems: Problems;
  budgets: BudgetLine[];
  /** totals reads whose plan visits every response */
  fullScans: string[];
  /** the agency overview page, a year */
  overviewMs: number;
}

type Groups = Record<Dimension | 'channel', Record<string, Totals>>;

/** The breakdowns by a raw GROUP BY over responses: one query per dimension and one for channels. */
async function rawBreakdowns(db: Queryable, q: TotalsQuery): Promise<Groups> {
  const scope = q.serviceIds ? `${inList(db.engine, 'service_id')} AND` : '';
  const args: Param[] = [...(q.serviceIds ? [JSON.stringify(q.serviceIds)] : []), q.from, q.to];
  const out = {} as Groups;
  const columns: Array<[Dimension | 'channel', string]> = [
    ...DIMENSION_NAMES.map((d) => [d, `COALESCE(${DIMENSION_COLUMN[d]}, '${PREFER_NOT}')`] as [Dimension, string]),
    ['channel', 'channel'],
  ];
  for (const [dim, expr] of columns) {
    const rows = await db.all<Record<string, number | null> & { grp: string }>(
      `SELECT ${expr} AS grp, ${RAW_COUNTS} FROM responses WHERE ${scope} local_date BETWEEN ? AND ? GROUP BY 1`,
      args,
    );
    out[dim] = Object.fromEntries(rows.map((r) => [r.grp, rowToTotals(r)]));
  }
  return out;
}

/** count(*) and AVG of each element by plain SQL, for an independent check of the totals. */
async function plainFigures(db: Queryable, q: TotalsQuery): Promise<PlainFigures> {
  const scope = q.serviceIds ? `${inList(db.engine, 'service_id')} AND` : '';
  // lower-case aliases: PostgreSQL folds unquoted names to lower case
  const avgs = ELEMENT_CODES.map((c) => `AVG(e_${c.toLowerCase()}) AS avg_${c.toLowerCase()}`).join(', ');
  const row = (await db.get<Record<string, number | null> & { n: number }>(
    `SELECT count(*) AS n, ${avgs} FROM responses WHERE ${scope} local_date BETWEEN ? AND ?`,
    [...(q.serviceIds ? [JSON.stringify(q.serviceIds)] : []), q.from, q.to],
  )) as Record<string, number | null> & { n: number };
  return { n: row.n, nrr: Object.fromEntries(ELEMENT_CODES.map((c) => [c, row[`avg_${c.toLowerCase()}`] ?? null])) };
}

async function scopeOf(store: Queryable, kind: ScopeKind, d: Dataset): Promise<Scope> {
  const code = kind === 'service' ? d.serviceCode : kind === 'unit' ? d.unitCode : undefined;
  const scope = await resolveScope(store, kind, code);
  if (!scope) throw new Error(`no ${kind} ${code ?? ''} in the bench database`);
  return scope;
}

const CASES: Case[] = [
  { label: 'agency, year', kind: 'agency', range: YEAR_RANGE },
  { label: 'agency, quarter', kind: 'agency', range: QUARTER },
  { label: 'unit, year', kind: 'unit', range: YEAR_RANGE },
  { label: 'unit, quarter', kind: 'unit', range: QUARTER },
  { label: 'service, year', kind: 'service', range: YEAR_RANGE },
  { label: 'service, quarter', kind: 'service', range: QUARTER },
  { label: 'agency, cut range', kind: 'agency', range: CUT },
  { label: 'service, cut range', kind: 'service', range: CUT },
  { label: 'agency, year, gender=P', kind: 'agency', range: YEAR_RANGE, group: FEMALE },
  { label: 'service, year, gender=P', kind: 'service', range: YEAR_RANGE, group: FEMALE },
  { label: 'agency, cut range, gender=P', kind: 'agency', range: CUT, group: FEMALE },
  { label: 'breakdowns: agency, year', kind: 'agency', range: YEAR_RANGE, breakdowns: true },
  { label: 'breakdowns: service, year', kind: 'service', range: YEAR_RANGE, breakdowns: true },
];

/** Statements a case ran, for the plans: the totals side (computeResults, readBreakdowns) or the raw scan. */
export interface Explained {
  label: string;
  side: 'totals' | 'raw';
  recorded: Recorded[];
}

export interface CasesRun {
  rows: CaseRow[];
  problems: Problems;
  explained: Explained[];
  /** the agency overview page for the year (headline + every unit and service with its trend) */
  overview: { ms: number; rows: number };
}

/**
 * Every case on `store` (either engine): timed as the totals read, the full computeResults and the raw
 * scan, each checked against the raw figures; one line printed per case. Then the agency overview.
 */
export async function runResultsCases(store: Queryable, d: Dataset, o: BenchOptions): Promise<CasesRun> {
  const problems: Problems = [];
  const rows: CaseRow[] = [];
  const fast: RepeatOptions = { minReps: o.reps.min, maxReps: o.reps.max, budgetMs: o.reps.budgetMs, slowMinReps: o.rawMinReps };
  const slow: RepeatOptions = { ...fast, minReps: o.rawMinReps };

  const explained: Explained[] = [];
  for (const c of CASES) {
    const scope = await scopeOf(store, c.kind, d);
    const q: TotalsQuery = { serviceIds: scope.serviceIds, ...c.range, channel: null, group: c.group ?? null };
    const where = `${c.label} (${c.range.from}..${c.range.to})`;
    let row: CaseRow;
    if (c.breakdowns) {
      const read = await timeIt(() => readBreakdowns(store, q), fast);
      const raw = await timeIt(() => rawBreakdowns(store, q), slow);
      problems.push(...compareGroups(where, read.result, raw.result));
      const n = Object.values(raw.result.channel).reduce((s, t) => s + t.n, 0);
      row = { label: c.label, breakdowns: true, n, readMs: read.ms, resultsMs: null, rawMs: raw.ms, reps: `${read.reps}/${raw.reps}` };
      const rec: Recorded[] = [];
      await readBreakdowns(recordingQueryable(store, rec), q);
      explained.push({ label: c.label, side: 'totals', recorded: rec });
      const rawRec: Recorded[] = [];
      await rawBreakdowns(recordingQueryable(store, rawRec), q);
      explained.push({ label: c.label, side: 'raw', recorded: rawRec });
    } else {
      const rq: ResultsQuery = { ...c.range, channel: null, group: c.group ?? null };
      const read = await timeIt(() => readTotalsByService(store, q), fast);
      const results = await timeIt(() => computeResults(store, scope, rq, RESULTS_OPTIONS), fast);
      const raw = await timeIt(() => rawTotalsByService(store, q), slow);
      const rawSum = sumTotals(raw.result.values());
      problems.push(...compareByService(where, read.result, raw.result), ...compareHeadline(where, results.result, rawSum));
      row = {
        label: c.label,
        breakdowns: false,
        n: rawSum.n,
        readMs: read.ms,
        resultsMs: results.ms,
        rawMs: raw.ms,
        reps: `${read.reps}/${results.reps}/${raw.reps}`,
      };
      // every statement computeResults runs on totals or responses (per-service totals, breakdowns, edges)
      const rec: Recorded[] = [];
      await computeResults(recordingQueryable(store, rec), scope, rq, RESULTS_OPTIONS);
      explained.push({ label: c.label, side: 'totals', recorded: rec.filter((r) => /\bFROM (totals_\w+|responses)\b/.test(r.sql)) });
      if (c.label === 'agency, year' || c.label === 'service, year' || c.label === 'unit, year') {
        const rawRec: Recorded[] = [];
        await rawTotalsByService(recordingQueryable(store, rawRec), q);
        explained.push({ label: c.label, side: 'raw', recorded: rawRec });
        // independent of the metric SQL the app shares: count(*) and AVG per element
        problems.push(...comparePlain(`${where}, plain SQL`, sumTotals(read.result.values()), await plainFigures(store, q)));
      }
    }
    rows.push(row);
    console.log(
      `  ${c.label.padEnd(31)} n=${fmtInt(row.n).padStart(9)}  totals ${fmtMs(row.readMs).padStart(9)}` +
        `${row.resultsMs === null ? ''.padStart(21) : `  results ${fmtMs(row.resultsMs).padStart(9)}`}  raw ${fmtMs(row.rawMs).padStart(9)}  raw/totals ${fmtRatio(row.rawMs / row.readMs)}`,
    );
  }
  if (problems.length) {
    console.log(`\nCHECK FAILED: totals and raw figures differ (${problems.length} problems):`);
    for (const p of problems.slice(0, 30)) console.log(`  ${p}`);
  } else {
    console.log(
      `\ncheck: totals == raw scan in every case (n and every count exactly, IKM to 1e-9); plain count(*)/AVG agree on agency, unit and service years`,
    );
  }
  // The agency overview page: the headline (no breakdowns) and every unit and service with its trend.
  const agencyScope = await scopeOf(store, 'agency', d);
  const yearQuery: ResultsQuery = { ...YEAR_RANGE, channel: null, group: null };
  const overview = await timeIt(async () => (await overviewPage(store, agencyScope, yearQuery, String(YEAR), 'id', 5)).rows, fast);
  return { rows, problems, explained, overview: { ms: overview.ms, rows: overview.result.length } };
}

/** The timed service and unit of a dataset. */
export function printTimed(d: Dataset): void {
  console.log(
    `timed service: ${d.serviceCode} (median volume, ${fmtInt(d.serviceResponses)} responses a year); timed unit: ${d.unitCode} (${d.unitServices} services in its subtree, ${fmtInt(d.unitResponses)} responses)`,
  );
}

export async function runResultsBench(o: BenchOptions, dir: string): Promise<ResultsReport> {
  heading(`1. Results from running totals vs a raw scan (${fmtInt(o.responses)} responses)`);
  console.log(`building ${join(dir, 'results.db')} ...`);
  const d = await buildSqliteDataset(join(dir, 'results.db'), { responses: o.responses, services: o.services, seed: o.seed, analyze: o.analyze });
  console.log(
    `built: ${fmtInt(d.responses)} responses, ${d.services} services, ${d.units} units, year ${YEAR}; ` +
      `insert ${fmtMs(d.insertMs)} (${fmtInt(d.responses / (d.insertMs / 1000))} rows/s, generation included), ` +
      `recomputeTotals ${fmtMs(d.totalsMs)}${d.analyzeMs === null ? '' : `, ANALYZE ${fmtMs(d.analyzeMs)}`}, file ${fmtBytes(d.fileBytes)}`,
  );
  printTimed(d);
  console.log(
    `statistics: median of timed repetitions after one warm-up; page cache: openDb defaults${o.analyze ? '; ANALYZE run' : '; no ANALYZE (as the app)'}`,
  );

  const db = openDb(d.file); // the app's connection settings, not the bulk-load ones
  const store = SqliteDatabase.of(db); // the app's async handle on the same connection
  const { rows, problems, explained, overview } = await runResultsCases(store, d, o);

  // Plans of the statements actually run (deduplicated by SQL shape).
  heading('1b. EXPLAIN QUERY PLAN (statements as run by computeResults / readBreakdowns / rawTotalsByService)');
  const printed = new Map<string, { times: number }>();
  const scanCount = new Map<string, number>();
  for (const e of explained) {
    for (const r of e.recorded) {
      const plan = explain(db, r);
      if (e.side === 'totals' && scansAllResponses(plan)) scanCount.set(e.label, (scanCount.get(e.label) ?? 0) + 1);
      // one entry per statement shape and plan: the per-dimension GROUP BYs differ only in their column
      const shape = shortSql(r.sql).replace(/COALESCE\(\w+, 'na'\)/, "COALESCE(<dimension>, 'na')");
      const key = `${e.side}|${shape}|${plan.join('|').replace(/\b(gender|age_band|education|occupation|disability)\b/g, '<dimension>')}`;
      const seen = printed.get(key);
      if (seen) {
        seen.times++;
        continue;
      }
      printed.set(key, { times: 1 });
      const flag =
        e.side === 'raw'
          ? ''
          : scansAllResponses(plan)
            ? '   <-- totals read SCANS ALL RESPONSES'
            : readsResponses(plan)
              ? '   (edge days from responses)'
              : '';
      console.log(`\n[${e.side}] ${e.label}${flag}\n  ${shape}`);
      for (const line of plan) console.log(`  ${line}`);
    }
  }
  console.log('\n(statements that differ only in the profile column are shown once)');
  const fullScans = [...scanCount].map(([label, count]) => `${label} (${count} statement${count > 1 ? 's' : ''})`);
  if (fullScans.length) console.log(`\nresults reads whose plan visits every response (SCAN responses): ${fullScans.join('; ')}`);
  console.log(`\nagency overview page (headline + ${fmtInt(overview.rows)} unit and service rows with their trend): ${fmtMs(overview.ms)}`);

  db.close();

  heading('1c. Results: totals vs raw scan');
  console.log(
    table([
      ['case', 'responses', 'totals read', 'computeResults', 'raw scan', 'raw/totals', `>=${MIN_SPEEDUP}x`, 'raw/results', 'reps'],
      ...rows.map((r) => [
        r.label,
        fmtInt(r.n),
        fmtMs(r.readMs),
        r.resultsMs === null ? '-' : fmtMs(r.resultsMs),
        fmtMs(r.rawMs),
        fmtRatio(r.rawMs / r.readMs),
        verdict(r.rawMs / r.readMs >= MIN_SPEEDUP),
        r.resultsMs === null ? '-' : fmtRatio(r.rawMs / r.resultsMs),
        r.reps,
      ]),
    ]),
  );
  console.log('totals read = readTotalsByService (or readBreakdowns); computeResults = the whole results object (headline, services, breakdowns,');
  console.log('inclusiveness); raw scan = rawTotalsByService (or one GROUP BY per dimension and channel); reps = timed repetitions per column.');

  const by = (label: string): CaseRow => rows.find((r) => r.label === label) as CaseRow;
  const service = by('service, year');
  const agency = by('agency, year');
  const breakdowns = by('breakdowns: agency, year');
  const worst = rows.reduce((a, b) => (b.rawMs / b.readMs < a.rawMs / a.readMs ? b : a));
  const misses = rows.filter((r) => r.rawMs / r.readMs < MIN_SPEEDUP).map((r) => r.label);
  const budgets: BudgetLine[] = [
    {
      budget: 'one service, a year (computeResults)',
      measured: fmtMs(service.resultsMs ?? 0),
      limit: '< 5 ms',
      pass: (service.resultsMs ?? 0) < 5,
      note: `totals read ${fmtMs(service.readMs)}`,
    },
    {
      budget: 'agency overview, a year (dashboard page)',
      measured: fmtMs(overview.ms),
      limit: '< 50 ms',
      pass: overview.ms < 50,
      note: `totals read ${fmtMs(agency.readMs)}; full results with breakdowns ${fmtMs(agency.resultsMs ?? 0)}`,
    },
    { budget: 'profile-group breakdowns, agency year', measured: fmtMs(breakdowns.readMs), limit: '< 100 ms', pass: breakdowns.readMs < 100 },
    {
      budget: 'results read vs raw scan (worst case)',
      measured: fmtRatio(worst.rawMs / worst.readMs),
      limit: `>= ${MIN_SPEEDUP}x`,
      pass: misses.length === 0,
      note: `${rows.length - misses.length}/${rows.length} cases reach it; worst: ${worst.label}`,
    },
  ];
  return { dataset: d, rows, problems, budgets, fullScans, overviewMs: overview.ms };
}
