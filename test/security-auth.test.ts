import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Agent as HttpAgent, get, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { load } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/demo/users.js';
import { configWarnings, loadConfig } from '../server/config.js';
import type { Db } from '../server/db.js';
import { getAgency } from '../server/data/agency.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createUnit } from '../server/data/units.js';
import { countUsers, userByEmail } from '../server/data/users.js';
import { verifyPassword } from '../server/auth/passwords.js';
import { demoNotice, ensureDemo } from '../server/demo.js';
import { createHttpServer, SERVER_TIMEOUTS } from '../server/http-server.js';
import { shutdown } from '../server/shutdown.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { createOfficer, csrfFrom, signIn, signInAs, type SignedIn } from './helpers/officer.js';

// Security fixes around officer accounts, each checked by performing the attack against the real
// app and a real migrated database: the demo admin in production, open redirects after sign-in, a
// manager taking over a peer's account, cacheable officer pages, a session row per visit to /login,
// TRUST_PROXY=true, and a server that neither times out slow clients nor stops within a deadline.

const ORIGIN = 'http://mutu.test';
const sessionRows = (db: Db): number => db.prepare('SELECT COUNT(*) FROM sessions').pluck().get() as number;

describe('demo accounts in production', () => {
  it('are off by default with NODE_ENV=production, on in development, and MUTU_DEMO decides when set', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', MUTU_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', MUTU_DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', MUTU_DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({}).demo).toBe(true); // `npm start` on a fresh clone
    expect(loadConfig({ NODE_ENV: 'development' }).demo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', MUTU_DEMO: '0' }).demo).toBe(false);
  });

  it('are not created by a production start on a new database, so the demo password signs nobody in', async () => {
    const db = testDb();
    const store = SqliteDatabase.of(db);
    expect(await ensureDemo(store, loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }))).toBeNull();
    expect(await getAgency(store)).toBeUndefined();
    expect(await countUsers(store)).toBe(0);
    expect(await demoNotice(store, loadConfig({ NODE_ENV: 'production' }))).toBeNull();
    // the attack: sign in as the published demo admin
    const app = testApp(db);
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: 'admin@demo.mutu.id', password: DEMO_PASSWORD });
    expect(res.status).toBe(401);
    expect((await agent.get('/dashboard')).status).toBe(303);
  });

  describe('with MUTU_DEMO=1 in production', () => {
    let store: SqliteDatabase;
    beforeAll(async () => {
      store = SqliteDatabase.of(testDb());
      expect(await ensureDemo(store, loadConfig({ NODE_ENV: 'production', MUTU_DEMO: '1', LOG_LEVEL: 'silent' }))).not.toBeNull();
    }, 60_000);

    it('loads them, and start-up warns loudly (warn level) that they sign in with the known password', async () => {
      for (const a of DEMO_ACCOUNTS) expect(await userByEmail(store, a.email)).toBeDefined();
      const notice = await demoNotice(store, loadConfig({ NODE_ENV: 'production', MUTU_DEMO: '1' }));
      expect(notice?.level).toBe('warn');
      expect(notice?.message).toMatch(/DEMO ACCOUNTS EXIST IN PRODUCTION/);
      expect(notice?.message).toContain('admin@demo.mutu.id');
      expect(notice?.message).toContain(`publicly known password ${DEMO_PASSWORD}`);
      // a later production start without MUTU_DEMO still warns about the accounts left behind
      expect((await demoNotice(store, loadConfig({ NODE_ENV: 'production' })))?.level).toBe('warn');
      // development keeps its friendly hint with the password
      expect(await demoNotice(store, loadConfig({}))).toMatchObject({ level: 'info', message: expect.stringContaining(DEMO_PASSWORD) });
    });
  });
});

