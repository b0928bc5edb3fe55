/**
 * Benchmark 2: HTTP throughput with autocannon against servers in child processes. Each round
 * measures bare Express and then the app's routes back to back, so ratios compare like with like.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon, { type Options, type Result } from 'autocannon';
import Database from 'better-sqlite3';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { fmtInt, fmtMs, fmtPct, heading, median, table, type BudgetLine } from './measure.js';
import type { BenchOptions } from './options.js';
import { rawRequest, startServer, type Child } from './servers.js';

/** Names of the targets other parts compare with. */
export const GET_GZIP = 'GET /s/:code (gzip)';
export const POST_VALID = 'POST /s/:code (valid)';

/** What a browser sends with a page request. */
export const BROWSER = { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'id-ID,id;q=0.9,en;q=0.8', accept: 'text/html' };

/** A valid, complete submission as the form posts it (the idempotency key is filled per request). */
export function formBody(idem: string): string {
  const answers = ELEMENT_CODES.map((c, i) => [c, String(1 + ((i + 2) % 4))]);
  return new URLSearchParams([
    ['idem', idem],
    ['website', ''],
    ...answers,
    ['gender', 'P'],
    ['age', '34'],
    ['education', 's1'],
    ['occupation', 'swasta'],
    ['disability', 'no'],
    ['comment', ''],
  ]).toString();
}

/** Unique 22-character keys like the page's (base64url of 16 bytes), so every post is stored, never deduplicated. */
export function keyMaker(): () => string {
  const prefix = randomBytes(9).toString('base64url'); // 12 characters
  let n = 0;
  return () => prefix + (n++).toString(36).padStart(10, '0');
}

interface Target {
  name: string;
  /** which server it loads */
  server: 'bare' | 'app';
  /** the status every response must have */
  expect: number;
  options(base: { bare: Child; app: Child }): Omit<Options, 'connections' | 'duration'>;
}

export interface HttpRun {
  target: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** server CPU time per request, ms */
  cpuMs: number;
}

/** One target's medians over the rounds. */
export interface HttpRow {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** req/s relative to bare Express in the same round (median over rounds) */
  ratio: number;
  /** server CPU per request, ms */
  cpuMs: number;
  /** bare Express's CPU per request / this one's */
  cpuRatio: number;
}

export interface HttpReport {
  runs: HttpRun[];
  rows: HttpRow[];
  budgets: BudgetLine[];
  problems: string[];
}

export function cannon(opts: Options): Promise<Result> {
  return autocannon({ timeout: 10, ...opts });
}

/** Statuses other than the expected one, connection errors and timeouts, as problems. */
export function validate(name: string, r: Result, expect: number): string[] {
  const out: string[] = [];
  const others = Object.entries(r.statusCodeStats).filter(([code]) => Number(code) !== expect);
  if (others.length) out.push(`${name}: unexpected statuses ${others.map(([c, s]) => `${c} x${s.count}`).join(', ')} (expected ${expect})`);
  if (r.errors || r.timeouts) out.push(`${name}: ${r.errors} errors, ${r.timeouts} timeouts`);
  return out;
}

