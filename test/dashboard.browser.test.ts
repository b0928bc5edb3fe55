/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { testApp, testDb } from './helpers/app.js';
import { ARTIFACTS, launch, phoneContext, serve } from './helpers/browser.js';

interface ChartLike {
  width: number;
  height: number;
  ctx: CanvasRenderingContext2D;
  chartArea: { left: number; right: number; top: number; bottom: number };
  scales: Record<string, { getLabelItems?: (area: unknown) => LabelItem[] }>;
}
interface LabelItem {
  label: string | string[];
  font: { string: string; lineHeight: number };
  options: { translation: [number, number]; rotation: number; textAlign: string; textBaseline: string };
}

/** Every drawn, visible chart's tick labels that do not lie within their canvas (Chart.getChart). */
function clippedTickLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const Chart = (window as unknown as { Chart: { getChart: (c: HTMLCanvasElement) => ChartLike | undefined } }).Chart;
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-drawn]'))) {
      if (!canvas.offsetParent || canvas.clientWidth === 0) continue;
      const chart = Chart.getChart(canvas);
      if (!chart) continue;
      for (const [axis, scale] of Object.entries(chart.scales)) {
        for (const item of scale.getLabelItems?.(chart.chartArea) ?? []) {
          const lines = Array.isArray(item.label) ? item.label : [item.label];
          chart.ctx.save();
          chart.ctx.font = item.font.string;
          const w = Math.max(...lines.map((l) => chart.ctx.measureText(String(l)).width));
          chart.ctx.restore();
          const h = item.font.lineHeight * lines.length;
          const [x, y] = item.options.translation;
          const rot = Math.abs(item.options.rotation || 0);
          const bw = w * Math.cos(rot) + h * Math.sin(rot);
          const align = item.options.textAlign;
          const left = rot ? x - bw : align === 'right' ? x - w : align === 'center' ? x - w / 2 : x;
          const right = rot ? x + 1 : left + w;
          const top = item.options.textBaseline === 'middle' ? y - h / 2 : y - (rot ? 0 : 0);
          const bottom = rot ? y + w * Math.sin(rot) + h : top + h;
          if (left < -1 || right > chart.width + 1 || top < -h || bottom > chart.height + 1) out.push(`${canvas.id} ${axis}: ${lines.join(' ')}`);
        }
      }
    }
    return out;
  });
}

