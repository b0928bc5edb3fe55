import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TYPES, PageFixture } from './helpers/page-types.js';
import { validateHtml } from './helpers/html-validate.js';

// Every page type (test/helpers/page-types.ts) answers as its user expects and its HTML validates
// (html-validate 10, standard preset: test/helpers/html-validate.ts). A page type another helper is
// redesigning may list the rules it breaks today (knownHtmlErrors), asserted exactly.

describe('every page type is valid HTML', () => {
  let fx: PageFixture;
  beforeAll(async () => {
    fx = await PageFixture.create();
  });
  afterAll(() => fx?.db.close());

  it.each(PAGE_TYPES.map((p) => [p.name, p] as const))('%s', async (_name, type) => {
    const page = await fx.fetch(type);
    expect(page.status, page.url).toBe(type.status);
    expect(page.headers['content-type'], page.url).toMatch(/^text\/html/);
    const problems = await validateHtml(page.html);
    const rules = [...new Set(problems.map((p) => p.ruleId))].sort();
    const known = [...(type.knownHtmlErrors ?? [])].sort();
    const unexpected = problems.filter((p) => !known.includes(p.ruleId));
    expect(
      unexpected.map((p) => `${p.ruleId} line ${p.line} ${p.selector ?? ''}: ${p.message}`),
      page.url,
    ).toEqual([]);
    // a known failure that no longer happens must leave the list
    expect(rules, `${page.url}: knownHtmlErrors must list exactly the rules that fail`).toEqual(known);
  });
});