export async function runHttpBench(o: BenchOptions, demoDb: string, serviceCode: string): Promise<HttpReport> {
  heading(`4. HTTP throughput (autocannon, ${o.http.connections} connections, ${o.http.seconds} s x ${o.http.rounds} rounds, 127.0.0.1)`);
  const problems: string[] = [];
  const nextKey = keyMaker();
  const count = (): number => {
    const db = new Database(demoDb, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  const targets: Target[] = [
    { name: 'bare Express, 2 KB page', server: 'bare', expect: 200, options: ({ bare }) => ({ url: `${bare.url}/`, headers: BROWSER }) },
    { name: GET_GZIP, server: 'app', expect: 200, options: ({ app }) => ({ url: `${app.url}/s/${serviceCode}`, headers: BROWSER }) },
    {
      name: 'GET /s/:code (no gzip)',
      server: 'app',
      expect: 200,
      options: ({ app }) => ({ url: `${app.url}/s/${serviceCode}`, headers: { 'accept-language': BROWSER['accept-language'], accept: 'text/html' } }),
    },
    {
      name: POST_VALID,
      server: 'app',
      expect: 303,
      options: ({ app }) => ({
        url: `${app.url}/s/${serviceCode}`,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': BROWSER['accept-language'] },
        requests: [{ setupRequest: (req) => ({ ...req, body: formBody(nextKey()) }) }],
      }),
    },
  ];

  const bare = await startServer(['bare']);
  const app = await startServer(['app', demoDb]);
  const servers = { bare, app };
  const runs: HttpRun[] = [];
  try {
    // Sanity: each target answers as expected before it is loaded.
    const page = await rawRequest(`${app.url}/s/${serviceCode}`, { headers: BROWSER });
    if (page.status !== 200 || page.headers['content-encoding'] !== 'gzip')
      problems.push(`GET /s/${serviceCode}: ${page.status}, encoding ${String(page.headers['content-encoding'])}`);
    const post = await rawRequest(`${app.url}/s/${serviceCode}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody(nextKey()),
    });
    if (post.status !== 303 || !String(post.headers.location).includes('/thanks'))
      problems.push(`POST /s/${serviceCode}: ${post.status} ${String(post.headers.location)} (expected 303 to thanks)`);
    console.log(
      `servers: bare Express pid ${bare.process.pid} on :${bare.port}, app pid ${app.process.pid} on :${app.port} (demo database, service ${serviceCode})`,
    );

    for (const t of targets) {
      await cannon({ ...t.options(servers), connections: o.http.connections, duration: o.http.warmupSeconds });
    }
    for (let round = 1; round <= o.http.rounds; round++) {
      for (const t of targets) {
        const before = t.expect === 303 ? count() : 0;
        const commits0 = await servers[t.server].commits();
        const cpu0 = await servers[t.server].cpu();
        const r = await cannon({ ...t.options(servers), connections: o.http.connections, duration: o.http.seconds, title: t.name });
        const cpuMs = (await servers[t.server].cpu()) - cpu0;
        const commits1 = await servers[t.server].commits();
        const batches = commits1.batches - commits0.batches;
        const perCommit = batches ? ` posts per commit ${((commits1.posts - commits0.posts) / batches).toFixed(1)}` : '';
        problems.push(...validate(t.name, r, t.expect));
        if (t.expect === 303) {
          const stored = count() - before;
          const redirected = r.statusCodeStats['303']?.count ?? 0;
          // requests still in flight when autocannon stops are stored but not counted: at most one per connection
          if (stored < redirected || stored > redirected + o.http.connections)
            problems.push(`${t.name}: ${redirected} redirects but ${stored} responses stored`);
        }
        const run = {
          target: t.name,
          round,
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          requests: r.requests.total,
          cpuMs: cpuMs / 1000 / Math.max(1, r.requests.total),
        };
        runs.push(run);
        console.log(
          `  round ${round}  ${t.name.padEnd(24)} ${fmtInt(run.rps).padStart(6)} req/s  p50 ${fmtMs(run.p50).padStart(8)}  p99 ${fmtMs(run.p99).padStart(8)}` +
            `  server CPU ${fmtMs(run.cpuMs).padStart(7)}/req  (${fmtInt(run.requests)} requests, load avg ${loadavg()[0]?.toFixed(2)})${perCommit}`,
        );
      }
    }
  } finally {
    await Promise.all([bare.stop(), app.stop()]);
  }

  // Ratio to bare Express in the same round, then the median over rounds.
  const bareName = targets[0]!.name;
  const ratio = (name: string): number =>
    median(runs.filter((r) => r.target === name).map((r) => r.rps / (runs.find((b) => b.target === bareName && b.round === r.round)?.rps ?? NaN)));
  const bareCpu = median(runs.filter((r) => r.target === bareName).map((r) => r.cpuMs));
  const rows = targets.map((t): HttpRow => {
    const mine = runs.filter((r) => r.target === t.name);
    const cpuMs = median(mine.map((r) => r.cpuMs));
    return {
      name: t.name,
      rps: median(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      ratio: ratio(t.name),
      cpuMs,
      cpuRatio: bareCpu / cpuMs,
    };
  });
  console.log('');
  console.log(
    table([
      ['target', 'req/s (median)', 'vs bare Express', 'p50', 'p99', 'server CPU/req', 'vs bare, by CPU'],
      ...rows.map((r) => [r.name, fmtInt(r.rps), fmtPct(r.ratio), fmtMs(r.p50), fmtMs(r.p99), fmtMs(r.cpuMs), fmtPct(r.cpuRatio)]),
    ]),
  );
  console.log("req/s = autocannon's mean of per-second samples; ratios are per round (bare measured just before), median over rounds.");
  console.log('server CPU/req = CPU time of the server process / requests answered; "by CPU" = bare CPU/req / this CPU/req,');
  console.log('the rate ratio a dedicated core would give. Other load on the machine skews it far less than req/s.');
  if (problems.length) for (const p of problems) console.log(`  HTTP CHECK FAILED: ${p}`);

  const get = rows[1]!;
  const postRow = rows[3]!;
  return {
    runs,
    rows,
    problems,
    budgets: [
      {
        budget: 'survey page GET vs bare Express',
        measured: fmtPct(get.ratio),
        limit: '>= 70%',
        pass: get.ratio >= 0.7,
        note: `${fmtInt(get.rps)} vs ${fmtInt(rows[0]!.rps)} req/s; by CPU/req ${fmtPct(get.cpuRatio)}; no gzip ${fmtPct(rows[2]!.ratio)}`,
      },
      {
        budget: 'survey POST vs bare Express',
        measured: fmtPct(postRow.ratio),
        limit: '>= 50%',
        pass: postRow.ratio >= 0.5,
        note: `${fmtInt(postRow.rps)} req/s; by CPU/req ${fmtPct(postRow.cpuRatio)}`,
      },
      { budget: 'survey POST p99 at 50 connections', measured: fmtMs(postRow.p99), limit: '< 50 ms', pass: postRow.p99 < 50 },
    ],
  };
}
