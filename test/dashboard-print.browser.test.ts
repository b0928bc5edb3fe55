/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { testApp, testDb } from './helpers/app.js';
import { ARTIFACTS, launch, serve } from './helpers/browser.js';

/**
 * Every dashboard page type printed to A4 by Chromium (page.pdf), read back with poppler's pdfinfo and
 * pdftotext: short (a bound on the pages per type), without the officer menu, the filter form or the
 * explanations' buttons, with the headline's figures. The PDFs are kept in test-artifacts/.
 */
const PAGES = [
  { name: 'overview', path: '/dashboard?period=2026-Q3&lang=id', maxPages: 4 },
  { name: 'unit', path: '/dashboard/units/dinkes?period=2026-Q3&lang=id', maxPages: 5 },
  { name: 'service', path: '/dashboard/services/ktp-el?period=2026-Q3&lang=id', maxPages: 4 },
  { name: 'filtered', path: '/dashboard/units/rsud?period=2026-Q3&channel=qr&group=gender:P&lang=id', maxPages: 5 },
];

/** Words of the officer menu and the filter form (id): none may reach the paper. */
const NOT_PRINTED = [
  'Anda masuk sebagai',
  'Log audit',
  'Ganti kata sandi',
  'Keluar',
  'Kelola',
  'Kelompok responden',
  'Semua responden',
  'Semua kanal',
  'Dari tanggal',
  'Sampai tanggal',
  'Terapkan',
  'Ubah',
  'Cari komentar',
  'Apa arti',
  'Buka formulir survei',
];

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('dashboards in print (A4, Chromium page.pdf)', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let page: Page;

  beforeAll(async () => {
    const db = testDb();
    await loadDemo(SqliteDatabase.of(db), { endDate: '2026-10-31' });
    ({ server, url } = await serve(testApp(db)));
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    await page.goto(`${url}/login?lang=id`);
    await page.locator('input[name=email]').fill('admin@demo.mutu.id');
    await page.locator('input[name=password]').fill('mutu-demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/dashboard/);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  for (const p of PAGES) {
    it(`prints the ${p.name} page on at most ${p.maxPages} A4 pages, figures without menu or filters`, { timeout: 60_000 }, async () => {
      await page.goto(`${url}${p.path}`);
      await page.locator('canvas[data-drawn]').first().waitFor();
      // the headline's figures as the screen shows them
      const figures = await page.evaluate(() =>
        ['[data-figure=ikm]', '.hl-grade .grade', '.hl-grade .grade-words', '[data-figure=change]', '[data-figure=n]'].map(
          (sel) => document.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        ),
      );
      expect(figures.every(Boolean), `${p.name}: headline figures on screen`).toBe(true);
      const file = join(ARTIFACTS, `dashboard-${p.name}-print.pdf`);
      writeFileSync(file, await page.pdf({ format: 'A4' }));

      const info = execFileSync('pdfinfo', [file]).toString();
      expect(info).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages, `${p.name}: pages`).toBeGreaterThanOrEqual(1);
      expect(pages, `${p.name}: pages`).toBeLessThanOrEqual(p.maxPages);

      const text = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString());
      for (const f of figures) expect(text, `${p.name}: ${f}`).toContain(f);
      for (const word of NOT_PRINTED) expect(text, `${p.name}: "${word}" printed`).not.toMatch(new RegExp(`(^|\\P{L})${word}(\\P{L}|$)`, 'u'));
      // what is shown is still said (the period in words, and the narrowing of a filtered view)
      expect(text).toContain('Triwulan III 2026');
      if (p.name === 'filtered') expect(text).toContain('Hanya sebagian responden: Kode QR · Perempuan');
    });
  }
});
