/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { seedSmall, testApp, testDb } from './helpers/app.js';
import { launch, phoneContext, serve } from './helpers/browser.js';

const SCREENS = '/work/screens/kiosk';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * An agency's site on another origin: the contract's snippet, and a record of what reaches the
 * page (the mutu:submitted event on document, and every message). `frame` adds a plain iframe of
 * the embed view instead, as a site that is not allowed would try.
 */
function hostSite(mutu: string, code = 'ktp'): Promise<{ server: Server; origin: string }> {
  const page = (
    body: string,
  ) => `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portal Kabupaten</title></head><body><h1>Portal Kabupaten Uji</h1><p><a href="#">Berita</a></p>
<script>window.events = []; window.messages = [];
document.addEventListener('mutu:submitted', function (e) { window.events.push(e.detail); });
window.addEventListener('message', function (e) { window.messages.push({ origin: e.origin, data: e.data }); });</script>
${body}</body></html>`;
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (req.url?.startsWith('/frame')) {
      const origin = new URL(req.url, 'http://x').searchParams.get('origin') ?? '';
      return void res.end(page(`<iframe title="survei" src="${mutu}/s/${code}?embed=1&amp;origin=${encodeURIComponent(origin)}"></iframe>`));
    }
    if (req.url?.startsWith('/custom')) {
      const attrs = 'data-mutu-text="Beri penilaian" data-mutu-position="inline" data-lang="en"';
      return void res.end(page(`<p id="before">Layanan kami</p><script src="${mutu}/embed.js" data-mutu-service="${code}" ${attrs} defer></script>`));
    }
    res.end(page(`<script src="${mutu}/embed.js" data-mutu-service="${code}" defer></script>`));
  });
  server.listen(0, 'localhost');
  return new Promise((resolve) => server.once('listening', () => resolve({ server, origin: `http://localhost:${(server.address() as AddressInfo).port}` })));
}

const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), cls: el?.className ?? '', inDialog: Boolean(el && document.querySelector('dialog')?.contains(el)) };
  });

