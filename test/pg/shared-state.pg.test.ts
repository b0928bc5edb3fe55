import { setTimeout as sleep } from 'node:timers/promises';
import { load } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { testConfig } from '../../server/config.js';
import { createAgency } from '../../server/data/agency.js';
import { lastAuditId, recordAudit } from '../../server/data/audit.js';
import { cacheVersion } from '../../server/data/cache-version.js';
import { PostgresDatabase, type Database } from '../../server/data/engine/index.js';
import { migratePg } from '../../server/data/engine/migrate-pg.js';
import { createService } from '../../server/data/services.js';
import { createUnit } from '../../server/data/units.js';
import { addUser } from '../../server/data/users.js';
import { PublicResultsCache } from '../../server/results/public-cache.js';
import { postFormFields } from '../helpers/officer.js';
import { pgSchema } from '../helpers/pg.js';
import { sharedStateContract } from '../helpers/shared-state-contract.js';

// Several app processes on one PostgreSQL database (contract "Storage engines"): each test opens
// two pools on one fresh schema, as two processes would, and builds one app on each.

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function pair(): Promise<[PostgresDatabase, PostgresDatabase]> {
  const s = await pgSchema();
  drops.push(s.drop);
  await migratePg(s.pool);
  const open = () => PostgresDatabase.connect(s.url, { options: `-c search_path=${s.schema}`, max: 5 });
  return [open(), open()];
}

sharedStateContract('PostgreSQL, two pools', pair);

const PASSWORD = 'correct horse battery';

async function seed(db: Database): Promise<{ email: string }> {
  const agencyId = await createAgency(db, { code: 'uji', name_id: 'Kabupaten Uji', name_en: 'Uji Regency', time_zone: 'Asia/Jakarta' });
  const rootId = await createUnit(db, { agencyId, parentId: null, code: 'pemkab', nameId: 'Pemerintah Kabupaten Uji', nameEn: 'Uji Regency Government' });
  const unitId = await createUnit(db, { agencyId, parentId: rootId, code: 'dukcapil', nameId: 'Dinas Dukcapil', nameEn: 'Population Registry' });
  await createService(db, { unitId, code: 'ktp', nameId: 'Perekaman KTP-el', nameEn: 'Electronic ID card', published: true });
  const email = 'admin@uji.go.id';
  await addUser(db, { email, name: 'Admin', role: 'admin', unitId: rootId, passwordHash: await hashPassword(PASSWORD) });
  return { email };
}

/** The _csrf field of a page, read with the agent's cookies. */
async function csrfOf(agent: ReturnType<typeof request.agent>, url: string): Promise<string> {
  const token = load((await agent.get(url)).text)('input[name=_csrf]')
    .first()
    .attr('value');
  if (!token) throw new Error(`no _csrf on ${url}`);
  return token;
}

/** The fields of the last post form on a page, as a browser would send them back. */
async function formOf(agent: ReturnType<typeof request.agent>, url: string): Promise<Record<string, string>> {
  return postFormFields((await agent.get(url)).text);
}

const h1 = async (app: Express, url: string) => load((await request(app).get(url)).text)('h1').text();

