import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { addApiToken } from '../server/data/tokens.js';
import { testApp, testDb } from './helpers/app.js';
import { ARTIFACTS, launch, phoneContext, serve } from './helpers/browser.js';

// The SKM report printed by Chromium to an A4 PDF (page.pdf, preferCSSPageSize), read back with
// pdftotext: its page count stays within bounds and its figures equal the results API's.

/** A service's report: cover, contents, five chapters, three annexes, each chapter on its own pages. */
const PAGES = { min: 7, max: 16 };

interface ApiResults {
  n: number;
  ikm: number;
  elements: Array<{ code: string; n: number; nrr: number | null }>;
}

const two = (x: number) => (Math.round(x * 100 + 1e-9) / 100).toFixed(2);

describe('the SKM report printed to PDF', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let context: BrowserContext;
  let api: (path: string) => Promise<ApiResults>;
  const dir = join(ARTIFACTS, 'report');

  beforeAll(async () => {
    const db = testDb();
    const store = SqliteDatabase.of(db);
    await loadDemo(store, { endDate: '2026-10-31' });
    const unit = db.prepare("SELECT id FROM units WHERE code = 'disdukcapil'").pluck().get() as number;
    const token = (await addApiToken(store, unit, 'report check')).token;
    const app = testApp(db);
    api = async (path) => (await request(app).get(path).set('Authorization', `Bearer ${token}`).expect(200)).body as ApiResults;
    ({ server, url } = await serve(app));
    browser = await launch();
    context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${url}/login?lang=id`);
    await page.locator('input[name=email]').fill('manajer@demo.mutu.id');
    await page.locator('input[name=password]').fill('mutu-demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/dashboard/);
    await page.close();
    mkdirSync(dir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(`${url}${path}`);
    expect(res?.status()).toBe(200);
    return page;
  }

  for (const lang of ['id', 'en'] as const) {
    it(`prints the report of a service (${lang}) to A4 with the API's figures and page numbers`, async () => {
      const page = await open(`/report/services/ktp-el?period=2026-Q2&lang=${lang}`);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const file = join(dir, `ktp-el-2026-Q2-${lang}.pdf`);
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      // A4 is 595 x 842 points
      expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
      expect(pages).toBeGreaterThanOrEqual(PAGES.min);
      expect(pages).toBeLessThanOrEqual(PAGES.max);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      // the page numbers in the @page footer: "2 / N" on the second page, "N / N" on the last
      expect(text).toContain(`2 / ${pages}`);
      expect(text).toContain(`${pages} / ${pages}`);

      const r = await api('/api/v1/services/ktp-el/results?period=2026-Q2');
      const dec = (s: string) => (lang === 'id' ? s.replace('.', ',') : s);
      expect(text).toMatch(new RegExp(`IKM ${dec(two(r.ikm)).replace('.', '\\.')} `));
      // Annex 2 (processed data): one line per element, "CODE  n  sum  NRR  weighted  score"
      for (const e of r.elements) {
        const line = new RegExp(`^\\s*${e.code}\\s+(\\d+)\\s+\\d+\\s+([\\d.,]+)\\s`, 'm').exec(text);
        expect(line, e.code).not.toBeNull();
        expect(Number(line![1]), e.code).toBe(e.n);
        expect(line![2], e.code).toBe(dec(two(e.nrr!)));
      }
      const ikmRow = new RegExp(`^\\s*IKM\\s+(\\d+)\\s+([\\d.,]+)\\s*$`, 'm').exec(text);
      expect(Number(ikmRow![1])).toBe(r.n);
      expect(ikmRow![2]).toBe(dec(two(r.ikm)));
      // pages as images, to look at
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '6', file, join(dir, `page-${lang}`)]);
      await page.close();
    }, 60_000);
  }

  it('shows the report, its print view and the follow-up plan at 360 px', async () => {
    const report = await open('/report/services/ktp-el?period=2026-Q2&lang=id');
    await report.screenshot({ path: join(dir, 'report-360.png'), fullPage: false });
    await report.locator('#ch-results').scrollIntoViewIfNeeded();
    await report.screenshot({ path: join(dir, 'report-results-360.png') });
    expect(await report.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await report.emulateMedia({ media: 'print' });
    await report.screenshot({ path: join(dir, 'report-print-360.png') });
    expect(await report.locator('.officer-top').isVisible()).toBe(false);
    const plan = await open('/followup/services/ktp-el?period=2026-Q1&lang=id');
    expect(await plan.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await plan.screenshot({ path: join(dir, 'followup-360.png') });
    await plan.locator('[data-status="done"]').first().scrollIntoViewIfNeeded();
    await plan.screenshot({ path: join(dir, 'followup-done-360.png') });
    const evaluation = await open('/followup/evaluation?year=2026&lang=id');
    expect(await evaluation.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await evaluation.screenshot({ path: join(dir, 'evaluation-360.png') });
    const form = await open('/followup/actions/1?lang=id');
    await form.screenshot({ path: join(dir, 'action-form-360.png'), fullPage: true });
  }, 60_000);
});
