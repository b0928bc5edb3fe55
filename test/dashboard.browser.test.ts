/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { testApp, testDb } from './helpers/app.js';
import { ARTIFACTS, launch, phoneContext, serve } from './helpers/browser.js';

describe('dashboards on a phone (360x740)', () => {
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

  it('signs in, opens a service dashboard, switches the period, and draws every chart', { timeout: 60_000 }, async () => {
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
    await page.locator('canvas[data-drawn]').first().waitFor();
    expect(await page.locator('h1').textContent()).toContain('2026-Q3');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview-360.png'), fullPage: true });

    await page.locator('#services-table a', { hasText: 'KTP-el' }).first().tap();
    await page.waitForURL(/\/dashboard\/services\/ktp-el/);
    expect(await page.locator('h1').textContent()).toContain('2026-Q3');
    await page.locator('#f-period').selectOption('2026-Q2');
    await page.locator('.filters button[type=submit]').first().tap();
    await page.waitForURL(/period=2026-Q2/);
    expect(await page.locator('h1').textContent()).toContain('2026-Q2');
    await page.locator('canvas[data-drawn]').first().waitFor();
    const drawn = await page.evaluate(() => [document.querySelectorAll('canvas[data-drawn]').length, document.querySelectorAll('canvas[data-chart]').length]);
    expect(drawn[0]).toBe(drawn[1]);
    expect(drawn[0]).toBeGreaterThan(10);
    // the page fits the phone: wide tables scroll inside their own region, not the page
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-service-360.png'), fullPage: true });
    // management forms fit the phone too
    await page.goto(`${url}/manage/services/ktp-el?lang=en`);
    expect(await page.locator('#f-unit').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is usable with JavaScript off: the tables carry the figures', async () => {
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
    await context.close();
  });
});