describe('two app processes on one PostgreSQL database', () => {
  let a: PostgresDatabase;
  let b: PostgresDatabase;
  let email: string;
  beforeEach(async () => {
    [a, b] = await pair();
    ({ email } = await seed(a));
    return async () => {
      await a.close();
      await b.close();
    };
  });

  // the same configuration in both, as two processes started from one environment
  const config = testConfig({ sessionSecret: 'one secret for every process of the installation' });
  const apps = (limits: { surveyLimits?: { limit: number }; apiLimits?: { limit: number } } = {}): [Express, Express] => [
    createApp({ store: a, config, ...limits }),
    createApp({ store: b, config, ...limits }),
  ];

  it("count one client's survey posts together", async () => {
    const [appA, appB] = apps({ surveyLimits: { limit: 3 } });
    const post = (app: Express) => request(app).post('/s/ktp').type('form').send({ website: 'bot' });
    // a filled honeypot looks like success and stores nothing, but it counts
    expect((await post(appA)).status).toBe(303);
    expect((await post(appB)).status).toBe(303);
    expect((await post(appA)).status).toBe(303);
    const fourth = await post(appB);
    expect(fourth.status).toBe(429);
    expect(await a.value('SELECT COUNT(*) FROM rate_limits')).toBe(1);
    // the key is a salted hash, never the address
    const key = await a.value<string>('SELECT key FROM rate_limits');
    expect(key).toMatch(/^survey:[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain('127.0.0.1');
  });

  it("count one client's anonymous results API reads together, apart from its posts", async () => {
    const [appA, appB] = apps({ apiLimits: { limit: 3 }, surveyLimits: { limit: 3 } });
    expect((await request(appA).get('/api/v1/services')).status).toBe(200);
    expect((await request(appB).get('/api/v1/services')).status).toBe(200);
    expect((await request(appA).post('/s/ktp').type('form').send({ website: 'bot' })).status).toBe(303);
    expect((await request(appA).get('/api/v1/services')).status).toBe(200);
    expect((await request(appB).get('/api/v1/services')).status).toBe(429);
    expect(await a.all('SELECT substr(key, 1, 4) AS limiter, hits FROM rate_limits ORDER BY key')).toEqual([
      { limiter: 'api:', hits: 4 },
      { limiter: 'surv', hits: 1 },
    ]);
  });

  it("count one client's failed sign-ins together", async () => {
    const [appA, appB] = apps();
    for (const app of [appA, appB, appA]) {
      const agent = request.agent(app);
      const _csrf = await csrfOf(agent, '/login'); // first: the agent sends the cookies it holds when a request starts
      const res = await agent.post('/login').type('form').send({ _csrf, email, password: 'wrong guess, wrong guess' });
      expect(res.status).toBe(401);
    }
    expect(await a.all("SELECT hits FROM rate_limits WHERE key LIKE 'sign-in:%'")).toEqual([{ hits: 3 }]);
  });

  it("show a change made through one app on the other's survey page at once", async () => {
    const [appA, appB] = apps();
    // both have the page cached
    expect(await h1(appA, '/s/ktp')).toContain('Perekaman KTP-el');
    expect(await h1(appB, '/s/ktp')).toContain('Perekaman KTP-el');
    expect(await h1(appB, '/s/ktp')).toContain('Perekaman KTP-el');
    const before = await cacheVersion(a);

    const agent = request.agent(appA);
    const loginToken = await csrfOf(agent, '/login'); // first: the agent sends the cookies it holds when a request starts
    expect((await agent.post('/login').type('form').send({ _csrf: loginToken, email, password: PASSWORD })).status).toBe(303);
    const fields = await formOf(agent, '/manage/services/ktp');
    expect(fields).toMatchObject({ code: 'ktp', name_id: 'Perekaman KTP-el' });
    const res = await agent
      .post('/manage/services/ktp')
      .type('form')
      .send({ ...fields, name_id: 'Perekaman KTP Elektronik' });
    expect(res.status).toBe(303);
    expect(await cacheVersion(b)).toBe(before + 1);

    expect(await h1(appB, '/s/ktp')).toContain('Perekaman KTP Elektronik');
    expect(await h1(appA, '/s/ktp')).toContain('Perekaman KTP Elektronik');

    // deactivated through A: B's survey answers 404 at once
    const { active: _active, ...rest } = await formOf(agent, '/manage/services/ktp');
    expect((await agent.post('/manage/services/ktp').type('form').send(rest)).status).toBe(303);
    expect((await request(appB).get('/s/ktp')).status).toBe(404);
  });
});

describe('public results cache with concurrent changes on PostgreSQL', () => {
  it('is never left stale by a change that took its audit id first but commits last', async () => {
    const [a, b] = await pair();
    // T1 changes the figures and takes the lower audit id, then stays open until released
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const open: Array<Promise<unknown>> = [];
    try {
      await a.run("INSERT INTO settings (key, value) VALUES ('probe', 'old')");
      const cache = new PublicResultsCache<string>(b);
      const figures = async () => (await b.value<string>("SELECT value FROM settings WHERE key = 'probe'")) ?? '';

      let t1Recorded!: () => void;
      const recorded = new Promise<void>((resolve) => (t1Recorded = resolve));
      const t1 = a.transaction(async (tx) => {
        await tx.run("UPDATE settings SET value = 'new' WHERE key = 'probe'");
        const id = await recordAudit(tx, null, 'publication.republish', { kind: 'publication', code: '2026-Q1' });
        t1Recorded();
        await gate;
        return id;
      });
      open.push(t1);
      await recorded;

      // T2, an unrelated change, takes the higher audit id; it would commit first, but its version
      // move waits for T1's, so the versions follow the commit order
      let t2Done = false;
      const t2 = b.transaction((tx) => recordAudit(tx, null, 'update', { kind: 'unit', code: 'other' })).then((id) => ((t2Done = true), id));
      open.push(t2);
      await sleep(300);
      expect(t2Done).toBe(false);

      // a reader now caches the figures from before T1
      expect(await cache.get('agency:2026-Q1', figures)).toBe('old');
      release();
      const [id1, id2] = await Promise.all([t1, t2]);
      expect(id2).toBeGreaterThan(id1);
      expect(await lastAuditId(a)).toBe(id2);
      // the version moved past the cached one: the figures are read again
      expect(await cache.get('agency:2026-Q1', figures)).toBe('new');
    } finally {
      release();
      await Promise.allSettled(open);
      await a.close();
      await b.close();
    }
  });
});
