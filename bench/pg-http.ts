/**
 * Benchmark 6b: the survey on PostgreSQL under autocannon, as part 4 measures it on SQLite: the demo
 * loaded into a schema of its own, the app in child processes (one, then two on one database), bare
 * Express measured in the same round. Reported as CPU per request, since PostgreSQL, the load
 * generator and the app share the 2 cores: the app processes' CPU, and PostgreSQL's own when its
 * processes are visible on this machine.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Options, Result } from 'autocannon';
import { loadDemo } from '../db/demo/index.js';
import { PostgresDatabase } from '../server/data/engine/index.js';
import { migratePg } from '../server/data/engine/migrate-pg.js';
import type { Cleanups } from './cleanups.js';
import { DEMO_END } from './demo.js';
import { BROWSER, cannon, formBody, GET_GZIP, keyMaker, POST_VALID, validate, type HttpReport, type HttpRow } from './http.js';
import { fmtInt, fmtMs, fmtPct, fmtRatio, median, once, table, type BudgetLine } from './measure.js';
import type { BenchOptions } from './options.js';
import { benchSchema, clusterCpuMs, vacuumAnalyze, type PgServer } from './pg.js';
import { rawRequest, startServer, type Child } from './servers.js';

interface Target {
  name: string;
  /** the processes it loads; the connections are split evenly over them */
  servers: Child[];
  expect: number;
  options(server: Child): Omit<Options, 'connections' | 'duration'>;
}

interface Run {
  target: string;
  round: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** CPU per request of the loaded processes together, ms */
  appCpuMs: number;
  /** CPU per request of the whole PostgreSQL cluster, ms (null: not visible here) */
  pgCpuMs: number | null;
}

export interface PgHttpRow {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  appCpuMs: number;
  pgCpuMs: number | null;
  /** SQLite's figure for the same request in part 4 of this run */
  sqlite: HttpRow | undefined;
}

export interface PgHttpReport {
  rows: PgHttpRow[];
  bareCpuMs: number;
  demo: { ms: number; responses: number };
  problems: string[];
  budgets: BudgetLine[];
}

/** autocannon runs, one per server, at once: together they make `connections`. */
function load(t: Target, connections: number, duration: number): Promise<Result[]> {
  const n = t.servers.length;
  return Promise.all(
    t.servers.map((s, i) => cannon({ ...t.options(s), connections: Math.floor(connections / n) + (i < connections % n ? 1 : 0), duration, title: t.name })),
  );
}

/** Waits until no new response has been stored for 300 ms (at most 12 s: autocannon's timeout is 10 s). */
async function settle(lastId: () => Promise<number>): Promise<void> {
  const deadline = performance.now() + 12_000;
  let last = await lastId();
  let quietSince = performance.now();
  while (performance.now() < deadline && performance.now() - quietSince < 300) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await lastId();
    if (now !== last) [last, quietSince] = [now, performance.now()];
  }
}

const cpuOf = async (servers: Child[]): Promise<number> => (await Promise.all(servers.map((s) => s.cpu()))).reduce((a, b) => a + b, 0);
/** The group commits of the app processes so far: transactions and the posts they held. */
const commitsOf = async (servers: Child[]): Promise<{ batches: number; posts: number }> =>
  (await Promise.all(servers.map((s) => s.commits()))).reduce((a, b) => ({ batches: a.batches + b.batches, posts: a.posts + b.posts }), {
    batches: 0,
    posts: 0,
  });
const orDash = (x: number | null | undefined, f: (v: number) => string): string => (x === null || x === undefined ? '-' : f(x));

