/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCounterLink, revokeCounter } from '../server/data/counters.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { seedSmall, testApp, testDb } from './helpers/app.js';
import { launch, phoneContext, serve } from './helpers/browser.js';
import { createOfficer } from './helpers/officer.js';
import { decodePng } from './helpers/qr-decode.js';

// Posters print with a QR code that reads back to the right absolute URL at the promised size:
// Chromium prints the poster to PDF, Debian's pdftoppm renders it at 150 dpi, jsqr decodes it.
// The reach pages are also looked at on a 360 px phone (screenshots in /work/screens/counters/).

const PUBLIC = 'https://survei.uji.go.id';
const DPI = 150;
const SCREENS = process.env.SCREENS_DIR ?? join(tmpdir(), 'mutu-screens-counters');

describe('posters and reach pages in a browser', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let token: string;
  let counterId: number;
  let page: Page;
  const work = mkdtempSync(join(tmpdir(), 'mutu-poster-'));

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    const db = testDb();
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    ({ id: counterId, token } = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 2' }));
    const ended = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket Lama' });
    await revokeCounter(store, ended.id);
    const officer = await createOfficer(store, { role: 'manager', unitId: org.unitId });
    ({ server, url } = await serve(testApp(db, { config: { publicUrl: PUBLIC, publicUrlSet: true } })));
    browser = await launch();
    page = await (await phoneContext(browser)).newPage();
    await page.goto(`${url}/login?lang=id`);
    await page.locator('input[name=email]').fill(officer.email);
    await page.locator('input[name=password]').fill(officer.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/dashboard/);
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  /** Prints the poster page to PDF and renders its first page at 150 dpi: the PNG, its page count. */
  async function printed(path: string, name: string): Promise<{ png: Buffer; pages: number }> {
    await page.goto(`${url}${path}`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const file = join(work, `${name}.pdf`);
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file]).toString();
    execFileSync('pdftoppm', ['-r', String(DPI), '-png', '-f', '1', '-l', '1', '-singlefile', file, join(work, name)]);
    return { png: readFileSync(join(work, `${name}.png`)), pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
  }

  const cm = (px: number) => (px / DPI) * 2.54;

  it('prints an A4 poster on one A4 page whose QR code reads back the counter link, at least 8 cm wide', async () => {
    const { png, pages } = await printed(`/manage/services/ktp/reach/poster?counter=${counterId}&size=a4&lang=id`, 'a4');
    expect(pages).toBe(1);
    const qr = decodePng(png);
    expect(qr?.data).toBe(`${PUBLIC}/k/${token}`);
    // A4 at 150 dpi: 1240 x 1754 pixels
    expect(Math.abs((qr?.width ?? 0) - 1240)).toBeLessThanOrEqual(2);
    expect(Math.abs((qr?.height ?? 0) - 1754)).toBeLessThanOrEqual(2);
    const loc = qr!.location;
    const side = Math.min(loc.topRightCorner.x - loc.topLeftCorner.x, loc.bottomLeftCorner.y - loc.topLeftCorner.y);
    // the code itself (without its quiet zone) is at least 8 cm
    expect(cm(side)).toBeGreaterThanOrEqual(8);
    const text = execFileSync('pdftotext', [join(work, 'a4.pdf'), '-']).toString();
    expect(text).toContain('Perekaman KTP-el');
    expect(text).toContain('Kabupaten Uji');
    expect(text).toContain(`survei.uji.go.id/k/${token}`);
    expect(text).toContain('Loket 2');
    expect(text).toMatch(/anonim/);
  });

  it('prints an A6 table card in English with the plain link, its QR code at least 4 cm', async () => {
    const { png, pages } = await printed('/manage/services/ktp/reach/poster?size=a6&lang=en', 'a6');
    expect(pages).toBe(1);
    const qr = decodePng(png);
    expect(qr?.data).toBe(`${PUBLIC}/s/ktp?ch=qr`);
    // A6 at 150 dpi: 620 x 874 pixels
    expect(Math.abs((qr?.width ?? 0) - 620)).toBeLessThanOrEqual(2);
    expect(Math.abs((qr?.height ?? 0) - 874)).toBeLessThanOrEqual(2);
    const loc = qr!.location;
    expect(cm(loc.topRightCorner.x - loc.topLeftCorner.x)).toBeGreaterThanOrEqual(4);
    const text = execFileSync('pdftotext', [join(work, 'a6.pdf'), '-']).toString();
    expect(text).toContain('Electronic ID card');
    expect(text).toContain('survei.uji.go.id/s/ktp');
    expect(text).toMatch(/anonymous/);
  });

  it('shows the reach pages on a phone without sideways scrolling', async () => {
    const shots: Array<[string, string]> = [
      ['reach', '/manage/services/ktp/reach?lang=id'],
      ['poster-a4', `/manage/services/ktp/reach/poster?counter=${counterId}&size=a4&lang=id`],
      ['poster-a6', '/manage/services/ktp/reach/poster?size=a6&lang=en'],
      ['counter-survey', `/k/${token}?lang=id`],
      ['preview', '/s/ktp?preview=1&lang=id'],
      ['dashboard', '/dashboard/services/ktp?lang=id'],
    ];
    for (const [name, path] of shots) {
      await page.goto(`${url}${path}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
      expect(wide, `${name} scrolls sideways`).toBe(false);
    }
    // the reach page's live preview of the embed view loads in its frame (framed by Mutu itself), marked as a preview
    await page.goto(`${url}/manage/services/ktp/reach?lang=id`);
    await expect.poll(() => page.frameLocator('iframe.embed-preview').locator('.preview-note').count(), { timeout: 15_000 }).toBe(1);
  }, 120_000);
});
