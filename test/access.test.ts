import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../server/db.js';
import { loadDemo } from '../db/demo/index.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { addApiToken } from '../server/data/tokens.js';
import { addPublication } from '../server/data/publications.js';
import { createOfficer, csrfFrom, signIn, type Agent } from './helpers/officer.js';
import { testApp, testDb } from './helpers/app.js';

// Walks every officer route as anonymous and as each role (viewer of rsud, manager of disdukcapil,
// admin of the agency), in and out of scope. A route the app serves that this table does not
// cover fails the test, so a new page cannot ship without its access rule being checked.

type Role = 'anon' | 'viewer' | 'manager' | 'admin';
type Expect = Record<Role, number[]>;
interface Case {
  url: string;
  expect: Expect;
}

const PAGE = [200];
const DENY = [403];
const LOGIN = [303];
const ACCEPTED = [201, 303, 422]; // the post got past access control (saved, or refused for its content)
const NO_SESSION = [303, 403]; // anonymous posts: no session, so no CSRF token, or sent to sign in

const all = (anon: number[], viewer: number[], manager: number[], admin: number[]): Expect => ({ anon, viewer, manager, admin });
const dashboardPage = (managerOk: boolean, viewerOk: boolean) => all(LOGIN, viewerOk ? PAGE : DENY, managerOk ? PAGE : DENY, PAGE);
const managePage = (managerOk: boolean) => all(LOGIN, DENY, managerOk ? PAGE : DENY, PAGE);
const managePost = (managerOk: boolean) => all(NO_SESSION, DENY, managerOk ? ACCEPTED : DENY, ACCEPTED);
// a post about a record that does not exist, or a form that is not what the route reads (an upload): past access control all the same
const MISSING_OR_BAD = [303, 400, 404, 410, 422]; // 410: an upload that is gone (never made, or its 15 minutes passed)
const recordPost = (managerOk: boolean) => all(NO_SESSION, DENY, managerOk ? MISSING_OR_BAD : DENY, MISSING_OR_BAD);
const recordPage = (managerOk: boolean) => all(LOGIN, DENY, managerOk ? [404] : DENY, [404]);

const OFFICER_PREFIXES = ['/dashboard', '/manage', '/account', '/logout'];

