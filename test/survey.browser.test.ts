/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../server/db.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { seedSmall, testApp, testDb } from './helpers/app.js';
import { ARTIFACTS, launch, phoneContext, serve } from './helpers/browser.js';

/** Whether the element's box lies wholly inside the viewport. */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });
}

describe('survey in a phone browser (360x740)', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let db: Db;

  beforeAll(async () => {
    db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    ({ server, url } = await serve(testApp(db)));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('is filled by tapping and submitted', async () => {
    const context = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${url}/s/ktp?lang=id&ch=qr`);
    // nothing overflows a 360 px screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const [i, code] of ELEMENT_CODES.entries()) {
      const option = page.locator(`fieldset[data-element=${code}] label`).nth(i % 4);
      const box = await option.boundingBox();
      expect(box!.height, `touch target of ${code}`).toBeGreaterThanOrEqual(44);
      await option.tap();
    }
    await page.locator('[data-profile=gender] label', { hasText: 'Perempuan' }).tap();
    await page.locator('#f-age').tap();
    await page.keyboard.type('34');
    await page.locator('[data-profile=disability] label', { hasText: 'Tidak ingin menjawab' }).tap();
    await page.screenshot({ path: join(ARTIFACTS, 'survey-filled-360.png'), fullPage: true });
    await page.locator('button[type=submit]').tap();
    await page.waitForURL(/\/thanks/);
    expect(await page.locator('h1').textContent()).toContain('Terima kasih');
    await page.screenshot({ path: join(ARTIFACTS, 'survey-thanks-360.png') });
    const row = db.prepare("SELECT * FROM responses WHERE channel = 'qr'").get() as Record<string, unknown>;
    expect(row).toMatchObject({
      gender: 'P',
      age: 34,
      age_band: '25_34',
      disability: 'na',
      e_persyaratan: 1,
      e_prosedur: 2,
      e_waktu: 3,
      e_biaya: 4,
      e_sarana: 1,
    });
    await context.close();
  });

  it('is filled with the keyboard alone, and shows errors that a keyboard user can reach', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${url}/s/ktp?lang=en&ch=qr`);
    const before = db.prepare("SELECT count(*) FROM responses WHERE channel = 'qr'").pluck().get() as number;

    // Submit empty first: the error summary takes focus and links to the first question.
    await page.locator('button[type=submit]').focus();
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    expect((await posted).status()).toBe(422);
    await page.locator('.error-summary').waitFor();
    await page.waitForLoadState('load');
    const focused = await page.evaluate(() => document.activeElement?.className);
    expect(focused).toContain('error-summary');
    expect(await page.locator('.error-summary').textContent()).toContain('Answer at least one question');
    // The summary stands above the questions; its link lands on the heading above the questions, with
    // the message right under it, in view; the next Tab reaches the first question's first option.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('h-elements');
    await expect.poll(() => inView(page, '#h-elements')).toBe(true);
    expect(await inView(page, '#e-elements')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'survey-error-elements-360.png') });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-PERSYARATAN-1');

    // A question further down: the link brings its legend into view, not only its field.
    await page.goto(`${url}/s/ktp?lang=en&ch=qr`);
    await page.locator('#f-WAKTU-3').check();
    await page.locator('#f-age').fill('abc');
    await page.locator('button[type=submit]').click();
    await page.locator('.error-summary a[href="#q-age"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-age');
    await expect.poll(() => inView(page, '#q-age > legend')).toBe(true);
    expect(await inView(page, '#e-age')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'survey-error-age-360.png') });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-age');

    // Tab through the page: each question is one tab stop; arrow keys choose within it.
    await page.goto(`${url}/s/ktp?lang=en&ch=qr`);
    let answered = 0;
    for (let i = 0; i < 80 && answered < ELEMENT_CODES.length; i++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');
      if ((ELEMENT_CODES as readonly string[]).includes(name)) {
        // focus lands on the first option; ArrowDown moves to and selects the second, then the third
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        answered++;
      }
    }
    expect(answered).toBe(ELEMENT_CODES.length);
    // the visible focus indicator is there
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.locator('button[type=submit]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/thanks/);
    const after = db.prepare("SELECT count(*) FROM responses WHERE channel = 'qr'").pluck().get() as number;
    expect(after).toBe(before + 1);
    const row = db.prepare("SELECT * FROM responses WHERE channel = 'qr' ORDER BY id DESC").get() as Record<string, unknown>;
    for (const code of ELEMENT_CODES) expect(row[`e_${code.toLowerCase()}`], code).toBe(3);
    await context.close();
  });
});