describe('TRUST_PROXY', () => {
  it('warns at start-up on true (any client could pick its own address), not on a hop count or addresses', () => {
    const warnings = configWarnings(loadConfig({ TRUST_PROXY: 'true' }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TRUST_PROXY=true[\s\S]*X-Forwarded-For[\s\S]*TRUST_PROXY=1/);
    for (const safe of ['false', '1', '2', '10.0.0.0/8', 'loopback']) expect(configWarnings(loadConfig({ TRUST_PROXY: safe })), safe).toEqual([]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });
});

describe('redirects after signing in', () => {
  let db: Db;
  let app: Express;
  let account: { email: string; password: string };
  beforeAll(async () => {
    db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
    account = await createOfficer(SqliteDatabase.of(db), { role: 'manager', unitId: org.unitId });
  });

  // `next` values as they arrive after query decoding: every one names another site, directly or
  // once a browser has normalised the path (dot segments, backslashes, control characters).
  const offsite = [
    '/.//evil.example/phish',
    '/..//evil.example',
    '/./..//evil.example/x',
    '/%2e//evil.example',
    '/%2e%2e//evil.example',
    '/.%2e//evil.example',
    '/%2E%2E//evil.example',
    '//evil.example',
    '//evil.example/phish?x=1',
    '/\\evil.example',
    '/.\\/evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'http:evil.example',
    'javascript:alert(1)',
    '%2F%2Fevil.example',
    '///evil.example',
  ];

  /** The redirect target as a browser would resolve it against this site. */
  const resolved = (location: string) => new URL(location, ORIGIN);

  it.each(offsite)('POST /login?next=%j goes to /dashboard, never to another site', async (next) => {
    const agent = request.agent(app);
    const query = `?next=${encodeURIComponent(next)}`;
    const token = await csrfFrom(agent, `/login${query}`);
    const res = await agent.post(`/login${query}`).type('form').send({ _csrf: token, email: account.email, password: account.password });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/dashboard');
  });

  it.each(offsite)('GET /login?next=%j of a signed-in officer goes to /dashboard', async (next) => {
    const { agent } = await signIn(app, account.email, account.password);
    const res = await agent.get(`/login?next=${encodeURIComponent(next)}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/dashboard');
  });

  it('never puts an offsite next on the sign-in form', async () => {
    for (const next of offsite) {
      const { text } = await request(app).get(`/login?next=${encodeURIComponent(next)}`);
      expect(load(text)('form').attr('action'), next).toBe('/login');
    }
  });

  it('keeps local paths, percent-encoded slashes included, on this site', async () => {
    const cases: Array<[string, string]> = [
      ['/dashboard/services/ktp?period=2026-Q1#x', '/dashboard/services/ktp?period=2026-Q1#x'],
      ['/dashboard/./units/../services/ktp', '/dashboard/services/ktp'],
      ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
      ['/%5Cevil.example', '/%5Cevil.example'],
    ];
    const { agent } = await signIn(app, account.email, account.password);
    for (const [next, location] of cases) {
      const res = await agent.get(`/login?next=${encodeURIComponent(next)}`);
      expect(res.headers.location, next).toBe(location);
      expect(resolved(location).origin).toBe(ORIGIN);
    }
  });

  it('follows the query string as sent raw, doubly encoded or not', async () => {
    const { agent } = await signIn(app, account.email, account.password);
    for (const raw of ['/.//evil.example/phish', '/..//evil.example', '%2F.%2F%2Fevil.example', '%252F%252Fevil.example', '/%5C%5Cevil.example']) {
      const res = await agent.get(`/login?next=${raw}`);
      expect(res.status, raw).toBe(303);
      const target = resolved(res.headers.location as string);
      expect(target.origin, raw).toBe(ORIGIN);
      expect(res.headers.location, raw).not.toMatch(/^[/\\]{2}/);
    }
  });
});

describe('password resets and who may make them', () => {
  // pemkab (root) -> dukcapil -> capil-kec
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: SmallOrg & { subUnitId: number };
  let admin: SignedIn;
  let manager: SignedIn;
  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    const small = await seedSmall(store);
    org = {
      ...small,
      subUnitId: await createUnit(store, {
        agencyId: small.agencyId,
        parentId: small.unitId,
        code: 'capil-kec',
        nameId: 'Capil Kecamatan',
        nameEn: 'District Registry',
      }),
    };
    app = testApp(db);
    admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId, email: 'admin@uji.go.id' });
    manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId, email: 'manajer@uji.go.id' });
  });

  async function post(s: SignedIn, url: string, fields: Record<string, string>) {
    const token = await s.csrf();
    return s.agent
      .post(url)
      .type('form')
      .send({ _csrf: token, ...fields });
  }

  const resetFields = (unit: string, role: string, password: string) => ({ name: 'Petugas', role, unit, active: '1', password });

  async function loginResponse(email: string, password: string) {
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/login');
    return { agent, res: await agent.post('/login').type('form').send({ _csrf: token, email, password }) };
  }

  it('refuses a manager resetting a peer manager in the same unit, who keeps their password', async () => {
    const peer = await createOfficer(store, { role: 'manager', unitId: org.unitId, email: 'rekan@uji.go.id' });
    const before = (await userByEmail(store, peer.email))!.password_hash;
    const res = await post(manager, `/manage/users/${peer.userId}`, resetFields('dukcapil', 'manager', 'sandi curian yang panjang'));
    expect(res.status).toBe(403);
    expect((await userByEmail(store, peer.email))!.password_hash).toBe(before);
    // the attacker cannot sign in as the peer; the peer still can
    expect((await loginResponse(peer.email, 'sandi curian yang panjang')).res.status).toBe(401);
    await signIn(app, peer.email, peer.password);
    // nor demote, deactivate or move the peer
    expect((await post(manager, `/manage/users/${peer.userId}`, resetFields('dukcapil', 'viewer', ''))).status).toBe(403);
    expect((await post(manager, `/manage/users/${peer.userId}`, { name: 'Petugas', role: 'manager', unit: 'dukcapil', password: '' })).status).toBe(403);
    expect(await userByEmail(store, peer.email)).toMatchObject({ role: 'manager', active: 1 });
    // and the peer's page is read-only to them
    const page = load((await manager.agent.get(`/manage/users/${peer.userId}`)).text);
    expect(page('main form[method=post]')).toHaveLength(0);
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE entity_kind = 'user'").pluck().get()).toBe(0);
  });

  it('refuses a manager resetting a manager below them, an admin, or creating another manager', async () => {
    const below = await createOfficer(store, { role: 'manager', unitId: org.subUnitId });
    expect((await post(manager, `/manage/users/${below.userId}`, resetFields('capil-kec', 'manager', 'sandi curian yang panjang'))).status).toBe(403);
    expect((await post(manager, `/manage/users/${admin.userId}`, resetFields('pemkab', 'admin', 'sandi curian yang panjang'))).status).toBe(403);
    const created = await post(manager, '/manage/users/new', {
      email: 'kembar@uji.go.id',
      name: 'Kembar',
      role: 'manager',
      unit: 'capil-kec',
      password: 'kata sandi panjang',
    });
    expect(created.status).toBe(403);
    expect(await userByEmail(store, 'kembar@uji.go.id')).toBeUndefined();
    await signIn(app, below.email, below.password);
    const form = load((await manager.agent.get('/manage/users/new')).text);
    expect(
      form('#f-role option')
        .map((_, el) => form(el).attr('value'))
        .get(),
    ).toEqual(['enumerator', 'viewer']); // the roles below a manager's own (enumerator: issue 10)
  });

  it('lets nobody, not even an admin, reset their own password through the reset form', async () => {
    expect((await post(admin, `/manage/users/${admin.userId}`, resetFields('pemkab', 'admin', 'sandi baru yang panjang'))).status).toBe(403);
    expect((await post(manager, `/manage/users/${manager.userId}`, resetFields('dukcapil', 'manager', 'sandi baru yang panjang'))).status).toBe(403);
    await signIn(app, admin.email, admin.password);
  });

  it('lets a manager reset a viewer below them: audited with who did it, and the viewer must change it first', async () => {
    const viewer = await createOfficer(store, { role: 'viewer', unitId: org.subUnitId, email: 'staf@uji.go.id' });
    const old = await signIn(app, viewer.email, viewer.password);
    const res = await post(manager, `/manage/users/${viewer.userId}`, resetFields('capil-kec', 'viewer', 'sandi sementara panjang'));
    expect(res.status).toBe(303);
    expect((await old.agent.get('/dashboard')).status).toBe(303); // the viewer's sessions ended
    expect((await userByEmail(store, viewer.email))!.must_change_password).toBe(1);

    const row = db.prepare("SELECT * FROM audit_log WHERE action = 'password_reset'").get() as Record<string, unknown>;
    expect(row).toMatchObject({
      user_id: manager.userId,
      user_email: 'manajer@uji.go.id',
      entity_kind: 'user',
      entity_id: viewer.userId,
      entity_code: viewer.email,
    });
    expect(JSON.parse(row.details as string)).toEqual({
      by: { id: manager.userId, email: 'manajer@uji.go.id' },
      target: { id: viewer.userId, email: viewer.email },
      must_change: true,
    });
    expect(JSON.stringify(row)).not.toContain('sementara');

    // signing in with the reset password leads to the password form, and so does every officer page
    const { agent, res: signedIn } = await loginResponse(viewer.email, 'sandi sementara panjang');
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/account/password');
    for (const url of [
      '/dashboard',
      '/dashboard/units/capil-kec',
      '/dashboard/services/ktp',
      '/manage',
      '/manage/users',
      '/login',
      '/login?next=%2Fdashboard',
      '/?lang=en',
    ]) {
      const page = await agent.get(url);
      expect(page.status, url).toBe(303);
      expect(page.headers.location, url).toMatch(/^\/account\/password(\?lang=en)?$/);
      expect(page.headers['cache-control'], url).toBe('no-store');
    }
    const form = await agent.get('/account/password?lang=en');
    expect(form.status).toBe(200);
    expect(load(form.text)('main .notice[role=alert]').text()).toContain('set by someone else');
    const token = load(form.text)('input[name=_csrf]').attr('value')!;
    expect((await agent.post('/logout?lang=en').type('form').send({ _csrf: 'x' })).status).toBe(403); // CSRF still applies
    // choosing a new one lifts the restriction
    const changed = await agent.post('/account/password').type('form').send({
      _csrf: token,
      current_password: 'sandi sementara panjang',
      new_password: 'sandi milik saya sendiri',
      confirm_password: 'sandi milik saya sendiri',
    });
    expect(changed.status).toBe(303);
    expect((await userByEmail(store, viewer.email))!.must_change_password).toBe(0);
    expect((await agent.get('/dashboard')).status).toBe(200);
    const again = await loginResponse(viewer.email, 'sandi milik saya sendiri');
    expect(again.res.headers.location).toBe('/dashboard');
  });

  it('refuses posts of an officer who must change their password, and lets them sign out', async () => {
    const peer = await createOfficer(store, { role: 'manager', unitId: org.unitId, email: 'rekan@uji.go.id' });
    expect((await post(admin, `/manage/users/${peer.userId}`, resetFields('dukcapil', 'manager', 'sandi sementara panjang'))).status).toBe(303);
    const { agent } = await loginResponse(peer.email, 'sandi sementara panjang');
    const token = await csrfFrom(agent, '/account/password');
    const res = await agent.post('/manage/units/new').type('form').send({ _csrf: token, code: 'baru', name_id: 'Baru', name_en: 'New', parent: 'dukcapil' });
    expect(res.status).toBe(403);
    expect(db.prepare("SELECT COUNT(*) FROM units WHERE code = 'baru'").pluck().get()).toBe(0);
    const out = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
  });

  it('lets an admin reset a manager and another admin; their own change then needs no second one', async () => {
    const other = await createOfficer(store, { role: 'admin', unitId: org.rootId, email: 'admin2@uji.go.id' });
    expect((await post(admin, `/manage/users/${other.userId}`, resetFields('pemkab', 'admin', 'sandi sementara panjang'))).status).toBe(303);
    expect((await post(admin, `/manage/users/${manager.userId}`, resetFields('dukcapil', 'manager', 'sandi sementara kedua'))).status).toBe(303);
    expect(await verifyPassword((await userByEmail(store, other.email))!.password_hash, 'sandi sementara panjang')).toBe(true);
    const actors = db.prepare("SELECT user_id, entity_id FROM audit_log WHERE action = 'password_reset' ORDER BY id").all();
    expect(actors).toEqual([
      { user_id: admin.userId, entity_id: other.userId },
      { user_id: admin.userId, entity_id: manager.userId },
    ]);
    const { res } = await loginResponse(manager.email, 'sandi sementara kedua');
    expect(res.headers.location).toBe('/account/password');
  });
});

describe('officer pages are never cached', () => {
  it('sends Cache-Control: no-store on the dashboards, management and the password page', async () => {
    const db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    const app = testApp(db);
    const { agent } = await signInAs(app, SqliteDatabase.of(db), { role: 'admin', unitId: org.rootId });
    for (const url of ['/dashboard', '/dashboard?period=2026-Q1', '/dashboard/units/dukcapil', '/dashboard/services/ktp', '/manage', '/account/password']) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });
});

describe('the sign-in form without a session row', () => {
  let db: Db;
  let app: Express;
  let account: { email: string; password: string };
  beforeEach(async () => {
    db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
    account = await createOfficer(SqliteDatabase.of(db), { role: 'viewer', unitId: org.unitId });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes no row for 50 visits to /login, and signing in still works', async () => {
    for (let i = 0; i < 25; i++) expect((await request(app).get('/login')).status).toBe(200);
    const agent = request.agent(app);
    for (let i = 0; i < 25; i++) expect((await agent.get(`/login?lang=${i % 2 ? 'en' : 'id'}`)).status).toBe(200);
    expect(sessionRows(db)).toBe(0);
    // failed sign-ins and refused posts leave no row either
    const token = await csrfFrom(agent, '/login');
    expect((await agent.post('/login').type('form').send({ _csrf: token, email: account.email, password: 'salah sekali ini' })).status).toBe(401);
    expect((await request(app).post('/login').type('form').send({ email: account.email, password: account.password })).status).toBe(403);
    expect(sessionRows(db)).toBe(0);
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: account.email, password: account.password });
    expect(res.status).toBe(303);
    expect(sessionRows(db)).toBe(1);
    expect((await agent.get('/dashboard')).status).toBe(200);
  });

  it('refuses a sign-in post without a token, with a wrong one, or with a token that does not fit the cookie', async () => {
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/login');
    const send = (a: ReturnType<typeof request.agent>, fields: Record<string, string>) =>
      a
        .post('/login')
        .type('form')
        .send({ email: account.email, password: account.password, ...fields });
    expect((await send(agent, {})).status).toBe(403);
    expect((await send(agent, { _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await send(agent, { _csrf: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') })).status).toBe(403);
    // the right token without its cookie (a cross-site post from another browser) or with another visitor's cookie
    expect((await send(request(app), { _csrf: token })).status).toBe(403);
    const other = request.agent(app);
    await csrfFrom(other, '/login');
    expect((await send(other, { _csrf: token })).status).toBe(403);
    expect(sessionRows(db)).toBe(0);
    expect((await send(agent, { _csrf: token })).status).toBe(303);
  });

  it('lets a sign-in form expire after an hour', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/login');
    vi.setSystemTime(Date.now() + 61 * 60_000);
    const res = await agent.post('/login?lang=en').type('form').send({ _csrf: token, email: account.email, password: account.password });
    expect(res.status).toBe(403);
    expect(load(res.text)('main').text()).toContain('This form has expired');
    // a fresh form works
    const fresh = await csrfFrom(agent, '/login');
    expect((await agent.post('/login').type('form').send({ _csrf: fresh, email: account.email, password: account.password })).status).toBe(303);
  });
});

// Real HTTP servers on an ephemeral port.

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

function fetchStatus(port: number, path: string, agent?: HttpAgent): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** A raw connection: resolves with what the server sent once it closes the connection. */
function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  return { socket, closed };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('slow clients', () => {
  let server: Server;
  let port: number;
  beforeEach(async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    server = createHttpServer(testApp(db), { headersMs: 300, requestMs: 600, keepAliveMs: 400, checkEveryMs: 50 });
    port = await listen(server);
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('has production limits: 15 s for headers, 30 s for a whole request, 5 s idle keep-alive', () => {
    expect(SERVER_TIMEOUTS).toMatchObject({ headersMs: 15_000, requestMs: 30_000, keepAliveMs: 5_000 });
    const real = createHttpServer(() => {});
    expect([real.headersTimeout, real.requestTimeout, real.keepAliveTimeout]).toEqual([15_000, 30_000, 5_000]);
  });

  it('cuts off headers sent a byte at a time (slow loris)', async () => {
    const { socket, closed } = rawConnection(port);
    const bytes = 'GET /healthz HTTP/1.1\r\nHost: mutu.test\r\nX-Slow: ' + 'a'.repeat(200);
    let i = 0;
    const drip = setInterval(() => {
      if (i < bytes.length && !socket.destroyed) socket.write(bytes[i++]!);
    }, 20);
    try {
      const answer = await within(closed, 5_000, 'slow headers');
      expect(answer).toMatch(/^HTTP\/1\.1 408|^$/);
    } finally {
      clearInterval(drip);
    }
  });

  it('cuts off a request whose body never finishes', async () => {
    const { socket, closed } = rawConnection(port);
    socket.write('POST /login HTTP/1.1\r\nHost: mutu.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a');
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write('a');
    }, 50);
    try {
      const answer = await within(closed, 5_000, 'unfinished body');
      expect(answer).toMatch(/^HTTP\/1\.1 408|^$/);
    } finally {
      clearInterval(drip);
    }
  });

  it('still serves a normal request, and closes an idle keep-alive connection', async () => {
    const agent = new HttpAgent({ keepAlive: true });
    expect(await fetchStatus(port, '/healthz', agent)).toBe(200);
    const { socket, closed } = rawConnection(port);
    socket.write('GET /healthz HTTP/1.1\r\nHost: mutu.test\r\n\r\n');
    const answer = await within(closed, 5_000, 'idle keep-alive connection');
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    agent.destroy();
  });
});

describe('shutting down', () => {
  it('finishes requests in flight, closes idle keep-alive connections, and cuts a stuck request at the deadline', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const app = testApp(db);
    const server = createHttpServer((req, res) => {
      if (req.url === '/stuck') return; // never answers
      if (req.url === '/soon') return void setTimeout(() => res.end('done'), 150);
      app(req, res);
    });
    const port = await listen(server);
    const agent = new HttpAgent({ keepAlive: true });
    expect(await fetchStatus(port, '/healthz', agent)).toBe(200); // leaves an idle keep-alive connection
    const stuck = new Promise<string>((resolve) => {
      httpRequest({ host: '127.0.0.1', port, path: '/stuck' }, () => resolve('answered'))
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
        .end();
    });
    const soon = fetchStatus(port, '/soon');
    await new Promise((resolve) => setTimeout(resolve, 50)); // both requests are in flight

    const how = await within(shutdown(server, { deadlineMs: 600, sweepMs: 50 }), 5_000, 'shutdown');
    expect(how).toBe('forced');
    expect(await soon).toBe(200);
    expect(await stuck).toBe('ECONNRESET');
    expect(server.listening).toBe(false);
    agent.destroy();
  });

  it('does not wait for the deadline when only idle keep-alive connections are open', async () => {
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const server = createHttpServer(testApp(db));
    const port = await listen(server);
    const agent = new HttpAgent({ keepAlive: true });
    expect(await fetchStatus(port, '/healthz', agent)).toBe(200);
    expect(await fetchStatus(port, '/login', agent)).toBe(200);
    // a deadline far beyond the bound: resolving 'drained' within it shows nothing waited for it
    expect(await within(shutdown(server, { deadlineMs: 60_000 }), 5_000, 'shutdown')).toBe('drained');
    agent.destroy();
  });
});
