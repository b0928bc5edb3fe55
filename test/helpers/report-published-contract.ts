import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, type CheerioAPI } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import type { Database } from '../../server/data/engine/index.js';
import { addAction } from '../../server/data/followup.js';
import { setPublished } from '../../server/data/targets.js';
import { readPlan } from '../../server/followup/plan.js';
import { publicFollowUp } from '../../server/followup/public.js';
import { localize } from '../../server/i18n.js';
import { resolveScope } from '../../server/results/scope.js';
import { action } from './followup-contract.js';
import { seedSmall, type SmallOrg } from './app.js';
import { signInAs, type SignedIn } from './officer.js';
import { addResponses, times } from './responses.js';

interface Api {
  n: number;
  ikm: number;
  elements: Array<{ code: string; n: number | null; nrr: number | null }>;
}

const two = (x: number) => (Math.round(x * 100 + 1e-9) / 100).toFixed(2);

function expectFigures($: CheerioAPI, api: Api): void {
  expect($('data[data-figure="n"]').attr('value')).toBe(String(api.n));
  expect($('data[data-figure="ikm"]').attr('value')).toBe(two(api.ikm));
  for (const e of api.elements) expect($(`data[data-element="${e.code}"]`).attr('value'), e.code).toBe(e.nrr === null ? '' : two(e.nrr));
}

/**
 * "The report of a period is kept as published" (issue 11), on each engine: a published period's
 * report shows the public API's frozen figures and says so; late data changes only the live view
 * (?figures=live) until a logged republication; a period not published yet is a draft.
 */