describe('dashboards on a phone (360x740) and a laptop (1366x768)', () => {
  let browser: Browser;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const db = testDb();
    await loadDemo(SqliteDatabase.of(db), { endDate: '2026-10-31' });
    ({ server, url } = await serve(testApp(db)));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function signedIn(context: BrowserContext, email = 'admin@demo.mutu.id'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${url}/login?lang=en`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill('mutu-demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/dashboard/);
    return page;
  }

  const PAGES = [
    { name: 'overview', path: '/dashboard?period=2026-Q3&lang=id' },
    { name: 'unit', path: '/dashboard/units/dinkes?period=2026-Q3&lang=id' },
    { name: 'service', path: '/dashboard/services/ktp-el?period=2026-Q3&lang=id' },
    { name: 'filtered', path: '/dashboard/units/rsud?period=2026-Q3&channel=qr&group=gender:P&lang=id' },
  ];

  for (const size of [
    { label: '360', width: 360, height: 740 },
    { label: '1366', width: 1366, height: 768 },
  ]) {
    it(`fits every dashboard page at ${size.width}x${size.height}: headline first, nothing wider, no clipped label`, { timeout: 300_000 }, async () => {
      const context = size.width === 360 ? await phoneContext(browser) : await browser.newContext({ viewport: { width: size.width, height: size.height } });
      const page = await signedIn(context);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      for (const p of PAGES) {
        await page.goto(`${url}${p.path}`);
        await page.locator('canvas[data-drawn]').first().waitFor();
        await page.screenshot({ path: join(ARTIFACTS, `dashboard-${p.name}-${size.label}-first-screen.png`) });
        // the headline's figures (IKM, grade, change, respondents and sample) are within the first screen,
        // under an officer header that takes well under a third of it
        const figures = await page.evaluate(() =>
          ['[data-figure=ikm]', '.hl-grade .grade', '[data-figure=change]', '[data-figure=n]', '[data-figure=suppressed]'].map((sel) => {
            const box = document.querySelector(sel)?.getBoundingClientRect();
            return { sel, bottom: box ? box.bottom : null, shown: !!box && box.width > 0 && box.height > 0 };
          }),
        );
        const suppressed = figures.find((f) => f.sel === '[data-figure=suppressed]')!;
        for (const f of suppressed.shown ? [suppressed] : figures.filter((x) => x !== suppressed)) {
          expect(f.shown, `${p.name}: ${f.sel} shown`).toBe(true);
          expect(f.bottom, `${p.name}: ${f.sel} bottom`).toBeLessThanOrEqual(size.height);
        }
        const header = await page.evaluate(() => document.querySelector('header.officer-top')!.getBoundingClientRect().bottom);
        expect(header, `${p.name}: header bottom`).toBeLessThanOrEqual(size.height * (size.width === 360 ? 0.2 : 0.15));
        // nothing is wider than the viewport
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${p.name}: width`).toBe(true);
        // every chart, folded ones too once unfolded, keeps its tick labels inside the canvas
        expect(await clippedTickLabels(page), `${p.name}: clipped`).toEqual([]);
        await page.evaluate(() => document.querySelectorAll('details.fold').forEach((d) => ((d as HTMLDetailsElement).open = true)));
        await page.waitForTimeout(100);
        expect(await clippedTickLabels(page), `${p.name}: clipped (unfolded)`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${p.name}: width unfolded`).toBe(true);
        await page.screenshot({ path: join(ARTIFACTS, `dashboard-${p.name}-${size.label}.png`), fullPage: true, timeout: 120_000 });
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('prints without navigation or filters, charts within an A4 page', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 794, height: 1123 } });
    const page = await signedIn(context);
    for (const p of PAGES.slice(0, 3)) {
      await page.goto(`${url}${p.path}`);
      await page.locator('canvas[data-drawn]').first().waitFor();
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.officer-top').isVisible()).toBe(false);
      expect(await page.locator('form:visible, details.shown > summary .shown-change:visible').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      const widest = await page.evaluate(() =>
        Math.max(...Array.from(document.querySelectorAll('canvas[data-drawn]')).map((c) => c.getBoundingClientRect().width)),
      );
      expect(widest).toBeLessThanOrEqual(794);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${p.name}-print.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
    }
    await context.close();
  });

  it('signs in on a phone, opens a service, switches the period through the folded filters', { timeout: 60_000 }, async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/dashboard?lang=en&period=2026-Q3`);
    await page.waitForURL(/\/login/);
    await page.locator('input[name=email]').fill('admin@demo.mutu.id');
    await page.locator('input[name=password]').fill('mutu-demo');
    await page.locator('button[type=submit]').tap();
    await page.waitForURL(/\/dashboard\?/);
    expect(await page.locator('h1').textContent()).toContain('Q3 2026');
    await page.locator('#services-table a', { hasText: 'KTP-el' }).first().tap();
    await page.waitForURL(/\/dashboard\/services\/ktp-el/);
    expect(await page.locator('#f-period').isVisible()).toBe(false);
    await page.locator('details.shown > summary').tap();
    await page.locator('#f-period').selectOption('2026-Q2');
    expect(await page.locator('#f-from').isVisible()).toBe(false);
    await page.locator('.filters button[type=submit]').first().tap();
    await page.waitForURL(/period=2026-Q2/);
    expect(await page.locator('h1').textContent()).toContain('Q2 2026');
    await page.locator('canvas[data-drawn]').first().waitFor();
    const drawn = await page.evaluate(() => [document.querySelectorAll('canvas[data-drawn]').length, document.querySelectorAll('canvas[data-chart]').length]);
    expect(drawn[0]).toBe(drawn[1]);
    // a custom range shows its date fields
    await page.locator('details.shown > summary').tap();
    await page.locator('#f-period').selectOption('range');
    expect(await page.locator('#f-from').isVisible()).toBe(true);
    // management forms fit the phone too
    await page.goto(`${url}/manage/services/ktp-el?lang=en`);
    expect(await page.locator('#f-unit').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is usable with JavaScript off: the tables carry the figures and no chart box is left empty', { timeout: 60_000 }, async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${url}/login?lang=en`);
    await page.locator('input[name=email]').fill('viewer@demo.mutu.id');
    await page.locator('input[name=password]').fill('mutu-demo');
    await page.locator('button[type=submit]').tap();
    await page.waitForURL(/\/dashboard/);
    await page.goto(`${url}/dashboard/services/igd?period=2026-Q3&lang=en`);
    expect(await page.locator('#elements-table tbody tr').count()).toBe(9);
    expect(await page.locator('canvas[data-drawn]').count()).toBe(0);
    expect(await page.locator('figure.chart').first().isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-service-nojs-360.png'), fullPage: true });
    await context.close();
  });
});
