/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launch, phoneContext, serve } from './helpers/browser.js';
import { PAGE_TYPES, PageFixture } from './helpers/page-types.js';

// Every page type (test/helpers/page-types.ts) at 360x740: axe-core with the WCAG 2.0, 2.1 and 2.2
// A/AA tags finds no violation, and a full-page screenshot lands in test-artifacts/pages/. A page
// type another helper is redesigning may list the rules it breaks today (knownViolations), asserted
// exactly. The page is fetched as its user gets it (signed in, or a form post) and handed to the
// browser at its own URL, with its own headers (CSP included); styles and scripts load from the app.

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOTS = join(ARTIFACTS, 'pages');

type Violation = Pick<Result, 'id' | 'impact'> & { nodes: Array<{ target: string[]; failureSummary?: string }> };

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

describe('every page type is accessible on a phone (axe-core, WCAG 2.2 AA)', () => {
  let fx: PageFixture;
  let browser: Browser;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    fx = await PageFixture.create();
    ({ server, url: base } = await serve(fx.app));
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    fx?.db.close();
  });

  it.each(PAGE_TYPES.map((p) => [p.name, p] as const))(
    '%s',
    async (name, type) => {
      const page = await fx.fetch(type);
      expect(page.status, page.url).toBe(type.status);
      const context = await phoneContext(browser);
      try {
        const tab = await context.newPage();
        const url = base + page.url;
        // the document as its user got it; everything it loads comes from the app
        await tab.route(url, (route) => route.fulfill({ status: page.status, headers: page.headers, body: page.html }), { times: 1 });
        await tab.goto(url, { waitUntil: 'load' });
        // evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays on
        await tab.evaluate(AXE);
        const violations = await tab.evaluate(async (tags) => {
          const axe = (window as unknown as { axe: { run: (ctx: Document, opts: RunOptions) => Promise<AxeResults> } }).axe;
          const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return result.violations.map((v): Violation => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
          }));
        }, TAGS);
        await tab.screenshot({ path: join(SHOTS, `${slug(name)}-360.png`), fullPage: true });
        const known = [...(type.knownViolations ?? [])].sort();
        const found = violations.map((v) => v.id).sort();
        const unexpected = violations
          .filter((v) => !known.includes(v.id))
          .map(
            (v) =>
              `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` – ${n.failureSummary.split('\n')[1]?.trim() ?? ''}` : ''}`).join(' | ')}`,
          );
        expect(unexpected, page.url).toEqual([]);
        // a known failure that no longer happens must leave the list
        expect(found, `${page.url}: knownViolations must list exactly the rules that fail`).toEqual(known);
      } finally {
        await context.close();
      }
    },
    90_000,
  );
});