describe('the survey widget on an agency site (another origin, 360x740)', () => {
  let browser: Browser;
  let mutu: { server: Server; url: string };
  let allowed: { server: Server; origin: string };
  let stranger: { server: Server; origin: string };
  let db: Db;

  beforeAll(async () => {
    db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    mutu = await serve(testApp(db));
    allowed = await hostSite(mutu.url);
    stranger = await hostSite(mutu.url);
    db.prepare("UPDATE services SET embed_origins = ? WHERE code = 'ktp'").run(`https://portal.uji.go.id ${allowed.origin}`);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    mutu?.server.close();
    allowed?.server.close();
    stranger?.server.close();
  });

  it('opens the survey in a dialog that keeps focus, closes with Escape and the close button, and returns focus', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${allowed.origin}/`);
    const button = page.locator('.mutu-widget-button');
    await expect.poll(() => button.textContent(), { timeout: 10_000 }).toBe('Nilai layanan ini');
    await page.screenshot({ path: join(SCREENS, 'widget-button-360.png') });
    await button.tap();
    const dialog = page.locator('dialog.mutu-widget-dialog');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    expect(await active(page)).toMatchObject({ cls: 'mutu-widget-close', inDialog: true });
    const box = await dialog.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // the frame grows to its content: nothing scrolls inside it
    const frame = page.frameLocator('dialog iframe');
    await frame.locator('fieldset[data-element=PERSYARATAN]').waitFor();
    const inner = () => frame.locator('html').evaluate((h) => Math.ceil(h.getBoundingClientRect().height));
    const outer = () => page.locator('dialog iframe').evaluate((f) => f.getBoundingClientRect().height);
    await expect.poll(async () => Math.abs((await outer()) - (await inner())), { timeout: 5000 }).toBeLessThanOrEqual(1);
    expect(await outer()).toBeGreaterThan(1500);
    expect(await frame.locator('html').evaluate((h) => h.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(SCREENS, 'widget-dialog-360.png') });
    // the dialog itself (the survey inside it is checked as the page type "survey embed view")
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: RunOptions) => Promise<AxeResults> } }).axe;
      const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
      const result = await axe.run({ include: [['dialog']] }, { runOnly: { type: 'tag', values: tags }, iframes: false, resultTypes: ['violations'] });
      return result.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);

    // Tab goes through the survey and back to the close button, never out of the dialog. The walk
    // starts where the dialog put focus when it opened (checked above): the frame's resizing and the
    // axe run in between may have moved it, on a loaded machine
    await page.locator('.mutu-widget-close').focus();
    let wrapped = false;
    let wentIn = false;
    for (let i = 0; i < 60 && !wrapped; i++) {
      await page.keyboard.press('Tab');
      const a = await active(page);
      expect(a.inDialog, `tab ${i}: ${a.tag}.${a.cls}`).toBe(true);
      if (a.tag === 'iframe') wentIn = true;
      if (wentIn && a.cls === 'mutu-widget-close') wrapped = true;
    }
    expect(wentIn && wrapped).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect((await active(page)).inDialog).toBe(true);

    // Escape inside the survey (another origin: it asks the widget) closes, and focus returns
    await frame.locator('#f-PERSYARATAN-3').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open), { timeout: 5000 }).toBe(false);
    expect(await active(page)).toMatchObject({ cls: 'mutu-widget-button' });
    // Escape on the close button, and the close button itself
    await button.press('Enter');
    await page.keyboard.press('Escape');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect((await active(page)).cls).toBe('mutu-widget-button');
    await button.press('Enter');
    await page.locator('.mutu-widget-close').press('Enter');
    expect(await dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect((await active(page)).cls).toBe('mutu-widget-button');
    await context.close();
  }, 90_000);

  it('stores the answer and tells the host page, only through its own origin', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${allowed.origin}/`);
    await page.locator('.mutu-widget-button').tap();
    const frame = page.frameLocator('dialog iframe');
    await frame.locator('label[for=f-PERSYARATAN-4]').tap();
    await frame.locator('label[for=f-WAKTU-2]').tap();
    await frame.locator('#f-submit').tap();
    await frame.locator('main.thanks').waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { events: unknown[] }).events), { timeout: 10_000 }).toEqual([{ service: 'ktp' }]);
    const messages = (await page.evaluate(() => (window as unknown as { messages: { origin: string; data: { type: string } }[] }).messages)) ?? [];
    expect(messages.every((m) => m.origin === mutu.url)).toBe(true);
    expect(messages.filter((m) => m.data.type === 'mutu:submitted').map((m) => m.data)).toEqual([{ type: 'mutu:submitted', service: 'ktp' }]);
    const rows = db.prepare("SELECT channel, e_persyaratan, e_waktu FROM responses WHERE channel = 'embed'").all();
    expect(rows).toEqual([{ channel: 'embed', e_persyaratan: 4, e_waktu: 2 }]);
    await page.screenshot({ path: join(SCREENS, 'widget-thanks-360.png') });
    await context.close();
  }, 90_000);

  it('takes its text, place and language from data attributes', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    await page.goto(`${allowed.origin}/custom`);
    const button = page.locator('.mutu-widget-button');
    await button.waitFor();
    expect(await button.textContent()).toBe('Beri penilaian');
    expect(await button.evaluate((b) => [getComputedStyle(b).position, b.previousElementSibling?.tagName])).toEqual(['static', 'SCRIPT']);
    await button.tap();
    expect(await page.locator('.mutu-widget-close').textContent()).toBe('Close');
    expect(new URL((await page.locator('dialog iframe').getAttribute('src'))!).searchParams.get('lang')).toBe('en');
    await page.frameLocator('dialog iframe').locator('h1', { hasText: 'Service satisfaction survey' }).waitFor();
    await context.close();
  }, 90_000);

  it('cannot be framed by a site that is not allowed, which hears nothing', async () => {
    const context = await phoneContext(browser);
    const page = await context.newPage();
    // even claiming to be the allowed origin
    const framed = page.waitForResponse((r) => r.url().includes('/s/ktp?embed=1'));
    await page.goto(`${stranger.origin}/frame?origin=${encodeURIComponent(allowed.origin)}`);
    const csp = (await framed).headers()['content-security-policy'] ?? '';
    expect(csp).toContain(`frame-ancestors https://portal.uji.go.id ${allowed.origin}`);
    expect(csp).not.toContain(stranger.origin);
    await page.waitForTimeout(500);
    const child = page.frames().find((f) => f !== page.mainFrame());
    const heading = await child?.evaluate(() => document.querySelector('fieldset[data-element]') !== null).catch(() => false);
    expect(heading ?? false).toBe(false);
    // the widget on that site: the dialog opens, but the survey does not load in it and no message arrives
    await page.goto(`${stranger.origin}/`);
    await page.locator('.mutu-widget-button').tap();
    await page.waitForTimeout(700);
    const widgetFrame = page.frames().find((f) => f !== page.mainFrame());
    expect(await widgetFrame?.evaluate(() => document.querySelector('fieldset[data-element]') !== null).catch(() => false)).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { messages: unknown[] }).messages)).toEqual([]);
    await context.close();
  }, 90_000);
});
