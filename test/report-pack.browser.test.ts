import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { setPublished } from '../server/data/targets.js';
import { printToPdf } from '../server/report/pdf.js';
import { addApiToken } from '../server/data/tokens.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { ARTIFACTS } from './helpers/browser.js';
import { signInAs, type SignedIn } from './helpers/officer.js';
import { addResponses, times } from './helpers/responses.js';

// The evidence pack's reports printed to PDF on the server (Chromium through playwright-core, one
// launch per pack): unzipped with Debian's unzip, read with pdftotext, their IKM equal to the
// results API's: the published quarter as published (late data left out), the other one live.

interface Api {
  n: number;
  ikm: number;
}

const two = (x: number) => (Math.round(x * 100 + 1e-9) / 100).toFixed(2);
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('the evidence pack with the reports as PDFs', () => {
  let app: Express;
  let store: SqliteDatabase;
  let org: SmallOrg;
  let manager: SignedIn;
  let token: string;
  const dir = join(ARTIFACTS, 'evidence-pack');

  beforeAll(async () => {
    const db = testDb();
    store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    for (const owner of [{ serviceId: org.serviceId }, { unitId: org.unitId }, { unitId: org.rootId }]) await setPublished(store, owner, true);
    await addResponses(store, org.serviceId, [
      ...times(12, { date: '2025-05-06', answers: 4 }),
      ...times(10, {
        date: '2025-06-10',
        answers: { PERSYARATAN: 3, PROSEDUR: 2, WAKTU: 3, BIAYA: null, PRODUK: 3, KOMPETENSI: 4, PERILAKU: 3, PENGADUAN: 2, SARANA: 3 },
      }),
      ...times(15, { date: '2025-08-12', answers: 3 }),
    ]);
    app = testApp(db);
    manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    token = (await addApiToken(store, org.unitId, 'pack check')).token;
    mkdirSync(dir, { recursive: true });
  }, 60_000);

  const officerApi = async (path: string) => (await request(app).get(path).set('Authorization', `Bearer ${token}`).expect(200)).body as Api;

  it('holds one PDF per quarter with data, in the pack language, with the figures of the results API (published ones as published)', async () => {
    // Q2 is published (a public read freezes it), then late answers arrive: its report keeps the published figures
    const published = (await request(app).get('/api/v1/units/dukcapil/results?period=2025-Q2').expect(200)).body as Api;
    await addResponses(store, org.serviceId, times(6, { date: '2025-06-20', answers: 1 }));
    const live = await officerApi('/api/v1/units/dukcapil/results?period=2025-Q2');
    expect(live.n).toBe(published.n + 6);
    expect(two(live.ikm)).not.toBe(two(published.ikm));
    const liveQ3 = await officerApi('/api/v1/units/dukcapil/results?period=2025-Q3');

    for (const lang of ['en', 'id'] as const) {
      const res = await manager.agent.get(`/followup/evaluation/units/dukcapil/evidence.zip?year=2025&lang=${lang}`).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      const file = join(dir, `pack-${lang}.zip`);
      writeFileSync(file, res.body as Buffer);
      const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
      const name = (q: string) => (lang === 'en' ? `skm-report-2025-${q}.pdf` : `laporan-skm-2025-${q}.pdf`);
      expect(listing).toContain(name('Q2'));
      expect(listing).toContain(name('Q3'));
      expect(listing).not.toMatch(/2025-Q1|2025-Q4|\.html/);
      const out = join(dir, lang);
      execFileSync('unzip', ['-o', '-q', file, '-d', out]);
      expect(readFileSync(join(out, lang === 'en' ? 'README.txt' : 'BACA-SAYA.txt'), 'utf8')).not.toMatch(/could not make PDFs|tidak dapat dibuat/);
      const dec = (s: string) => (lang === 'id' ? s.replace('.', ',') : s);
      for (const [q, api] of [
        ['Q2', published],
        ['Q3', liveQ3],
      ] as const) {
        const pdf = join(out, name(q));
        expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
        const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
        expect(text, `${lang} ${q}`).toMatch(new RegExp(`IKM ${dec(two(api.ikm)).replace(/[.,]/, '[.,]')} `));
        const ikmRow = new RegExp(`^\\s*IKM\\s+(\\d+)\\s+([\\d.,]+)\\s*$`, 'm').exec(text);
        expect(Number(ikmRow?.[1]), `${lang} ${q}`).toBe(api.n);
        if (q === 'Q2') expect(text).toMatch(lang === 'en' ? /Figures as published on/ : /sebagaimana dipublikasikan/);
        else expect(text).toMatch(lang === 'en' ? /Draft: this period is not published yet/ : /Draf: periode ini belum dipublikasikan/);
      }
    }
  }, 120_000);

  it('gives the reason instead of throwing when the browser fails to start', async () => {
    const failed = await printToPdf(['<!doctype html><title>x</title><p>x</p>'], '/bin/false', 20_000);
    expect(failed.ok).toBe(false);
    expect(failed.ok ? '' : failed.reason).not.toBe('');
    expect(await printToPdf(['<p>x</p>'], '/nonexistent/chromium')).toEqual({ ok: false, reason: 'no browser at /nonexistent/chromium' });
  }, 60_000);
});
