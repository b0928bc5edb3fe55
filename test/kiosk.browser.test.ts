/// <reference lib="dom" />
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createKiosk } from '../server/data/kiosk-tokens.js';
import { hashKioskPin } from '../server/auth/kiosk-pin.js';
import { createService } from '../server/data/services.js';
import { seedSmall, testApp, testDb } from './helpers/app.js';
import { launch, phoneContext, serve } from './helpers/browser.js';

const SCREENS = '/work/screens/kiosk';

const queue = (page: Page) => page.locator('[data-kiosk-queue]');

describe('the survey kiosk on a tablet (360x740)', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let db: Db;
  let single: { id: number; token: string };
  let several: { id: number; token: string };

  beforeAll(async () => {
    db = testDb();
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    const akta = await createService(store, { unitId: org.unitId, code: 'akta', nameId: 'Akta Kelahiran', nameEn: 'Birth certificate' });
    db.prepare("UPDATE services SET ask_end_state = 1 WHERE code = 'akta'").run(); // asks how the visit ended; ktp does not
    const pinHash = await hashKioskPin('2468');
    single = await store.transaction((tx) => createKiosk(tx, { unitId: org.unitId, place: 'Loket 1', serviceIds: [org.serviceId], pinHash }));
    several = await store.transaction((tx) => createKiosk(tx, { unitId: org.unitId, place: 'Lobi', serviceIds: [org.serviceId, akta] }));
    ({ server, url } = await serve(testApp(db)));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('keeps answering without network: three answers wait on the device, then arrive once each with the time they were given', async () => {
    const context = await phoneContext(browser, { locale: 'id-ID' }); // a tablet set to Indonesian
    const page = await context.newPage();
    await page.goto(`${url}/kiosk/${single.token}`);
    const entries = await page.evaluate(() => history.length);
    await page.locator('[data-kiosk][data-kiosk-offline-ready]').waitFor({ timeout: 15_000 });
    await expect.poll(() => queue(page).textContent(), { timeout: 10_000 }).toBe('0');
    const counter = db.prepare('SELECT counter_id FROM kiosk_services WHERE kiosk_id = ?').pluck().get(single.id) as number;
    const before = db.prepare('SELECT count(*) FROM responses').pluck().get() as number;
    await context.setOffline(true);
    const windows: Array<[number, number]> = [];
    for (let i = 0; i < 3; i++) {
      await page.locator('#k-form h1').waitFor();
      await page.locator(`label[for=f-PERSYARATAN-${i + 1}]`).tap();
      await page.locator('label[for=f-WAKTU-4]').tap();
      const from = Date.now();
      await page.locator('#f-submit').tap();
      await page.locator('#k-thanks').waitFor();
      windows.push([from, Date.now()]);
      await expect.poll(() => queue(page).textContent(), { timeout: 10_000 }).toBe(String(i + 1));
      if (i === 0) await page.screenshot({ path: join(SCREENS, 'kiosk-thanks-offline-360.png') });
      await page.locator('[data-kiosk-done]').tap();
      await page.waitForLoadState('load');
      // a clean form again, and nothing to go back to
      await page.locator('#k-form h1').waitFor();
      expect(await page.locator('#k-survey input:checked').count()).toBe(0);
    }
    await expect.poll(() => queue(page).textContent(), { timeout: 10_000 }).toBe('3');
    expect(await page.locator('.kiosk-queue').textContent()).toContain('Jawaban: 3 menunggu dikirim'); // "3 waiting"
    expect(await page.evaluate(() => history.length)).toBe(entries);
    await page.screenshot({ path: join(SCREENS, 'kiosk-waiting-360.png'), fullPage: false });
    // (the emulated cut may let a post through whose confirmation is lost: its resend must then store nothing new)

    await new Promise((r) => setTimeout(r, 1200)); // arrival comes well after the answers were given
    const restored = Date.now();
    await context.setOffline(false);
    await expect.poll(() => queue(page).textContent(), { timeout: 30_000 }).toBe('0');
    const rows = db.prepare('SELECT channel, counter_id, submitted_at, e_persyaratan, idem_key FROM responses WHERE id > ? ORDER BY id').all(before) as {
      channel: string;
      counter_id: number;
      submitted_at: string;
      e_persyaratan: number;
      idem_key: string;
    }[];
    expect(rows.map((r) => [r.channel, r.counter_id, r.e_persyaratan])).toEqual([
      ['kiosk', counter, 1],
      ['kiosk', counter, 2],
      ['kiosk', counter, 3],
    ]);
    for (const [i, r] of rows.entries()) {
      const t = Date.parse(r.submitted_at);
      expect(t).toBeGreaterThanOrEqual(windows[i]![0] - 5);
      expect(t).toBeLessThanOrEqual(windows[i]![1] + 5);
      expect(t).toBeLessThan(restored);
    }
    expect(new Set(rows.map((r) => r.idem_key)).size).toBe(3);
    await context.close();
  }, 90_000);

  it('picks a service, and after 60 s without a touch starts over clean, with no cookie', async () => {
    const context = await phoneContext(browser, { locale: 'id-ID' }); // a tablet set to Indonesian
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${url}/kiosk/${several.token}`);
    const entries = await page.evaluate(() => history.length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const buttons = page.locator('[data-kiosk-service]');
    expect(await buttons.allTextContents()).toEqual(['Perekaman KTP-el', 'Akta Kelahiran']);
    expect((await buttons.first().boundingBox())!.height).toBeGreaterThanOrEqual(64);
    await page.screenshot({ path: join(SCREENS, 'kiosk-picker-360.png') });
    await page.locator('[data-kiosk-service=akta]').tap();
    await page.locator('#k-form').waitFor();
    expect(await page.locator('[data-kiosk-service-name]').textContent()).toBe('Akta Kelahiran');
    expect(await page.locator('[data-kiosk-endstate]').isVisible()).toBe(true);
    expect(await page.locator('#k-survey').getAttribute('autocomplete')).toBe('off');
    await page.locator('label[for=f-PROSEDUR-2]').tap();
    await page.locator('#f-age').fill('57');
    await page.screenshot({ path: join(SCREENS, 'kiosk-form-360.png') });
    await page.clock.fastForward(30_000);
    expect(await page.locator('#f-age').inputValue()).toBe('57'); // not yet
    await page.clock.fastForward(61_000);
    await page.locator('#k-pick:not([hidden])').waitFor();
    expect(await page.locator('#k-form').isHidden()).toBe(true);
    expect(await page.locator('#k-survey input:checked').count()).toBe(0);
    expect(await page.locator('#f-age').inputValue()).toBe('');
    expect(await page.evaluate(() => history.length)).toBe(entries);
    // after the thank-you screen too, on its own
    await page.locator('[data-kiosk-service=ktp]').tap();
    expect(await page.locator('[data-kiosk-endstate]').isHidden()).toBe(true);
    await page.locator('label[for=f-SARANA-4]').tap();
    await page.locator('#f-submit').tap();
    await page.locator('#k-thanks:not([hidden])').waitFor();
    await page.clock.fastForward(16_000);
    await page.locator('#k-pick:not([hidden])').waitFor();
    expect(await page.evaluate(() => history.length)).toBe(entries);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  }, 90_000);

  it('stores an answer sent twice with the same device key once', async () => {
    const context = await phoneContext(browser, { locale: 'id-ID' }); // a tablet set to Indonesian
    const page = await context.newPage();
    await page.goto(`${url}/kiosk/${single.token}`);
    const statuses = await page.evaluate(async (path) => {
      const body = JSON.stringify({ service: 'ktp', idem: 'same-device-key-000001', given_at: new Date().toISOString(), PERSYARATAN: '3' });
      const send = () => fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).then((r) => r.status);
      return [await send(), await send()];
    }, `/kiosk/${single.token}/responses`);
    expect(statuses).toEqual([201, 200]);
    expect(db.prepare("SELECT count(*) FROM responses WHERE idem_key = 'same-device-key-000001'").pluck().get()).toBe(1);
    await context.close();
  }, 90_000);

  it('lets an officer out with the PIN only', async () => {
    const context = await phoneContext(browser, { locale: 'id-ID' }); // a tablet set to Indonesian
    const page = await context.newPage();
    await page.goto(`${url}/kiosk/${single.token}?lang=en`);
    await page.locator('[data-kiosk-exit-open]').tap();
    await page.locator('#k-pin').fill('1111');
    await page.locator('#k-exit button[type=submit]').tap();
    await expect.poll(() => page.locator('#k-exit-error').textContent(), { timeout: 15_000 }).toBe('Wrong PIN. Try again.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('k-pin');
    await page.screenshot({ path: join(SCREENS, 'kiosk-exit-360.png') });
    await page.locator('#k-pin').fill('2468');
    await page.locator('#k-exit button[type=submit]').tap();
    await page.waitForURL(/\/login/);
    await context.close();
  }, 90_000);
});
