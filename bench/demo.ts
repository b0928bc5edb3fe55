/**
 * Benchmark 3: demo data load time, and the survey page's weight as served (gzip bodies of the page
 * and its stylesheet).
 */
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadDemo, type DemoSummary } from '../db/demo/index.js';
import { migrate, openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { fmtBytes, fmtInt, fmtMs, heading, once, type BudgetLine } from './measure.js';
import { rawRequest, startServer } from './servers.js';

export interface DemoReport {
  file: string;
  ms: number;
  summary: DemoSummary;
  /** an active service of the demo, for the HTTP benchmark */
  serviceCode: string;
  budgets: BudgetLine[];
}

/** Fixed end date so every run loads the same data. */
export const DEMO_END = '2026-10-31';

export async function runDemoLoad(dir: string): Promise<DemoReport> {
  heading('2. Demo data load');
  const file = join(dir, 'demo.db');
  const db = openDb(file);
  migrate(db);
  const { ms, result: summary } = await once(() => loadDemo(SqliteDatabase.of(db), { endDate: DEMO_END }));
  const service = db.prepare('SELECT code FROM services WHERE active = 1 ORDER BY position, id LIMIT 1').get() as { code: string };
  db.close();
  console.log(
    `loadDemo into a fresh temp-file database: ${fmtMs(ms)} for ${fmtInt(summary.responses)} responses, ${summary.services} services, ` +
      `${summary.units} units (${summary.from}..${summary.to}); ${fmtInt(summary.responses / (ms / 1000))} responses/s, totals rebuild included`,
  );
  return {
    file,
    ms,
    summary,
    serviceCode: service.code,
    budgets: [{ budget: 'demo data load (loadDemo)', measured: fmtMs(ms), limit: '< 5 s', pass: ms < 5000, note: `${fmtInt(summary.responses)} responses` }],
  };
}

/** Bytes of the survey page and its stylesheet as the app serves them to a browser accepting gzip. */
export async function runPageWeight(demoDb: string, serviceCode: string): Promise<{ budgets: BudgetLine[]; problems: string[] }> {
  heading('3. Page weight (survey page + stylesheet, as served)');
  const app = await startServer(['app', demoDb]);
  const problems: string[] = [];
  try {
    const gzipOnly = { 'accept-encoding': 'gzip', 'accept-language': 'id' };
    const page = await rawRequest(`${app.url}/s/${serviceCode}`, { headers: gzipOnly });
    if (page.status !== 200 || page.headers['content-encoding'] !== 'gzip')
      problems.push(`survey page: status ${page.status}, encoding ${String(page.headers['content-encoding'])}`);
    const html = gunzipSync(page.body).toString('utf8');
    const sheets = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1] as string);
    const images = [...html.matchAll(/<img[^>]+src="([^"]+)"/g)].map((m) => m[1] as string);
    const rows: Array<[string, number, number, string]> = [
      [`/s/${serviceCode}`, page.body.length, Buffer.byteLength(html), String(page.headers['content-encoding'])],
    ];
    for (const href of [...sheets, ...scripts]) {
      const res = await rawRequest(new URL(href, app.url).toString(), { headers: gzipOnly });
      if (res.status !== 200) problems.push(`${href}: status ${res.status}`);
      const enc = String(res.headers['content-encoding'] ?? 'identity');
      const raw = enc === 'gzip' ? gunzipSync(res.body).length : res.body.length;
      rows.push([href, res.body.length, raw, enc]);
      const br = await rawRequest(new URL(href, app.url).toString(), { headers: { 'accept-encoding': 'br' } });
      if (br.headers['content-encoding'] === 'br') console.log(`  (${href} with brotli: ${fmtBytes(br.body.length)})`);
    }
    for (const [url, wire, raw, enc] of rows)
      console.log(`  ${url.padEnd(40)} ${fmtBytes(wire).padStart(9)} on the wire (${enc}), ${fmtBytes(raw)} uncompressed`);
    if (scripts.length || images.length) console.log(`  also referenced: ${[...scripts, ...images].join(', ') || 'nothing'}`);
    else console.log('  no scripts or images referenced by the survey page');
    const pageAndCss = rows.filter(([url]) => url === `/s/${serviceCode}` || sheets.includes(url)).reduce((s, [, wire]) => s + wire, 0);
    console.log(`  survey page + stylesheet: ${fmtInt(pageAndCss)} bytes gzip (bodies only, headers not counted; 14 KB = 14,336 bytes)`);
    if (sheets.length === 0) problems.push('survey page links no stylesheet');
    return {
      problems,
      budgets: [
        {
          budget: 'survey page + stylesheet, gzip',
          measured: fmtBytes(pageAndCss),
          limit: '< 14 KB (aim 8 KB)',
          pass: pageAndCss < 14 * 1024,
          note: pageAndCss < 8 * 1024 ? 'under the 8 KB aim' : 'over the 8 KB aim',
        },
      ],
    };
  } finally {
    await app.stop();
  }
}
