import { load } from 'cheerio';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.js';
import { createAgency } from '../../server/data/agency.js';
import { PostgresDatabase } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { createService } from '../../server/data/services.js';
import { recomputeTotals } from '../../server/data/totals.js';
import { createUnit } from '../../server/data/units.js';
import { addUser } from '../../server/data/users.js';
import { ELEMENT_CODES } from '../../server/indicators/types.js';
import { pgSchema } from '../helpers/pg.js';
import { startApp, type AppProcess } from '../helpers/process.js';
import { expectSameTotals } from '../helpers/totals-compare.js';

// Several app processes on one PostgreSQL (contract "Storage engines"): whichever process answers,
// a citizen and an officer see the same thing. Real processes started as an operator starts them.

const PASSWORD = 'correct horse battery';
const TOTALS_TABLES = ['totals_day', 'totals_month', 'totals_group_month'];

let schema: Awaited<ReturnType<typeof pgSchema>>;
let store: PostgresDatabase;

beforeAll(async () => {
  schema = await pgSchema();
  await migratePg(schema.pool);
  store = PostgresDatabase.connect(schema.url, { max: 3 });
  const passwordHash = await hashPassword(PASSWORD);
  await store.transaction(async (tx) => {
    const agencyId = await createAgency(tx, { code: 'uji', name_id: 'Kabupaten Uji', name_en: 'Uji Regency', time_zone: 'Asia/Jakarta' });
    const rootId = await createUnit(tx, { agencyId, parentId: null, code: 'pemkab', nameId: 'Pemkab Uji', nameEn: 'Uji Regency Government' });
    const unitId = await createUnit(tx, { agencyId, parentId: rootId, code: 'dukcapil', nameId: 'Dinas Dukcapil', nameEn: 'Population Registry' });
    await createService(tx, { unitId, code: 'ktp', nameId: 'Perekaman KTP-el', nameEn: 'Electronic ID card' });
    await addUser(tx, { email: 'admin@uji.go.id', name: 'Admin Uji', role: 'admin', unitId: rootId, passwordHash });
  });
});

afterAll(async () => {
  await store?.close();
  await schema?.drop();
});

/** The survey form's hidden fields (its idempotency key) with every element answered. */
async function filledForm(base: string, seed: number): Promise<Record<string, string>> {
  const $ = load((await request(base).get('/s/ktp')).text);
  const fields: Record<string, string> = {};
  $('form input[type=hidden]').each((_, el) => void (fields[$(el).attr('name')!] = $(el).attr('value') ?? ''));
  ELEMENT_CODES.forEach((c, j) => (fields[c] = String(((seed + j * (seed % 3)) % 4) + 1)));
  fields.gender = seed % 2 ? 'P' : 'L';
  return fields;
}

async function totalsRows(): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (const t of TOTALS_TABLES) out.push(await store.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`));
  return out;
}

describe('two app processes on one PostgreSQL database', () => {
  let a: AppProcess;
  let b: AppProcess;

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('store every acknowledged response once with exact totals, share rate limits, sessions and survey changes', async () => {
    const env = { DATABASE_URL: schema.url, NODE_ENV: 'test', MUTU_DEMO: '0', LOG_LEVEL: 'warn' };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
    expect(a.url).not.toBe('');
    expect(b.url).not.toBe('');
    expect(a.url).not.toBe(b.url);

    // 25 forms from each process, each posted to its own process and 5 of each posted again to
    // the other one as a retry: 60 posts, all concurrent, 50 responses.
    const forms = await Promise.all(Array.from({ length: 50 }, (_, i) => filledForm(i < 25 ? a.url : b.url, i)));
    const posts = forms.map((f, i) => ({ base: i < 25 ? a.url : b.url, fields: f }));
    for (const i of [0, 1, 2, 3, 4]) posts.push({ base: b.url, fields: forms[i]! });
    for (const i of [25, 26, 27, 28, 29]) posts.push({ base: a.url, fields: forms[i]! });
    const answers = await Promise.all(posts.map((p) => request(p.base).post('/s/ktp').type('form').send(p.fields)));
    expect(answers.map((r) => r.status)).toEqual(Array(60).fill(303));
    expect(await store.value('SELECT count(*) FROM responses')).toBe(50);
    expect(await store.value('SELECT count(DISTINCT idem_key) FROM responses')).toBe(50);

    // the totals the two processes kept equal a recomputation from the stored responses
    const kept = await totalsRows();
    expect((kept[1] as Array<{ n: number }>).reduce((s, r) => s + r.n, 0)).toBe(50);
    await recomputeTotals(store);
    expectSameTotals(await totalsRows(), kept);

    // the survey limit (60 posts in 10 minutes per client) counted the posts of both processes:
    // each saw only 30, and the next post to either is refused
    const extra = await filledForm(a.url, 3);
    expect((await request(a.url).post('/s/ktp').type('form').send(extra)).status).toBe(429);
    expect((await request(b.url).post('/s/ktp').type('form').send(extra)).status).toBe(429);
    expect(await store.value('SELECT count(*) FROM responses')).toBe(50);

    // an officer signs in on A; the session works on B
    const officer = request.agent(a.url);
    const login = load((await officer.get('/login')).text)('input[name=_csrf]').attr('value')!;
    const signedIn = await officer.post('/login').type('form').send({ _csrf: login, email: 'admin@uji.go.id', password: PASSWORD });
    expect(signedIn.status).toBe(303);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    expect((await request(b.url).get('/manage/services/ktp').set('Cookie', cookie)).status).toBe(200);

    // B has the survey page cached; a rename on A shows on B at once
    expect(load((await request(b.url).get('/s/ktp')).text)('h1').text()).toContain('Perekaman KTP-el');
    const edit = load((await officer.get('/manage/services/ktp')).text);
    const renamed = await officer
      .post('/manage/services/ktp')
      .type('form')
      .send({
        _csrf: edit('input[name=_csrf]').first().attr('value'),
        code: 'ktp',
        name_id: 'Perekaman KTP Elektronik',
        name_en: 'Electronic ID',
        unit: 'dukcapil',
        active: '1',
      });
    expect(renamed.status).toBe(303);
    expect(load((await request(b.url).get('/s/ktp')).text)('h1').text()).toContain('Perekaman KTP Elektronik');
    expect(load((await request(b.url).get('/s/ktp?lang=en')).text)('h1').text()).toContain('Electronic ID');

    // a CSRF token issued by A is good on B (it belongs to the session in the database)
    const onB = load((await request(b.url).get('/manage/services/ktp').set('Cookie', cookie)).text)('input[name=_csrf]')
      .first()
      .attr('value');
    expect(onB).toBeTruthy();

    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  }, 120_000);
});

describe('WEB_CONCURRENCY', () => {
  it('serves from N worker processes behind one port, and stops them all on SIGTERM', async () => {
    const app = await startApp({ DATABASE_URL: schema.url, NODE_ENV: 'test', MUTU_DEMO: '0', LOG_LEVEL: 'info', WEB_CONCURRENCY: '2' });
    try {
      expect(app.url).not.toBe('');
      expect(app.output()).toContain('2 processes');
      const workers = [...app.output().matchAll(/worker (\d+) listening/g)].map((m) => Number(m[1]));
      expect(new Set(workers).size).toBe(2);
      for (let i = 0; i < 6; i++) expect((await request(app.url).get('/healthz')).body).toEqual({ status: 'ok' });
      expect(await app.stop()).toBe(0);
      for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      await app.stop();
    }
  }, 120_000);
});
