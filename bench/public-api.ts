/**
 * Benchmark 5: the survey page while anonymous clients hammer the public results API (the security
 * issue's finding 5: four such clients pushed the survey's p50 from 5 ms to about 900 ms). The app
 * runs with its API rate limit lifted, so this measures what a public read costs, not the limiter.
 */
import autocannon, { type Result } from 'autocannon';
import { fmtMs, fmtRatio, heading, median, table, type BudgetLine } from './measure.js';
import type { BenchOptions } from './options.js';
import { startServer } from './servers.js';

const BROWSER = { 'accept-encoding': 'gzip', 'accept-language': 'id-ID,id;q=0.9', accept: 'text/html' };

export interface PublicApiReport {
  budgets: BudgetLine[];
  problems: string[];
}

/** Public reads an anonymous client may make: whole completed periods of every scope, and the refused attack. */
function attackPaths(serviceCode: string, now: Date): string[] {
  const y = now.getUTCFullYear();
  const q = Math.floor(now.getUTCMonth() / 3); // quarters completed this year
  const quarters = q > 0 ? Array.from({ length: q }, (_, i) => `${y}-Q${i + 1}`) : [`${y - 1}-Q4`];
  return [
    '/api/v1/agency/results?from=0001-01-01&to=9999-12-31&gender=P', // refused: 400
    ...quarters.flatMap((p) => [`/api/v1/agency/results?period=${p}`, `/api/v1/services/${serviceCode}/results?period=${p}`]),
    `/api/v1/agency/results?period=${y - 1}`,
    '/api/v1/agency/results',
  ];
}

export async function runPublicApiBench(o: BenchOptions, demoDb: string, serviceCode: string): Promise<PublicApiReport> {
  heading('5. Survey page while anonymous clients read the public API (API rate limit lifted)');
  const problems: string[] = [];
  const app = await startServer(['app', demoDb]);
  const survey = { url: `${app.url}/s/${serviceCode}`, headers: BROWSER, connections: 10 };
  const paths = attackPaths(serviceCode, new Date());
  // The control: the same 4 extra connections, reading the survey page instead of the API. Any
  // extra load raises the survey's latency on 2 cores; API reads must cost no more than page views.
  const rows: Array<{ round: number; alone: number; control: number; loaded: number; apiRps: number; api: Result }> = [];
  const extra = (requests: Array<{ method: 'GET'; path: string }>) =>
    autocannon({ url: app.url, connections: 4, duration: o.http.seconds, headers: BROWSER, requests });
  try {
    await autocannon({ ...survey, duration: 1 });
    for (let round = 1; round <= Math.max(1, o.http.rounds); round++) {
      const alone = await autocannon({ ...survey, duration: o.http.seconds });
      const [control] = await Promise.all([autocannon({ ...survey, duration: o.http.seconds }), extra([{ method: 'GET', path: `/s/${serviceCode}` }])]);
      const [loaded, api] = await Promise.all([autocannon({ ...survey, duration: o.http.seconds }), extra(paths.map((path) => ({ method: 'GET', path })))]);
      rows.push({ round, alone: alone.latency.p50, control: control.latency.p50, loaded: loaded.latency.p50, apiRps: api.requests.average, api });
      const bad = Object.keys(api.statusCodeStats).filter((c) => c !== '200' && c !== '400');
      if (bad.length || api.errors || api.timeouts)
        problems.push(`public API answered ${bad.join(', ') || 'errors'} (${api.errors} errors, ${api.timeouts} timeouts)`);
      if (!api.statusCodeStats['400']) problems.push('the refused attack request was never answered 400');
      console.log(
        `  round ${round}  survey p50 alone ${fmtMs(alone.latency.p50)}, with 4 more page clients ${fmtMs(control.latency.p50)}, ` +
          `with 4 API clients ${fmtMs(loaded.latency.p50)}; API ${Math.round(api.requests.average)} req/s, p99 ${fmtMs(api.latency.p99)}`,
      );
    }
  } finally {
    await app.stop();
  }
  const ratio = median(rows.map((r) => r.loaded / Math.max(0.001, r.control)));
  console.log(
    table([
      ['round', 'survey p50 alone', 'with 4 page clients', 'with 4 API clients', 'API req/s', 'API p99'],
      ...rows.map((r) => [String(r.round), fmtMs(r.alone), fmtMs(r.control), fmtMs(r.loaded), String(Math.round(r.apiRps)), fmtMs(r.api.latency.p99)]),
    ]),
  );
  console.log(`API paths cycled: ${paths.join('  ')}`);
  console.log('autocannon reports latency in whole milliseconds: at 1-3 ms a ratio of 2x is one millisecond.');
  return {
    problems,
    budgets: [
      {
        budget: 'survey p50: 4 anonymous API clients vs 4 page clients',
        measured: fmtRatio(ratio),
        limit: '<= 2x',
        pass: ratio <= 2,
        note: `median of ${rows.length} round(s); max survey p50 under API load ${fmtMs(Math.max(...rows.map((r) => r.loaded)))} (the issue saw ~900 ms)`,
      },
    ],
  };
}