function routesOf(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Array<{ route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }>) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const m of Object.keys(layer.route.methods).filter((k) => layer.route!.methods[k])) for (const p of paths) out.push(`${m.toUpperCase()} ${p}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
    }
  };
  walk((app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
  return out.filter((r) => OFFICER_PREFIXES.some((p) => r.split(' ')[1]!.startsWith(p)));
}

describe('officer routes: every role sees exactly its scope', () => {
  let db: Db;
  let app: Express;
  const agents: Partial<Record<Role, Agent>> = {};
  const tokens: Partial<Record<Role, string>> = {};
  let cases: Record<string, Case[]>;

  beforeAll(async () => {
    db = testDb();
    const store = SqliteDatabase.of(db);
    await loadDemo(store, { endDate: '2026-10-31' });
    app = testApp(db);
    const unit = (code: string) => (db.prepare('SELECT id FROM units WHERE code = ?').get(code) as { id: number }).id;
    const inManager = (await createOfficer(store, { role: 'viewer', unitId: unit('disdukcapil') })).userId;
    const inViewer = (await createOfficer(store, { role: 'viewer', unitId: unit('rsud') })).userId;
    const tokManager = (await addApiToken(store, unit('disdukcapil'), 'a')).id;
    const tokViewer = (await addApiToken(store, unit('rsud'), 'b')).id;
    const logEntry = (unitId: number) =>
      store.transaction((tx) =>
        addPublication(tx, {
          scope: { unitId },
          period: '2026-Q3',
          periodFrom: '2026-07-01',
          periodTo: '2026-09-30',
          channel: 'website',
          electronic: true,
          publishedOn: '2026-10-05',
          url: 'https://a.go.id/skm',
          note: null,
          createdBy: null,
        }),
      );
    const [logManager, logViewer] = [await logEntry(unit('disdukcapil')), await logEntry(unit('rsud'))];
    for (const [role, email] of [
      ['viewer', 'viewer@demo.mutu.id'],
      ['manager', 'manajer@demo.mutu.id'],
      ['admin', 'admin@demo.mutu.id'],
    ] as const) {
      agents[role] = (await signIn(app, email, 'mutu-demo')).agent;
      tokens[role] = await csrfFrom(agents[role], '/account/password');
    }
    const Q = '?period=2026-Q3';
    cases = {
      'GET /dashboard': [{ url: `/dashboard${Q}`, expect: dashboardPage(true, true) }],
      'GET /dashboard/units/:code': [
        { url: `/dashboard/units/disdukcapil${Q}`, expect: dashboardPage(true, false) },
        { url: `/dashboard/units/rsud${Q}`, expect: dashboardPage(false, true) },
        { url: `/dashboard/units/pemkab${Q}`, expect: dashboardPage(false, false) },
      ],
      'GET /dashboard/services/:code': [
        { url: `/dashboard/services/ktp-el${Q}`, expect: dashboardPage(true, false) },
        { url: `/dashboard/services/igd${Q}`, expect: dashboardPage(false, true) },
        { url: `/dashboard/services/sppirt${Q}`, expect: dashboardPage(false, false) },
      ],
      'GET /account/password': [{ url: '/account/password', expect: all(LOGIN, PAGE, PAGE, PAGE) }],
      'POST /account/password': [{ url: '/account/password', expect: all(NO_SESSION, [422], [422], [422]) }],
      'GET /manage': [{ url: '/manage', expect: managePage(true) }],
      'GET /manage/audit': [{ url: '/manage/audit', expect: all(LOGIN, DENY, DENY, PAGE) }],
      'GET /manage/publication': [{ url: '/manage/publication', expect: all(LOGIN, DENY, DENY, PAGE) }],
      'POST /manage/publication/republish': [{ url: '/manage/publication/republish', expect: all(NO_SESSION, DENY, DENY, ACCEPTED) }],
      'GET /manage/agency': [{ url: '/manage/agency', expect: all(LOGIN, DENY, DENY, PAGE) }],
      'POST /manage/agency': [{ url: '/manage/agency', expect: all(NO_SESSION, DENY, DENY, ACCEPTED) }],
      'GET /manage/units/new': [{ url: '/manage/units/new', expect: managePage(true) }],
      'POST /manage/units/new': [
        { url: '/manage/units/new?parent=disdukcapil', expect: managePost(true) },
        { url: '/manage/units/new', expect: managePost(true) },
      ],
      'GET /manage/units/:code': [
        { url: '/manage/units/disdukcapil', expect: managePage(true) },
        { url: '/manage/units/dpmptsp', expect: managePage(false) },
      ],
      'POST /manage/units/:code': [
        { url: '/manage/units/disdukcapil', expect: managePost(true) },
        { url: '/manage/units/rsud', expect: managePost(false) },
      ],
      'GET /manage/services/new': [{ url: '/manage/services/new', expect: managePage(true) }],
      'POST /manage/services/new': [{ url: '/manage/services/new', expect: managePost(true) }],
      'GET /manage/services/:code': [
        { url: '/manage/services/ktp-el', expect: managePage(true) },
        { url: '/manage/services/pbg', expect: managePage(false) },
      ],
      'POST /manage/services/:code': [
        { url: '/manage/services/kartu-keluarga', expect: managePost(true) },
        { url: '/manage/services/igd', expect: managePost(false) },
      ],
      'GET /manage/units/:code/profile': [
        { url: '/manage/units/disdukcapil/profile', expect: managePage(true) },
        { url: '/manage/units/dinkes/profile', expect: managePage(false) },
      ],
      'POST /manage/units/:code/profile': [
        { url: '/manage/units/disdukcapil/profile', expect: managePost(true) },
        { url: '/manage/units/dinkes/profile', expect: managePost(false) },
      ],
      'GET /manage/units/:code/populations': [
        { url: '/manage/units/disdukcapil/populations', expect: managePage(true) },
        { url: '/manage/units/rsud/populations', expect: managePage(false) },
      ],
      'POST /manage/units/:code/populations': [
        { url: '/manage/units/disdukcapil/populations', expect: managePost(true) },
        { url: '/manage/units/rsud/populations', expect: managePost(false) },
      ],
      'POST /manage/units/:code/populations/delete': [
        { url: '/manage/units/disdukcapil/populations/delete', expect: managePost(true) },
        { url: '/manage/units/rsud/populations/delete', expect: managePost(false) },
      ],
      'GET /manage/services/:code/profile': [
        { url: '/manage/services/ktp-el/profile', expect: managePage(true) },
        { url: '/manage/services/igd/profile', expect: managePage(false) },
      ],
      'POST /manage/services/:code/profile': [
        { url: '/manage/services/ktp-el/profile', expect: managePost(true) },
        { url: '/manage/services/igd/profile', expect: managePost(false) },
      ],
      'GET /manage/services/:code/populations': [
        { url: '/manage/services/ktp-el/populations', expect: managePage(true) },
        { url: '/manage/services/igd/populations', expect: managePage(false) },
      ],
      'POST /manage/services/:code/populations': [
        { url: '/manage/services/ktp-el/populations', expect: managePost(true) },
        { url: '/manage/services/igd/populations', expect: managePost(false) },
      ],
      'POST /manage/services/:code/populations/delete': [
        { url: '/manage/services/ktp-el/populations/delete', expect: managePost(true) },
        { url: '/manage/services/igd/populations/delete', expect: managePost(false) },
      ],
      'GET /manage/users': [{ url: '/manage/users', expect: managePage(true) }],
      'GET /manage/users/new': [{ url: '/manage/users/new', expect: managePage(true) }],
      'POST /manage/users': [{ url: '/manage/users', expect: managePost(true) }],
      'POST /manage/users/new': [{ url: '/manage/users/new', expect: managePost(true) }],
      'GET /manage/users/:id': [
        { url: `/manage/users/${inManager}`, expect: managePage(true) },
        { url: `/manage/users/${inViewer}`, expect: managePage(false) },
      ],
      'POST /manage/users/:id': [
        { url: `/manage/users/${inManager}`, expect: managePost(true) },
        { url: `/manage/users/${inViewer}`, expect: managePost(false) },
      ],
      'GET /manage/tokens': [{ url: '/manage/tokens', expect: managePage(true) }],
      'POST /manage/tokens': [{ url: '/manage/tokens', expect: managePost(true) }],
      'POST /manage/tokens/:id/revoke': [
        { url: `/manage/tokens/${tokManager}/revoke`, expect: managePost(true) },
        { url: `/manage/tokens/${tokViewer}/revoke`, expect: managePost(false) },
      ],
      'GET /manage/publication-log': [
        { url: '/manage/publication-log?scope=unit:disdukcapil', expect: managePage(true) },
        { url: '/manage/publication-log?scope=unit:rsud', expect: managePage(false) },
      ],
      'POST /manage/publication-log': [
        { url: '/manage/publication-log?scope=unit:disdukcapil', expect: managePost(true) },
        { url: '/manage/publication-log', expect: managePost(true) },
      ],
      'POST /manage/publication-log/:id/remove': [
        { url: `/manage/publication-log/${logManager}/remove`, expect: all(NO_SESSION, DENY, ACCEPTED, [303, 404]) },
        { url: `/manage/publication-log/${logViewer}/remove`, expect: managePost(false) },
      ],
      // reach (issue 10): counter links, kiosks, QR codes and posters, allowed origins
      'GET /manage/services/:code/reach': [
        { url: '/manage/services/ktp-el/reach', expect: managePage(true) },
        { url: '/manage/services/igd/reach', expect: managePage(false) },
      ],
      'POST /manage/services/:code/reach/counters': [
        { url: '/manage/services/ktp-el/reach/counters', expect: managePost(true) },
        { url: '/manage/services/igd/reach/counters', expect: managePost(false) },
      ],
      'POST /manage/services/:code/reach/counters/:id/revoke': [
        { url: '/manage/services/ktp-el/reach/counters/999999/revoke', expect: recordPost(true) },
        { url: '/manage/services/igd/reach/counters/999999/revoke', expect: recordPost(false) },
      ],
      'GET /manage/services/:code/reach/counters/:id/qr.:format': [
        { url: '/manage/services/ktp-el/reach/counters/999999/qr.svg', expect: recordPage(true) },
        { url: '/manage/services/igd/reach/counters/999999/qr.svg', expect: recordPage(false) },
      ],
      'POST /manage/services/:code/reach/kiosks': [
        { url: '/manage/services/ktp-el/reach/kiosks', expect: managePost(true) },
        { url: '/manage/services/igd/reach/kiosks', expect: managePost(false) },
      ],
      'POST /manage/services/:code/reach/kiosks/:id/revoke': [
        { url: '/manage/services/ktp-el/reach/kiosks/999999/revoke', expect: recordPost(true) },
        { url: '/manage/services/igd/reach/kiosks/999999/revoke', expect: recordPost(false) },
      ],
      'POST /manage/services/:code/reach/origins': [
        { url: '/manage/services/ktp-el/reach/origins', expect: managePost(true) },
        { url: '/manage/services/igd/reach/origins', expect: managePost(false) },
      ],
      'GET /manage/services/:code/reach/poster': [
        { url: '/manage/services/ktp-el/reach/poster', expect: managePage(true) },
        { url: '/manage/services/igd/reach/poster', expect: managePage(false) },
      ],
      // assisted entry, paper import, the end-state question, quarantine (issue 10)
      'GET /manage/entry': [{ url: '/manage/entry', expect: managePage(true) }],
      'GET /manage/services/:code/entry': [
        { url: '/manage/services/ktp-el/entry', expect: managePage(true) },
        { url: '/manage/services/igd/entry', expect: managePage(false) },
      ],
      'POST /manage/services/:code/entry': [
        { url: '/manage/services/ktp-el/entry', expect: managePost(true) },
        { url: '/manage/services/igd/entry', expect: managePost(false) },
      ],
      'GET /manage/services/:code/import': [
        { url: '/manage/services/ktp-el/import', expect: managePage(true) },
        { url: '/manage/services/igd/import', expect: managePage(false) },
      ],
      'POST /manage/services/:code/import': [
        { url: '/manage/services/ktp-el/import', expect: recordPost(true) },
        { url: '/manage/services/igd/import', expect: recordPost(false) },
      ],
      'GET /manage/services/:code/import/template.:format': [
        { url: '/manage/services/ktp-el/import/template.csv', expect: managePage(true) },
        { url: '/manage/services/igd/import/template.csv', expect: managePage(false) },
      ],
      'POST /manage/services/:code/import/:id/confirm': [
        { url: '/manage/services/ktp-el/import/no-such-upload/confirm', expect: recordPost(true) },
        { url: '/manage/services/igd/import/no-such-upload/confirm', expect: recordPost(false) },
      ],
      'GET /manage/services/:code/questions': [
        { url: '/manage/services/ktp-el/questions', expect: managePage(true) },
        { url: '/manage/services/igd/questions', expect: managePage(false) },
      ],
      'POST /manage/services/:code/questions': [
        { url: '/manage/services/ktp-el/questions', expect: managePost(true) },
        { url: '/manage/services/igd/questions', expect: managePost(false) },
      ],
      'GET /manage/quarantine': [{ url: '/manage/quarantine', expect: managePage(true) }],
      'POST /manage/quarantine/decide': [{ url: '/manage/quarantine/decide', expect: recordPost(true) }],
      // last: it ends the session
      'POST /logout': [{ url: '/logout', expect: all([303], [303], [303], [303]) }],
    };
  });

  it('covers every officer route the app serves', () => {
    const served = routesOf(app);
    expect(served.length).toBeGreaterThan(30);
    const missing = served.filter((r) => !cases[r]);
    expect(missing, 'officer routes without an access rule in this test').toEqual([]);
  });

  it('answers each role as its scope allows, for every route', { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    for (const [route, list] of Object.entries(cases)) {
      const method = route.split(' ')[0];
      for (const c of list) {
        for (const role of ['anon', 'viewer', 'manager', 'admin'] as const) {
          const client = role === 'anon' ? request(app) : agents[role]!;
          const res =
            method === 'GET'
              ? await client.get(c.url)
              : await client
                  .post(c.url)
                  .type('form')
                  .send(role === 'anon' ? {} : { _csrf: tokens[role] });
          if (!c.expect[role].includes(res.status)) failures.push(`${role} ${method} ${c.url}: ${res.status}, expected ${c.expect[role].join('|')}`);
          if (role === 'anon' && res.status === 303 && method === 'GET') expect(res.headers.location).toMatch(/^\/login\?next=/);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
