import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'cheerio';
import type { Express, Request, RequestHandler, Response } from 'express';
import request from 'supertest';
import { loadDemo } from '../db/demo/index.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../db/demo/users.js';
import { main as createAdmin, type CliIo } from '../server/cli/create-admin.js';
import { migrate, openDb, type Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { getServiceByCode } from '../server/data/services.js';
import { setUserActive, userByEmail } from '../server/data/users.js';
import { verifyPassword } from '../server/auth/passwords.js';
import { THROTTLE_POLICY } from '../server/auth/throttle.js';
import { requireOfficer, requireRole, safeNext, signedIn } from '../server/auth/middleware.js';
import type { Officer } from '../server/auth/sessions.js';
import { HttpError } from '../server/errors.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { createOfficer, csrfFrom, signIn, signInAs, type Agent } from './helpers/officer.js';

const COOKIE = 'mutu_session';

function sessionCookie(res: request.Response): string | undefined {
  const all = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return all.find((c) => c.startsWith(`${COOKIE}=`));
}
const cookieValue = (setCookie: string): string => setCookie.split(';')[0]!.split('=')[1]!;

async function loginPost(agent: Agent, fields: Record<string, string>, query = '') {
  const token = await csrfFrom(agent, `/login${query}`);
  return agent
    .post(`/login${query}`)
    .type('form')
    .send({ _csrf: token, ...fields });
}

describe('sign-in page', () => {
  let db: Db;
  let app: Express;
  beforeEach(async () => {
    db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });

  it.each([
    ['id', 'Alamat email', 'Kata sandi'],
    ['en', 'Email address', 'Password'],
  ])('has labelled email and password fields and a CSRF token (%s)', async (lang, emailLabel, passwordLabel) => {
    const res = await request(app).get(`/login?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const $ = load(res.text);
    expect($('html').attr('lang')).toBe(lang);
    const form = $('form[method=post]');
    expect(form).toHaveLength(1);
    expect($('label[for=f-email]').text()).toBe(emailLabel);
    expect($('label[for=f-password]').text()).toBe(passwordLabel);
    expect(form.find('input#f-email[name=email]').attr('autocomplete')).toBe('username');
    expect(form.find('input#f-password[name=password][type=password]').attr('autocomplete')).toBe('current-password');
    expect(form.find('input[type=hidden][name=_csrf]').attr('value')).toMatch(/^[\w-]{40,}$/);
    expect($('script')).toHaveLength(0);
  });

  it('keeps a local ?next on the form and refuses other sites', async () => {
    const { text } = await request(app).get('/login?next=%2Fdashboard%2Funits%2Fdukcapil%3Fperiod%3D2026-Q1');
    expect(load(text)('form').attr('action')).toBe('/login?next=%2Fdashboard%2Funits%2Fdukcapil%3Fperiod%3D2026-Q1');
    for (const bad of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/login', '']) {
      expect(safeNext(bad), bad).toBeNull();
    }
    expect(safeNext('/dashboard/services/ktp?from=2026-01-01#x')).toBe('/dashboard/services/ktp?from=2026-01-01#x');
  });
});

describe('signing in and out', () => {
  let db: Db;
  let app: Express;
  let org: SmallOrg;
  let account: { userId: number; email: string; password: string };
  beforeEach(async () => {
    db = testDb();
    org = await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
    account = await createOfficer(SqliteDatabase.of(db), { role: 'manager', unitId: org.unitId, email: 'siti@uji.go.id', password: 'kopi tubruk pagi hari' });
  });

  it('signs in with a secure session cookie and redirects 303 to /dashboard', async () => {
    const agent = request.agent(app);
    const res = await loginPost(agent, { email: 'Siti@Uji.go.id ', password: account.password });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/dashboard');
    const cookie = sessionCookie(res);
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookieValue(cookie!)).toMatch(/^[\w-]{43}$/); // 256 random bits
    // the officer is known on the next request
    const page = await agent.get('/account/password?lang=en');
    expect(page.status).toBe(200);
    expect(load(page.text)('.officer-bar').text()).toContain('Signed in as');
  });

  it('sends Secure cookies over HTTPS', async () => {
    const proxied = testApp(db, { config: { trustProxy: true } });
    // the sign-in form's nonce cookie (no session yet), then the session cookie
    const page = await request(proxied).get('/login').set('X-Forwarded-Proto', 'https');
    const nonce = ((page.headers['set-cookie'] as unknown as string[] | undefined) ?? []).find((c) => c.startsWith('mutu_login_csrf='));
    expect(nonce).toMatch(/; Secure/);
    const res = await request(proxied)
      .post('/login')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', nonce!.split(';')[0]!)
      .type('form')
      .send({ _csrf: load(page.text)('input[name=_csrf]').attr('value'), email: account.email, password: account.password });
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toMatch(/; Secure/);
  });

  it('returns to a safe ?next after signing in', async () => {
    const agent = request.agent(app);
    const res = await loginPost(agent, { email: account.email, password: account.password }, '?next=%2Fdashboard%2Fservices%2Fktp');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/dashboard/services/ktp');
    const evil = await loginPost(request.agent(app), { email: account.email, password: account.password }, '?next=%2F%2Fevil.example');
    expect(evil.headers.location).toBe('/dashboard');
  });

  it.each([
    ['id', 'Email atau kata sandi salah'],
    ['en', 'The email or password is incorrect'],
  ])('answers a wrong password with 401, the form, the email kept and a message (%s)', async (lang, message) => {
    const res = await loginPost(request.agent(app), { email: account.email, password: 'salah sekali ini' }, `?lang=${lang}`);
    expect(res.status).toBe(401);
    const $ = load(res.text);
    expect($('html').attr('lang')).toBe(lang);
    expect($('.error-summary').text()).toContain(message);
    expect($('.error-summary a').attr('href')).toBe('#f-email');
    expect($('input[name=email]').attr('value')).toBe(account.email);
    expect($('input[name=password]').attr('value')).toBeUndefined();
    expect($('input[name=_csrf]').attr('value')).toBeTruthy();
    expect(sessionCookie(res) ?? '').not.toMatch(/Max-Age=43200/);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const wrong = await loginPost(request.agent(app), { email: account.email, password: 'salah sekali ini' }, '?lang=en');
    const unknown = await loginPost(request.agent(app), { email: 'nobody@uji.go.id', password: 'salah sekali ini' }, '?lang=en');
    expect(unknown.status).toBe(401);
    expect(load(unknown.text)('.error-summary').text()).toBe(load(wrong.text)('.error-summary').text());
    expect(load(unknown.text)('input[name=email]').attr('value')).toBe('nobody@uji.go.id');
  });

  it('refuses an inactive account like a wrong password', async () => {
    await setUserActive(SqliteDatabase.of(db), account.userId, false);
    const res = await loginPost(request.agent(app), { email: account.email, password: account.password });
    expect(res.status).toBe(401);
  });

  it('asks for both fields with 422 and field errors', async () => {
    const res = await loginPost(request.agent(app), { email: '', password: '' }, '?lang=en');
    expect(res.status).toBe(422);
    const $ = load(res.text);
    expect(
      $('.error-summary a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['#f-email', '#f-password']);
    expect($('#e-email').text()).toContain('Enter your email address');
    expect($('#f-password').attr('aria-invalid')).toBe('true');
  });

  it('refuses a sign-in post without or with a wrong CSRF token (403, localized)', async () => {
    const agent = request.agent(app);
    await csrfFrom(agent, '/login');
    const none = await agent.post('/login?lang=en').type('form').send({ email: account.email, password: account.password });
    expect(none.status).toBe(403);
    expect(load(none.text)('main').text()).toContain('This form has expired');
    const wrong = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: 'x'.repeat(64), email: account.email, password: account.password });
    expect(wrong.status).toBe(403);
    expect(load(wrong.text)('main').text()).toContain('Formulir ini sudah kedaluwarsa');
    // a token from another visitor's session does not fit this one
    const other = await csrfFrom(request.agent(app), '/login');
    expect((await agent.post('/login').type('form').send({ _csrf: other, email: account.email, password: account.password })).status).toBe(403);
    // and no session at all
    expect((await request(app).post('/login').type('form').send({ _csrf: other, email: account.email, password: account.password })).status).toBe(403);
  });

  it("leaves the citizens' survey post and the API outside CSRF", async () => {
    const res = await request(app).post('/s/ktp').type('form').send({ PERSYARATAN: '3' });
    expect(res.status).not.toBe(403);
    expect((await request(app).get('/api/v1/services')).status).toBe(200);
  });

  it('locks an address after too many failures (429, localized), even for the right password', async () => {
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/login');
    const post = (password: string, lang = 'en') => agent.post(`/login?lang=${lang}`).type('form').send({ _csrf: token, email: account.email, password });
    for (let i = 1; i < THROTTLE_POLICY.maxFailures; i++) expect((await post('tebakan nomor ' + i)).status).toBe(401);
    const locked = await post('tebakan terakhir');
    expect(locked.status).toBe(429);
    expect(load(locked.text)('.error-summary').text()).toMatch(/Too many failed sign-in attempts for this email address.*try again in 15 min/);
    const right = await post(account.password, 'id');
    expect(right.status).toBe(429);
    expect(load(right.text)('.error-summary').text()).toContain('coba lagi dalam 15 menit');
    expect(sessionCookie(right) ?? '').not.toMatch(/Max-Age=43200/);
    // the address is locked in any letter case
    const upper = await agent.post('/login').type('form').send({ _csrf: token, email: account.email.toUpperCase(), password: account.password });
    expect(upper.status).toBe(429);
    // a lapsed lock lets the right password in again
    db.prepare('UPDATE sign_in_failures SET locked_until = 1').run();
    expect((await post(account.password)).status).toBe(303);
  });

  it('slows one client trying many addresses', async () => {
    const agent = request.agent(app);
    const token = await csrfFrom(agent, '/login');
    let last = 0;
    for (let i = 0; i <= THROTTLE_POLICY.clientFailures; i++) {
      last = (
        await agent
          .post('/login?lang=en')
          .type('form')
          .send({ _csrf: token, email: `guess${i}@uji.go.id`, password: 'tebakan' })
      ).status;
    }
    expect(last).toBe(429);
    const res = await agent.post('/login?lang=en').type('form').send({ _csrf: token, email: account.email, password: account.password });
    expect(res.status).toBe(429);
    expect(load(res.text)('.error-summary').text()).toContain('from this device');
  });

  it('stores the session hashed, never the cookie value', async () => {
    const agent = request.agent(app);
    const res = await loginPost(agent, { email: account.email, password: account.password });
    const value = cookieValue(sessionCookie(res)!);
    const rows = db.prepare('SELECT * FROM sessions WHERE user_id = ?').all(account.userId) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(db.prepare('SELECT * FROM sessions').all());
    expect(dump).not.toContain(value);
    expect(rows[0]!.id_hash).toMatch(/^[\w-]{43}$/);
  });

  it('rotates the session id on sign-in', async () => {
    const agent = request.agent(app);
    const before = sessionCookie(await loginPost(agent, { email: account.email, password: account.password }));
    const token = await csrfFrom(agent, '/account/password');
    const after = sessionCookie(await agent.post('/login').type('form').send({ _csrf: token, email: account.email, password: account.password }));
    expect(cookieValue(after!)).not.toBe(cookieValue(before!));
    expect(db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(1);
  });

  it('signs out: 303 to /login and the old cookie no longer works', async () => {
    const agent = request.agent(app);
    const cookie = sessionCookie(await loginPost(agent, { email: account.email, password: account.password }))!.split(';')[0]!;
    expect((await request(app).get('/account/password').set('Cookie', cookie)).status).toBe(200);
    const res = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: await csrfFrom(agent, '/account/password') });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(sessionCookie(res)).toMatch(/Expires=Thu, 01 Jan 1970/);
    const replay = await request(app).get('/account/password').set('Cookie', cookie);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/login?next=%2Faccount%2Fpassword');
    expect(db.prepare('SELECT COUNT(*) FROM sessions WHERE user_id = ?').pluck().get(account.userId)).toBe(0);
  });

  it('ends an expired session; signing out of it just goes to /login', async () => {
    const { agent, csrf } = await signIn(app, account.email, account.password);
    const token = await csrf();
    db.prepare('UPDATE sessions SET expires_at = 0').run();
    const res = await agent.get('/account/password');
    expect(res.status).toBe(303);
    const out = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
  });

  it('refuses signing out a live session without its CSRF token', async () => {
    const { agent } = await signIn(app, account.email, account.password);
    expect((await agent.post('/logout').type('form').send({})).status).toBe(403);
    expect((await agent.get('/account/password')).status).toBe(200);
  });
});

describe('changing the password', () => {
  let db: Db;
  let app: Express;
  let org: SmallOrg;
  beforeEach(async () => {
    db = testDb();
    org = await seedSmall(SqliteDatabase.of(db));
    app = testApp(db);
  });

  it('needs a signed-in officer', async () => {
    const res = await request(app).get('/account/password?lang=en');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Faccount%2Fpassword%3Flang%3Den&lang=en');
  });

  it('validates each field with 422 and an error summary', async () => {
    const me = await signInAs(app, SqliteDatabase.of(db), { role: 'viewer', unitId: org.unitId, email: 'budi@uji.go.id', password: 'sate ayam madura' });
    const post = async (fields: Record<string, string>) => {
      const res = await me.agent
        .post('/account/password?lang=en')
        .type('form')
        .send({ _csrf: await me.csrf(), ...fields });
      const $ = load(res.text);
      return {
        status: res.status,
        $,
        hrefs: $('.error-summary a')
          .map((_, a) => $(a).attr('href'))
          .get(),
      };
    };
    let r = await post({ current_password: '', new_password: 'pendek', confirm_password: 'pendek' });
    expect(r.status).toBe(422);
    expect(r.hrefs).toEqual(['#f-current-password', '#f-new-password']);
    expect(r.$('#e-new-password').text()).toContain('at least 12 characters');
    expect(r.$('#f-new-password').attr('aria-describedby')).toBe('h-new-password e-new-password');

    r = await post({ current_password: me.password, new_password: 'BUDI@uji.go.id', confirm_password: 'BUDI@uji.go.id' });
    expect(r.status).toBe(422);
    expect(r.$('#e-new-password').text()).toContain('must not be your email address');

    r = await post({ current_password: me.password, new_password: 'nasi goreng kampung', confirm_password: 'nasi goreng kampong' });
    expect(r.status).toBe(422);
    expect(r.hrefs).toEqual(['#f-confirm-password']);

    r = await post({ current_password: 'bukan sandi saya', new_password: 'nasi goreng kampung', confirm_password: 'nasi goreng kampung' });
    expect(r.status).toBe(422);
    expect(r.hrefs).toEqual(['#f-current-password']);
    expect(r.$('#e-current-password').text()).toContain('current password is incorrect');

    r = await post({ current_password: me.password, new_password: me.password, confirm_password: me.password });
    expect(r.status).toBe(422);
    expect(r.$('#e-new-password').text()).toContain('must differ');
  });

  it('changes the password, keeps this session and ends the others', async () => {
    const me = await signInAs(app, SqliteDatabase.of(db), { role: 'manager', unitId: org.unitId, password: 'sate ayam madura' });
    const other = await signIn(app, me.email, me.password);
    expect((await other.agent.get('/account/password')).status).toBe(200);

    const res = await me.agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: await me.csrf(), current_password: me.password, new_password: 'rendang padang enak', confirm_password: 'rendang padang enak' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/password?changed=1');
    const done = await me.agent.get('/account/password?changed=1&lang=en');
    expect(done.status).toBe(200);
    expect(load(done.text)('.notice').text()).toContain('Your password has been changed');

    expect((await other.agent.get('/account/password')).status).toBe(303);
    await expect(signIn(app, me.email, me.password)).rejects.toThrow(/401/);
    await signIn(app, me.email, 'rendang padang enak');
    const hash = (await userByEmail(SqliteDatabase.of(db), me.email))!.password_hash;
    expect(await verifyPassword(hash, 'rendang padang enak')).toBe(true);
  });

  it('refuses a change without the CSRF token', async () => {
    const me = await signInAs(app, SqliteDatabase.of(db), { role: 'manager', unitId: org.unitId });
    const res = await me.agent
      .post('/account/password')
      .type('form')
      .send({ current_password: me.password, new_password: 'x'.repeat(20), confirm_password: 'x'.repeat(20) });
    expect(res.status).toBe(403);
  });
});

describe('guards for officer routes', () => {
  function run(handler: RequestHandler, officer: Partial<Officer> | undefined, url = '/dashboard/units/x?lang=en') {
    const calls: { next?: unknown; redirect?: [number, string] } = {};
    const req = { originalUrl: url, query: { lang: 'en' } } as unknown as Request;
    const res = {
      locals: { officer },
      set() {
        return this;
      },
      redirect(status: number, to: string) {
        calls.redirect = [status, to];
      },
    } as unknown as Response;
    handler(req, res, (err?: unknown) => void (calls.next = err ?? 'next'));
    return calls;
  }
  const viewer = { userId: 1, email: 'v@x.id', name: 'V', role: 'viewer' as const, unitId: 2 };

  it('sends a visitor to /login?next= and lets an officer through', () => {
    expect(run(requireOfficer, undefined).redirect).toEqual([303, '/login?next=%2Fdashboard%2Funits%2Fx%3Flang%3Den&lang=en']);
    expect(run(requireOfficer, viewer).next).toBe('next');
  });

  it('answers 403 to an officer of another role', () => {
    const refused = run(requireRole('admin', 'manager'), viewer).next;
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(403);
    expect(run(requireRole('admin', 'manager'), { ...viewer, role: 'manager' }).next).toBe('next');
    expect(run(requireRole('admin'), undefined).redirect?.[0]).toBe(303);
  });

  it('gives a guarded handler the officer, typed, and refuses with 401 where no guard put one there', () => {
    expect(signedIn({ locals: { officer: viewer } } as unknown as Response)).toBe(viewer);
    let thrown: unknown;
    try {
      signedIn({ locals: {} } as unknown as Response);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpError).status).toBe(401);
  });
});

describe('stored accounts', () => {
  it('keeps only an argon2id hash of the password', async () => {
    const db = testDb();
    const org = await seedSmall(SqliteDatabase.of(db));
    const { email, password } = await createOfficer(SqliteDatabase.of(db), { role: 'admin', unitId: org.rootId });
    const row = db.prepare('SELECT * FROM users WHERE email = ?').get(email) as Record<string, unknown>;
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(row)).not.toContain(password);
    expect(() => db.prepare("UPDATE users SET password_hash = 'plain text' WHERE email = ?").run(email)).toThrow(/CHECK/);
  });

  it('keeps emails unique in any letter case and admins on the root unit', async () => {
    const store = SqliteDatabase.of(testDb());
    const org = await seedSmall(store);
    await createOfficer(store, { role: 'viewer', unitId: org.unitId, email: 'ani@uji.go.id' });
    await expect(createOfficer(store, { role: 'viewer', unitId: org.unitId, email: 'ANI@uji.go.id' })).rejects.toThrow(/UNIQUE/);
    await expect(createOfficer(store, { role: 'admin', unitId: org.unitId })).rejects.toThrow(/root unit/);
  });
});

describe('demo accounts and access to results', () => {
  let db: Db;
  let app: Express;
  beforeAll(async () => {
    db = testDb();
    await loadDemo(SqliteDatabase.of(db), { endDate: '2026-03-31', months: 1 });
    app = testApp(db);
  });

  it('exist after loadDemo, one of each role, and not in a plain migrated database', () => {
    const rows = db.prepare('SELECT u.email, u.role, un.code AS unit FROM users u JOIN units un ON un.id = u.unit_id ORDER BY u.id').all();
    expect(rows).toEqual([
      { email: 'admin@demo.mutu.id', role: 'admin', unit: 'pemkab' },
      { email: 'manajer@demo.mutu.id', role: 'manager', unit: 'disdukcapil' },
      { email: 'viewer@demo.mutu.id', role: 'viewer', unit: 'rsud' },
    ]);
    expect(DEMO_ACCOUNTS.map((a) => a.email)).toEqual(rows.map((r) => (r as { email: string }).email));
    expect(testDb().prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(0);
  });

  it('lets each demo account sign in with the demo password', async () => {
    for (const a of DEMO_ACCOUNTS) await signIn(app, a.email, DEMO_PASSWORD);
  });

  it('lets an officer read unpublished results only inside their subtree', async () => {
    expect((await getServiceByCode(SqliteDatabase.of(db), 'sppirt'))?.published).toBe(0);
    const url = '/api/v1/services/sppirt/results?from=2026-03-01&to=2026-03-31';
    expect((await request(app).get(url)).status).toBe(401);
    const admin = await signIn(app, 'admin@demo.mutu.id', DEMO_PASSWORD);
    const manager = await signIn(app, 'manajer@demo.mutu.id', DEMO_PASSWORD);
    const adminRes = await admin.agent.get(url);
    expect(adminRes.status).toBe(200);
    expect(adminRes.body.n).toBeGreaterThan(0);
    expect((await manager.agent.get(url)).status).toBe(403);
    expect((await manager.agent.get('/api/v1/units/disdukcapil/results?from=2026-03-01&to=2026-03-31')).status).toBe(200);
  });
});

describe('create-admin command', () => {
  let dir: string;
  let out: string[];
  let err: string[];
  const io = (answers: string[] | null = null): CliIo => ({
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    askSecret: answers ? () => Promise.resolve(answers.shift() ?? '') : undefined,
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mutu-admin-'));
    out = [];
    err = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}) => ({ DATABASE_PATH: join(dir, 'mutu.db'), LOG_LEVEL: 'silent', ...extra });

  it('needs an agency, then creates one with its root unit and the admin', async () => {
    const args = ['--email', 'Admin@Kab.go.id', '--name', 'Dewi Lestari'];
    expect(await createAdmin(args, env({ MUTU_ADMIN_PASSWORD: 'teh manis hangat' }), io())).toBe(1);
    expect(err.join('\n')).toMatch(/no agency yet.*--agency-code/s);

    expect(
      await createAdmin(
        [...args, '--agency-code', 'kab-contoh', '--agency-name', 'Pemerintah Kabupaten Contoh'],
        env({ MUTU_ADMIN_PASSWORD: 'teh manis hangat' }),
        io(),
      ),
    ).toBe(0);
    const db = openDb(join(dir, 'mutu.db'));
    try {
      const user = db.prepare('SELECT u.email, u.name, u.role, un.code AS unit, un.parent_id FROM users u JOIN units un ON un.id = u.unit_id').get();
      expect(user).toEqual({ email: 'admin@kab.go.id', name: 'Dewi Lestari', role: 'admin', unit: 'kab-contoh', parent_id: null });
      expect(await verifyPassword((await userByEmail(SqliteDatabase.of(db), 'admin@kab.go.id'))!.password_hash, 'teh manis hangat')).toBe(true);
    } finally {
      db.close();
    }
    // the real sign-in works against that database
    const db2 = openDb(join(dir, 'mutu.db'));
    try {
      await signIn(testApp(db2), 'admin@kab.go.id', 'teh manis hangat');
    } finally {
      db2.close();
    }
  });

  it('refuses an existing email, a weak password and missing flags', async () => {
    const db = openDb(join(dir, 'mutu.db'));
    migrate(db);
    await seedSmall(SqliteDatabase.of(db));
    db.close();
    expect(await createAdmin(['--email', 'a@kab.go.id', '--name', 'A'], env({ MUTU_ADMIN_PASSWORD: 'pendek' }), io())).toBe(1);
    expect(err.pop()).toMatch(/at least 12 characters/);
    expect(await createAdmin(['--email', 'a@kab.go.id', '--name', 'A'], env(), io(['sandi yang panjang', 'sandi yang panjang']))).toBe(0);
    expect(await createAdmin(['--email', 'A@kab.go.id', '--name', 'A'], env({ MUTU_ADMIN_PASSWORD: 'sandi yang panjang' }), io())).toBe(1);
    expect(err.pop()).toMatch(/already exists/);
    expect(await createAdmin(['--email', 'b@kab.go.id', '--name', 'B'], env(), io())).toBe(1);
    expect(err.pop()).toMatch(/MUTU_ADMIN_PASSWORD/);
    expect(await createAdmin(['--email', 'not-an-email', '--name', 'B'], env(), io())).toBe(2);
    expect(await createAdmin(['--name', 'B', '--bogus'], env(), io())).toBe(2);
  });
});