export async function runPgHttp(o: BenchOptions, server: PgServer, sqliteHttp: HttpReport | null, cleanups: Cleanups): Promise<PgHttpReport> {
  console.log(`\n--- 6b. The survey on PostgreSQL (autocannon, ${o.http.connections} connections, ${o.http.seconds} s x ${o.http.rounds} rounds) ---`);
  const schema = await benchSchema(server, 'demo');
  cleanups.add(`drop schema ${schema.schema}`, () => schema.drop());
  const db = PostgresDatabase.connect(schema.url, { max: 2 });
  const problems: string[] = [];
  const runs: Run[] = [];
  let demo: { ms: number; responses: number };
  let serviceCode: string;
  const servers: Child[] = [];
  try {
    await migratePg(db.pool);
    const loaded = await once(() => loadDemo(db, { endDate: DEMO_END }));
    demo = { ms: loaded.ms, responses: loaded.result.responses };
    serviceCode = (await db.value<string>('SELECT code FROM services WHERE active = 1 ORDER BY position, id LIMIT 1')) as string;
    const vacuum = await once(() => vacuumAnalyze(db)); // steady state: what autovacuum does soon after the load
    console.log(
      `loadDemo into schema ${schema.schema}: ${fmtMs(loaded.ms)} for ${fmtInt(loaded.result.responses)} responses (totals rebuild included); ` +
        `then VACUUM (ANALYZE) ${fmtMs(vacuum.ms)}, not counted`,
    );
    const count = async (): Promise<number> => Number(await db.value<number>('SELECT count(*) FROM responses'));
    // cheap (the primary key's last entry), for polling inside a measured window
    const lastId = async (): Promise<number> => Number(await db.value<number>('SELECT max(id) FROM responses'));

    const env = { BENCH_DATABASE_URL: schema.url };
    const [bare, app1, app2] = await Promise.all([startServer(['bare']), startServer(['app-pg'], env), startServer(['app-pg'], env)]);
    servers.push(bare, app1, app2);
    const nextKey = keyMaker();
    for (const app of [app1, app2]) {
      const page = await rawRequest(`${app.url}/s/${serviceCode}`, { headers: BROWSER });
      if (page.status !== 200 || page.headers['content-encoding'] !== 'gzip')
        problems.push(`PostgreSQL GET /s/${serviceCode} on :${app.port}: ${page.status}, encoding ${String(page.headers['content-encoding'])}`);
      const post = await rawRequest(`${app.url}/s/${serviceCode}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody(nextKey()),
      });
      if (post.status !== 303 || !String(post.headers.location).includes('/thanks'))
        problems.push(`PostgreSQL POST /s/${serviceCode} on :${app.port}: ${post.status} ${String(post.headers.location)} (expected 303 to thanks)`);
    }
    console.log(
      `servers: bare Express pid ${bare.process.pid}, app processes pid ${app1.process.pid} on :${app1.port} and pid ${app2.process.pid} on :${app2.port} ` +
        `(one PostgreSQL schema, a pool of 10 each; the second is idle in the 1-process runs)`,
    );
    console.log(
      server.postmaster === null
        ? "PostgreSQL's CPU: not visible from here (the server is not on this machine, or not in this pid namespace): app CPU only"
        : `PostgreSQL's CPU: every process of the cluster (postmaster ${server.postmaster} and its children, from /proc)${
            server.source.startsWith('DATABASE_URL') ? ', including anything else that uses that server meanwhile' : ''
          }`,
    );

    const post = (idem: () => string) => (s: Child) => ({
      url: `${s.url}/s/${serviceCode}`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': BROWSER['accept-language'] },
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: formBody(idem()) }) }],
    });
    const targets: Target[] = [
      { name: 'bare Express, 2 KB page', servers: [bare], expect: 200, options: (s) => ({ url: `${s.url}/`, headers: BROWSER }) },
      { name: 'GET /s/:code (gzip), 1 process', servers: [app1], expect: 200, options: (s) => ({ url: `${s.url}/s/${serviceCode}`, headers: BROWSER }) },
      { name: 'POST /s/:code, 1 process', servers: [app1], expect: 303, options: post(nextKey) },
      { name: 'POST /s/:code, 2 processes', servers: [app1, app2], expect: 303, options: post(nextKey) },
    ];
    for (const t of targets) await load(t, o.http.connections, o.http.warmupSeconds);
    for (let round = 1; round <= o.http.rounds; round++) {
      for (const t of targets) {
        const posts = t.expect === 303;
        const before = posts ? await count() : 0;
        const commits0 = await commitsOf(t.servers);
        const cpu0 = await cpuOf(t.servers);
        const pg0 = clusterCpuMs(server.postmaster);
        const results = await load(t, o.http.connections, o.http.seconds);
        // Posts still in flight when autocannon stops (up to one per connection, waiting on row locks for
        // hundreds of ms here) finish inside this window, not the next target's: their work is counted
        // here, and so are they (the stored rows are the requests for CPU per post).
        if (posts) await settle(lastId);
        const pg1 = clusterCpuMs(server.postmaster);
        const cpuMs = ((await cpuOf(t.servers)) - cpu0) / 1000;
        const commits1 = await commitsOf(t.servers);
        const batches = commits1.batches - commits0.batches;
        const perCommit = batches ? `, posts per commit ${((commits1.posts - commits0.posts) / batches).toFixed(1)}` : '';
        for (const r of results) problems.push(...validate(`PostgreSQL ${t.name}`, r, t.expect));
        const requests = results.reduce((s, r) => s + r.requests.total, 0);
        let done = requests;
        if (posts) {
          const stored = (await count()) - before;
          const redirected = results.reduce((s, r) => s + (r.statusCodeStats['303']?.count ?? 0), 0);
          // requests still in flight when autocannon stops are stored but not counted: at most one per connection
          if (stored < redirected || stored > redirected + o.http.connections)
            problems.push(`PostgreSQL ${t.name}: ${redirected} redirects but ${stored} responses stored`);
          done = Math.max(stored, redirected);
        }
        const run: Run = {
          target: t.name,
          round,
          rps: results.reduce((s, r) => s + r.requests.average, 0),
          // p50: the halves' p50s weighted by their requests; p99: the worse half's
          p50: results.reduce((s, r) => s + r.latency.p50 * r.requests.total, 0) / Math.max(1, requests),
          p99: Math.max(...results.map((r) => r.latency.p99)),
          requests,
          appCpuMs: cpuMs / Math.max(1, done),
          pgCpuMs: pg0 === null || pg1 === null ? null : (pg1 - pg0) / Math.max(1, done),
        };
        runs.push(run);
        console.log(
          `  round ${round}  ${t.name.padEnd(30)} ${fmtInt(run.rps).padStart(6)} req/s  p50 ${fmtMs(run.p50).padStart(8)}  p99 ${fmtMs(run.p99).padStart(8)}` +
            `  app CPU ${fmtMs(run.appCpuMs).padStart(7)}/req  PostgreSQL CPU ${orDash(run.pgCpuMs, fmtMs).padStart(7)}/req` +
            `  (${fmtInt(requests)} requests${done > requests ? `, ${fmtInt(done)} stored` : ''}, load avg ${loadavg()[0]?.toFixed(2)}${perCommit})`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await db.close();
  }
  await schema.drop();

  const sqliteRow = (name: string): HttpRow | undefined => sqliteHttp?.rows.find((r) => r.name === name);
  const sqliteOf: Record<string, HttpRow | undefined> = {
    'bare Express, 2 KB page': sqliteHttp?.rows[0],
    'GET /s/:code (gzip), 1 process': sqliteRow(GET_GZIP),
    'POST /s/:code, 1 process': sqliteRow(POST_VALID),
    'POST /s/:code, 2 processes': sqliteRow(POST_VALID),
  };
  const names = [...new Set(runs.map((r) => r.target))];
  const rows: PgHttpRow[] = names.map((name) => {
    const mine = runs.filter((r) => r.target === name);
    const pg = mine.map((r) => r.pgCpuMs);
    return {
      name,
      rps: median(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      appCpuMs: median(mine.map((r) => r.appCpuMs)),
      pgCpuMs: pg.every((x): x is number => x !== null) ? median(pg) : null,
      sqlite: sqliteOf[name],
    };
  });
  const bareCpu = rows[0]?.appCpuMs ?? NaN;
  console.log('');
  console.log(
    table([
      ['target', 'req/s', 'p50', 'p99', 'app CPU/req', 'pg CPU/req', 'app+pg', 'by CPU vs bare', 'SQLite CPU/req', 'app/sq', '(app+pg)/sq', 'SQLite req/s'],
      ...rows.map((r) => {
        const total = r.pgCpuMs === null ? null : r.appCpuMs + r.pgCpuMs;
        const bare = r.name.startsWith('bare');
        return [
          r.name,
          fmtInt(r.rps),
          fmtMs(r.p50),
          fmtMs(r.p99),
          fmtMs(r.appCpuMs),
          bare ? '-' : orDash(r.pgCpuMs, fmtMs),
          bare ? '-' : orDash(total, fmtMs),
          fmtPct(bareCpu / r.appCpuMs),
          orDash(r.sqlite?.cpuMs, fmtMs),
          r.sqlite ? fmtRatio(r.appCpuMs / r.sqlite.cpuMs) : '-',
          r.sqlite && total !== null && !bare ? fmtRatio(total / r.sqlite.cpuMs) : '-',
          orDash(r.sqlite?.rps, fmtInt),
        ];
      }),
    ]),
  );
  console.log('app CPU/req = CPU time of the loaded app processes (both, for 2 processes) / requests answered (posts: rows stored, the');
  console.log('window closing once the posts still in flight are stored); pg CPU/req = CPU time of');
  console.log("the PostgreSQL cluster's processes over the same window / requests; app+pg is the honest total on these 2 cores (on SQLite the");
  console.log('database work is inside the app process, so compare SQLite CPU/req with app+pg). "by CPU vs bare" = bare CPU/req / app CPU/req.');
  console.log(
    `SQLite figures: part 4 of this run${sqliteHttp ? '' : ' (not run: BENCH_ONLY)'}; 2 processes: p50 is the two halves' mean weighted by requests, p99 the worse half's.`,
  );
  if (problems.length) for (const p of problems) console.log(`  HTTP CHECK FAILED: ${p}`);

  const one = rows.find((r) => r.name === 'POST /s/:code, 1 process');
  const two = rows.find((r) => r.name === 'POST /s/:code, 2 processes');
  const budgets: BudgetLine[] = [];
  if (one && two) {
    const total = (r: PgHttpRow): number | null => (r.pgCpuMs === null ? null : r.appCpuMs + r.pgCpuMs);
    const [t1, t2] = [total(one), total(two)];
    budgets.push(
      {
        budget: 'PostgreSQL: survey POST vs bare Express by CPU (1 process)',
        measured: fmtPct(bareCpu / one.appCpuMs),
        limit: '>= 25%',
        pass: bareCpu / one.appCpuMs >= 0.25,
        note:
          `app ${fmtMs(one.appCpuMs)}/req vs bare ${fmtMs(bareCpu)}/req` +
          (t1 === null ? '' : `; counting PostgreSQL's CPU ${fmtPct(bareCpu / t1)}`) +
          `; ${fmtInt(one.rps)} req/s, p99 ${fmtMs(one.p99)}`,
      },
      {
        budget: 'PostgreSQL: CPU per submission, 2 processes vs 1',
        measured: fmtMs(two.appCpuMs),
        limit: `<= 1 process (${fmtMs(one.appCpuMs)})`,
        pass: two.appCpuMs <= one.appCpuMs,
        note:
          `app CPU/req, 2/1 = ${fmtRatio(two.appCpuMs / one.appCpuMs)}` +
          (t1 === null || t2 === null ? '' : `; with PostgreSQL's CPU ${fmtMs(t2)} vs ${fmtMs(t1)}`) +
          '; HTTP rounds spread +-20-40%',
      },
    );
  }
  return { rows, bareCpuMs: bareCpu, demo, problems, budgets };
}
