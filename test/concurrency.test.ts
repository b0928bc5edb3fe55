import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { recomputeTotals } from '../server/data/totals.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { formFields, seedSmall, testApp, testDb } from './helpers/app.js';
import { signInAs } from './helpers/officer.js';
import { expectSameTotals } from './helpers/totals-compare.js';

// SQLite under async: one connection serves every request, so the transactions of concurrent
// requests must never interleave on it. Survey posts and management changes race through the real
// app; every response is stored once with exact totals, and every change has its own audit row.

const TOTALS = ['totals_day', 'totals_month', 'totals_group_month'];

describe('concurrent requests on the one SQLite connection', () => {
  it('keep each submission and each audited change whole', async () => {
    const db = testDb();
    const store = SqliteDatabase.of(db);
    const org = await seedSmall(store);
    const app = testApp(db, { surveyLimits: { limit: 1000 } });
    const admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
    const csrf = await admin.csrf('/manage/services/ktp');

    const forms = await Promise.all(Array.from({ length: 40 }, () => formFields(app, '/s/ktp')));
    const posts = forms.map((f, i) =>
      request(app)
        .post('/s/ktp')
        .type('form')
        .send({ ...f, ...Object.fromEntries(ELEMENT_CODES.map((c, j) => [c, String(((i + j) % 4) + 1)])), gender: i % 2 ? 'P' : 'L' }),
    );
    const renames = Array.from({ length: 10 }, (_, i) =>
      admin.agent
        .post('/manage/services/ktp')
        .type('form')
        .send({ _csrf: csrf, code: 'ktp', name_id: `KTP nama ${i}`, name_en: `ID name ${i}`, unit: 'dukcapil', active: '1' }),
    );
    const units = Array.from({ length: 5 }, (_, i) =>
      admin.agent
        .post('/manage/units/new')
        .type('form')
        .send({ _csrf: csrf, code: `kec-${i}`, name_id: `Kecamatan ${i}`, name_en: `District ${i}`, parent: 'pemkab', active: '1' }),
    );
    // a retried post with the same key, racing its first
    const retry = request(app)
      .post('/s/ktp')
      .type('form')
      .send({ ...forms[0], ...Object.fromEntries(ELEMENT_CODES.map((c, j) => [c, String((j % 4) + 1)])), gender: 'L' });
    const answers = await Promise.all([...posts, ...renames, ...units, retry]);
    expect(answers.map((r) => r.status)).toEqual(Array(56).fill(303));

    expect(db.prepare('SELECT count(*) AS n FROM responses').get()).toEqual({ n: 40 });
    const kept = TOTALS.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all());
    expect((kept[1] as Array<{ n: number }>).reduce((s, r) => s + r.n, 0)).toBe(40);
    await recomputeTotals(store);
    expectSameTotals(
      TOTALS.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`).all()),
      kept,
    );

    const audit = db.prepare('SELECT action, entity_kind, entity_code, details FROM audit_log ORDER BY id').all() as Array<{
      action: string;
      entity_kind: string;
      entity_code: string;
      details: string;
    }>;
    expect(
      audit
        .filter((a) => a.entity_kind === 'unit' && a.action === 'create')
        .map((a) => a.entity_code)
        .sort(),
    ).toEqual(['kec-0', 'kec-1', 'kec-2', 'kec-3', 'kec-4']);
    const serviceRows = audit.filter((a) => a.entity_kind === 'service');
    expect(serviceRows).toHaveLength(10);
    // each rename's "before" is the name the one before it left: the changes ran one after another
    const chain = serviceRows.map((a) => JSON.parse(a.details) as { before: { name_id: string }; after: { name_id: string } });
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.before.name_id).toBe(chain[i - 1]!.after.name_id);
    expect(db.prepare('SELECT name_id FROM services WHERE code = ?').get('ktp')).toEqual({ name_id: chain.at(-1)!.after.name_id });
    expect(db.prepare("SELECT count(*) AS n FROM units WHERE code LIKE 'kec-%'").get()).toEqual({ n: 5 });
  });
});
