/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { testApp, testDb } from './helpers/app.js';
import { ARTIFACTS, launch, phoneContext, serve } from './helpers/browser.js';

// The management pages on a 360 px phone, as the demo admin: nothing wider than the screen, every
// label readable (not cut), the running sum of a target profile follows typing, and the dates of a
// users-served range open only when "other dates" is chosen. Screenshots go to test-artifacts/.

describe('management on a phone (360x740)', () => {
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

  async function signedIn(email: string): Promise<Page> {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${url}/login?lang=id`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill('mutu-demo');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/dashboard/);
    return page;
  }

  /** Elements whose box reaches past the viewport's right edge (the page may not scroll sideways). */
  const overflowing = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.right > window.innerWidth + 1 && !el.closest('.table-wrap, .vh, .skip');
        })
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${(el as HTMLElement).className}`),
    );

  const PAGES = [
    { name: 'index', path: '/manage?lang=id' },
    { name: 'unit', path: '/manage/units/dinkes?lang=id' },
    { name: 'service', path: '/manage/services/ktp-el?lang=id' },
    { name: 'profile', path: '/manage/services/ktp-el/profile?lang=id' },
    { name: 'populations', path: '/manage/services/ktp-el/populations?lang=id' },
    { name: 'users', path: '/manage/users?lang=id' },
    { name: 'user', path: '/manage/users/new?lang=id' },
    { name: 'tokens', path: '/manage/tokens?lang=id' },
    { name: 'audit', path: '/manage/audit?lang=id' },
    { name: 'publication', path: '/manage/publication?lang=id' },
    { name: 'password', path: '/account/password?lang=id' },
  ];

  it('fits every management page in 360 px', { timeout: 180_000 }, async () => {
    const page = await signedIn('admin@demo.mutu.id');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (const p of PAGES) {
      const res = await page.goto(`${url}${p.path}`);
      expect(res?.status(), p.name).toBe(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${p.name}: width`).toBe(true);
      expect(await overflowing(page), `${p.name}: wider than the screen`).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `manage-${p.name}-360-first-screen.png`) });
      await page.screenshot({ path: join(ARTIFACTS, `manage-${p.name}-360.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('updates a profile’s sum while typing, and opens the dates only for other dates', { timeout: 60_000 }, async () => {
    const page = await signedIn('admin@demo.mutu.id');
    await page.goto(`${url}/manage/services/ktp-el/profile?lang=id`);
    await page.locator('#f-p_disability_yes').fill('12');
    await page.locator('#f-p_disability_no').fill('80');
    await expect.poll(() => page.locator('#sum-disability').textContent()).toBe('Jumlah: 92,0% dari 100%');
    expect(await page.locator('#sum-disability').getAttribute('data-sum')).toBe('off');
    await page.locator('#f-p_disability_no').fill('88');
    await expect.poll(() => page.locator('#sum-disability').getAttribute('data-sum')).toBe('ok');
    await page.locator('fieldset[data-dimension=disability]').screenshot({ path: join(ARTIFACTS, 'manage-profile-sum-360.png') });

    await page.goto(`${url}/manage/services/ktp-el/populations?lang=id`);
    expect(await page.locator('details[data-range-fields]').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.locator('#f-period').selectOption('range');
    expect(await page.locator('details[data-range-fields]').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    await page.locator('#f-range_from').fill('2026-07-01');
    await page.locator('#f-range_to').fill('2026-07-15');
    await page.locator('#f-population').fill('400');
    await page.locator('form.officer-form button[type=submit]').click();
    await page.waitForURL(/saved=1/);
    expect(await page.locator('#populations tbody th').allTextContents()).toContain('1 Jul – 15 Jul 2026');
    await page.screenshot({ path: join(ARTIFACTS, 'manage-populations-saved-360.png'), fullPage: true });
    await page.context().close();
  });

  it('shows a refused page with the way back, for a unit manager', { timeout: 60_000 }, async () => {
    const page = await signedIn('manajer@demo.mutu.id');
    const res = await page.goto(`${url}/manage/audit?lang=id`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Anda tidak memiliki akses ke halaman ini');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'manage-403-360.png'), fullPage: true });
    await page.locator('a[data-back]').click();
    await page.waitForURL(/\/dashboard\?lang=id$/);
    await page.context().close();
  });
});