export function reportPublishedContract(name: string, open: () => Promise<Database>): void {
  describe(`the report as published: ${name}`, () => {
    let store: Database;
    let app: Express;
    let org: SmallOrg;
    let manager: SignedIn;
    let admin: SignedIn;
    const REPORT = '/report/services/ktp?period=2026-Q2&lang=en';
    const PUBLIC_API = '/api/v1/services/ktp/results?period=2026-Q2';
    const report = async (url = REPORT) => load((await manager.agent.get(url).expect(200)).text);
    const publicApi = async () => (await request(app).get(PUBLIC_API).expect(200)).body as Api;

    beforeAll(async () => {
      store = await open();
      org = await seedSmall(store);
      for (const owner of [{ serviceId: org.serviceId }, { unitId: org.unitId }, { unitId: org.rootId }]) await setPublished(store, owner, true);
      await addResponses(store, org.serviceId, [
        ...times(14, { date: '2026-05-04', answers: 4, gender: 'P' }),
        ...times(12, { date: '2026-05-12', answers: 3, gender: 'L' }),
        ...times(6, {
          date: '2026-06-02',
          answers: { PERSYARATAN: 2, PROSEDUR: 3, WAKTU: 2, BIAYA: null, PRODUK: 3, KOMPETENSI: 3, PERILAKU: 4, PENGADUAN: 2, SARANA: 3 },
        }),
      ]);
      app = createApp({ store, config: testConfig() });
      manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
      admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    }, 60_000);

    it('shows a period not published yet as a draft of live figures', async () => {
      const $ = await report();
      expect($('[data-figures]').attr('data-figures')).toBe('draft');
      expect($('[data-figures]').text()).toContain('not published yet');
      expect($('data[data-figure="n"]').attr('value')).toBe('32');
      expect($('[data-figures-link]')).toHaveLength(0);
    });

    it('keeps the published figures when late data arrives, offers the live view, and changes only on republication', async () => {
      const published = await publicApi(); // the first public read freezes the quarter's months
      expect(published.n).toBe(32);
      let $ = await report();
      expect($('[data-figures]').attr('data-figures')).toBe('published');
      expect($('[data-figures]').text()).toMatch(/Figures as published on \d{1,2} \w+ \d{4}\./);
      expect($('[data-figures]').text()).toContain('The live data equals the published figures');
      expectFigures($, published);

      // late kiosk answers for May: the report (and the public API) do not move
      await addResponses(store, org.serviceId, times(5, { date: '2026-05-20', answers: 1 }));
      $ = await report();
      expect($('[data-figures]').attr('data-figures')).toBe('published');
      expectFigures($, published);
      expectFigures($, await publicApi());
      expect($('[data-differing]').text()).toContain('differs by 5 responses');
      const liveHref = $('a[data-figures-link=live]').attr('href');
      expect(liveHref).toBe('/report/services/ktp?period=2026-Q2&lang=en&figures=live');

      // the live view, said to be not the published report, with the late answers
      const live = await report(liveHref);
      expect(live('[data-figures]').attr('data-figures')).toBe('live');
      expect(live('[data-figures]').text()).toContain('NOT the published report');
      expect(live('data[data-figure="n"]').attr('value')).toBe('37');
      expect(live('a[data-figures-link=published]').attr('href')).toBe('/report/services/ktp?period=2026-Q2&lang=en');
      // in Indonesian too
      const id = await report('/report/services/ktp?period=2026-Q2&lang=id');
      expect(id('[data-figures]').text()).toContain('sebagaimana dipublikasikan');

      // an explicit republication of May (logged): the report shows the new published figures
      const csrf = await admin.csrf('/manage/publication');
      await admin.agent
        .post('/manage/publication/republish?lang=en')
        .type('form')
        .send({ _csrf: csrf, period: '2026-05', reason: 'late kiosk answers' })
        .expect(303);
      $ = await report();
      expect($('[data-figures]').attr('data-figures')).toBe('published');
      expect($('data[data-figure="n"]').attr('value')).toBe('37');
      const republished = await publicApi();
      expect(republished.n).toBe(37);
      expectFigures($, republished);
      expect($('[data-figures]').text()).toContain('The live data equals the published figures');
      expect($('[data-report-republished]').text()).toMatch(/^Republished on \d{1,2} \w+ \d{4} \(May 2026\): late kiosk answers$/);
    });

    it('keeps the narrative chapters editable per scope and period on a published report', async () => {
      const url = '/report/services/ktp/chapters/conclusion?period=2026-Q2&lang=en';
      const csrf = await manager.csrf(url);
      const res = await manager.agent.post(url).type('form').send({ _csrf: csrf, body: 'Waiting time improved after the second counter opened.' });
      expect(res.status).toBe(303);
      const $ = await report();
      expect($('[data-figures]').attr('data-figures')).toBe('published');
      expect($('[data-narrative=conclusion]').text()).toContain('second counter opened');
      // another period keeps its own draft
      expect((await report('/report/services/ktp?period=2026-Q1&lang=en'))('[data-narrative=conclusion]').text()).not.toContain('second counter');
    });

    it('judges a done action publicly on the published figures, with its evidence link and never the person', async () => {
      await addResponses(store, org.serviceId, times(20, { date: '2026-08-11', answers: 4 }));
      await addAction(
        store,
        { kind: 'service', id: org.serviceId },
        '2026-Q2',
        action({ person: 'Rina Kusumawati', status: 'done', doneDate: '2026-06-15', evidenceUrl: 'https://dukcapil.example/bukti' }),
        null,
      );
      const scope = (await resolveScope(store, 'service', 'ktp'))!;
      const Q2 = { kind: 'quarter' as const, label: '2026-Q2', from: '2026-04-01', to: '2026-06-30' };
      const at = { k: 5, now: new Date('2026-11-30T00:00:00Z'), today: '2026-11-30' };
      const shown = await publicFollowUp(store, scope, Q2, localize('en'), at);
      expect(shown[0]?.effect?.after).toMatch(/^100[.,]00 \(Q3 2026\)$/);
      expect(shown[0]?.evidenceUrl).toBe('https://dukcapil.example/bukti');
      // late answers for Q3: the officers' plan sees them, the public before/after and its judgement do not
      await addResponses(store, org.serviceId, times(30, { date: '2026-08-25', answers: 1 }));
      expect((await readPlan(store, scope, Q2, '2026-11-30')).actions[0]?.effect.after?.score).toBeCloseTo(((20 * 4 + 30) / 50) * 25, 6);
      expect((await publicFollowUp(store, scope, Q2, localize('en'), at))[0]?.effect).toEqual(shown[0]?.effect);
      const $ = load((await request(app).get('/results/services/ktp?period=2026-Q2&lang=en').expect(200)).text);
      expect($('.r-actions a[href="https://dukcapil.example/bukti"]')).toHaveLength(1);
      expect($('main').text()).not.toContain('Rina');
    });

    it('puts the reports in the evidence pack as published, as print-ready HTML when no browser is there', async () => {
      const chromium = process.env.CHROMIUM_PATH;
      process.env.CHROMIUM_PATH = '/nonexistent/chromium';
      const res = await manager.agent
        .get('/followup/evaluation/units/dukcapil/evidence.zip?year=2026&lang=en')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      if (chromium === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = chromium;
      expect(res.status).toBe(200);
      const dir = mkdtempSync(join(tmpdir(), 'mutu-pack-'));
      const file = join(dir, 'pack.zip');
      writeFileSync(file, res.body as Buffer);
      const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
      // Q2 and Q3 have answers (Q1 none, Q4 is running)
      expect(listing.filter((f) => f.startsWith('skm-report-'))).toEqual(['skm-report-2026-Q2.html', 'skm-report-2026-Q3.html']);
      expect(execFileSync('unzip', ['-p', file, 'README.txt'], { encoding: 'utf8' })).toContain(
        'The server could not make PDFs (no browser at /nonexistent/chromium)',
      );
      // the unit's Q2 report as published: the unit's public figures
      const unitApi = (await request(app).get('/api/v1/units/dukcapil/results?period=2026-Q2').expect(200)).body as Api;
      const $ = load(execFileSync('unzip', ['-p', file, 'skm-report-2026-Q2.html'], { encoding: 'utf8' }));
      expect($('[data-figures]').attr('data-figures')).toBe('published');
      expectFigures($, unitApi);
      rmSync(dir, { recursive: true, force: true });
    });
  });
}
