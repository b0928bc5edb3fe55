/**
 * Printing reports to PDF on the server: Chromium (Debian's, at CHROMIUM_PATH, default
 * /usr/bin/chromium; never a downloaded browser) driven by playwright-core, one launch for all the
 * reports of a pack, closed afterwards, the whole run under a timeout. Each page is printed as a
 * browser prints it: A4 from the print stylesheet's @page (page numbers in its footer), backgrounds
 * on. No network (the documents are self-contained), no script. One pack prints at a time in a
 * process (a browser takes a core and a few hundred MB); the others wait their turn.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const TIMEOUT_MS = 90_000;

export type Printed = { ok: true; pdfs: Buffer[] } | { ok: false; reason: string };

/** The Chromium to use: CHROMIUM_PATH, else Debian's. */
const chromiumPath = (): string => process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;

let turn: Promise<unknown> = Promise.resolve();

/** Prints each HTML document to an A4 PDF; never throws: a missing or failing browser gives the reason instead. */
export function printToPdf(documents: readonly string[], executablePath = chromiumPath(), timeoutMs = TIMEOUT_MS): Promise<Printed> {
  if (!documents.length) return Promise.resolve({ ok: true, pdfs: [] });
  if (!existsSync(executablePath)) return Promise.resolve({ ok: false, reason: `no browser at ${executablePath}` });
  const mine = turn.then(() => printAll(documents, executablePath, timeoutMs));
  turn = mine;
  return mine;
}

async function printAll(documents: readonly string[], executablePath: string, timeoutMs: number): Promise<Printed> {
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  let over = false;
  const run = async (): Promise<Printed> => {
    const launched = await chromium.launch({
      executablePath,
      headless: true,
      timeout: timeoutMs,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    browser = launched;
    // launched after the timeout: nobody waits for it any more
    if (over) await launched.close();
    const context = await launched.newContext({ offline: true, javaScriptEnabled: false });
    const pdfs: Buffer[] = [];
    for (const html of documents) {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
      pdfs.push(await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' }));
      await page.close();
    }
    return { ok: true, pdfs };
  };
  const expired = new Promise<Printed>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `the browser took longer than ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
  });
  try {
    return await Promise.race([run(), expired]);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? (err.message.split('\n')[0] ?? 'the browser failed') : 'the browser failed' };
  } finally {
    over = true;
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
  }
}
