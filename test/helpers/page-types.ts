import type { Express } from 'express';
import request from 'supertest';
import { loadDemo } from '../../db/demo/index.js';
import type { Db } from '../../server/db.js';
import { SqliteDatabase } from '../../server/data/engine/index.js';
import { createService } from '../../server/data/services.js';
import { formFields, testApp, testDb } from './app.js';
import { createOfficer, signIn, type Agent } from './officer.js';

// Every page type of Mutu, officers' and citizens', in ONE list: the accessibility test
// (pages.a11y.browser.test.ts, axe-core at 360x740) and the HTML test (pages.html.test.ts,
// html-validate) both walk it. A new page type (kiosk, widget dialog, posters, public results,
// report) is one more line here.
//
// knownViolations / knownHtmlErrors: rule ids that fail TODAY on a page whose redesign is still
// in progress; the tests assert the list exactly, so a fixed one must be removed from it. Never skip.

export type Who = 'citizen' | 'viewer' | 'manager' | 'admin';

export interface PageType {
  name: string;
  /** path and query; {user} is a viewer's account id in the manager's unit */
  url: string;
  who: Who;
  status: number;
  /** posted as a form instead of a GET (an officer's post carries the session's CSRF token) */
  post?: Record<string, string>;
  /** axe-core rule ids that fail today (see above) */
  knownViolations?: string[];
  /** html-validate rule ids that fail today (see above) */
  knownHtmlErrors?: string[];
}

const Q = 'period=2026-Q3';

export const PAGE_TYPES: readonly PageType[] = [
  // citizens
  { name: 'home', url: '/?lang=id', who: 'citizen', status: 200 },
  { name: 'survey form', url: '/s/ktp-el?lang=id', who: 'citizen', status: 200 },
  { name: 'survey form (English)', url: '/s/ktp-el?lang=en', who: 'citizen', status: 200 },
  { name: 'survey embed view', url: '/s/ktp-el?embed=1&lang=id', who: 'citizen', status: 200 },
  { name: 'survey with errors', url: '/s/ktp-el?lang=id', who: 'citizen', status: 422, post: { age: 'abc', SARANA: '7', comment: 'x'.repeat(1001) } },
  { name: 'thank-you', url: '/s/ktp-el/thanks?lang=id', who: 'citizen', status: 200 },
  { name: 'inactive service', url: '/s/layanan-tutup?lang=id', who: 'citizen', status: 404 },
  { name: 'not found', url: '/tidak-ada?lang=id', who: 'citizen', status: 404 },
  // officers
  { name: 'login', url: '/login?lang=id', who: 'citizen', status: 200 },
  { name: 'password change', url: '/account/password?lang=id', who: 'viewer', status: 200 },
  { name: 'forbidden (403)', url: '/manage?lang=id', who: 'viewer', status: 403 },
  { name: 'dashboard overview', url: `/dashboard?${Q}&lang=id`, who: 'admin', status: 200 },
  { name: 'dashboard unit', url: `/dashboard/units/disdukcapil?${Q}&lang=id`, who: 'manager', status: 200 },
  { name: 'dashboard service', url: `/dashboard/services/ktp-el?${Q}&lang=id`, who: 'manager', status: 200 },
  {
    name: 'dashboard filtered',
    url: `/dashboard/services/ktp-el?${Q}&group=gender:P&lang=id`,
    who: 'manager',
    status: 200,
  },
  { name: 'manage overview', url: '/manage?lang=id', who: 'admin', status: 200 },
  { name: 'manage unit', url: '/manage/units/disdukcapil?lang=id', who: 'admin', status: 200 },
  { name: 'manage new unit', url: '/manage/units/new?lang=id', who: 'admin', status: 200 },
  { name: 'manage form with errors', url: '/manage/units/new?lang=id', who: 'admin', status: 422, post: { name_id: '', code: 'Bad Code', target: '200' } },
  { name: 'manage service', url: '/manage/services/ktp-el?lang=id', who: 'admin', status: 200 },
  { name: 'manage new service', url: '/manage/services/new?lang=id', who: 'manager', status: 200 },
  { name: 'manage target profile', url: '/manage/units/disdukcapil/profile?lang=id', who: 'admin', status: 200 },
  { name: 'manage populations', url: '/manage/services/ktp-el/populations?lang=id', who: 'admin', status: 200 },
  { name: 'manage users', url: '/manage/users?lang=id', who: 'admin', status: 200 },
  { name: 'manage new user', url: '/manage/users/new?lang=id', who: 'manager', status: 200 },
  { name: 'manage user', url: '/manage/users/{user}?lang=id', who: 'manager', status: 200 },
  { name: 'manage API tokens', url: '/manage/tokens?lang=id', who: 'admin', status: 200 },
  { name: 'manage API token created', url: '/manage/tokens?lang=id', who: 'admin', status: 201, post: { name: 'Portal data', unit: 'pemkab' } },
  { name: 'audit log', url: '/manage/audit?lang=id', who: 'admin', status: 200 },
  { name: 'publication', url: '/manage/publication?lang=id', who: 'admin', status: 200 },
  { name: 'agency footer', url: '/manage/agency?lang=id', who: 'admin', status: 200 },
];

export interface FetchedPage {
  url: string;
  status: number;
  headers: Record<string, string>;
  html: string;
}

/** The demo agency (a year of responses, the demo accounts), a closed service and a footer: every page type has something to show. */
export class PageFixture {
  private agents = new Map<Who, Agent>();
  private constructor(
    readonly db: Db,
    readonly app: Express,
    private readonly user: number,
  ) {}

  static async create(): Promise<PageFixture> {
    const db = testDb();
    const store = SqliteDatabase.of(db);
    await loadDemo(store, { endDate: '2026-10-31' });
    const unit = (code: string) => (db.prepare('SELECT id FROM units WHERE code = ?').get(code) as { id: number }).id;
    await createService(store, { unitId: unit('disdukcapil'), code: 'layanan-tutup', nameId: 'Layanan Tutup', nameEn: 'Closed Service', active: false });
    const footer = {
      contactId: 'Jl. Merdeka 1, Mekarsari; telepon (0265) 123456',
      contactEn: 'Jl. Merdeka 1, Mekarsari; phone +62 265 123456',
      complaintLabel: 'SP4N-LAPOR!',
      complaintUrl: 'https://www.lapor.go.id',
      privacyId: 'Jawaban diproses tanpa identitas sesuai UU Pelindungan Data Pribadi.',
      privacyEn: 'Answers are processed without identity under the Personal Data Protection Law.',
    };
    db.prepare("INSERT INTO settings (key, value) VALUES ('agency_footer', ?)").run(JSON.stringify(footer));
    const user = (await createOfficer(store, { role: 'viewer', unitId: unit('disdukcapil') })).userId;
    return new PageFixture(db, testApp(db), user);
  }

  private async agent(who: Exclude<Who, 'citizen'>): Promise<Agent> {
    let agent = this.agents.get(who);
    if (!agent) {
      const email = { viewer: 'viewer@demo.mutu.id', manager: 'manajer@demo.mutu.id', admin: 'admin@demo.mutu.id' }[who];
      agent = (await signIn(this.app, email, 'mutu-demo')).agent;
      this.agents.set(who, agent);
    }
    return agent;
  }

  url(type: PageType): string {
    return type.url.replace('{user}', String(this.user));
  }

  /** The page as its user gets it (signed in, CSRF token and the form's hidden fields included in a post). */
  async fetch(type: PageType): Promise<FetchedPage> {
    const url = this.url(type);
    let res: request.Response;
    if (type.who === 'citizen') {
      res = type.post
        ? await request(this.app)
            .post(url)
            .type('form')
            .send({ ...(await formFields(this.app, url)), ...type.post })
        : await request(this.app).get(url);
    } else {
      const agent = await this.agent(type.who);
      if (type.post) {
        const page = await agent.get(url);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
        res = await agent
          .post(url)
          .type('form')
          .send({ _csrf: csrf, ...type.post });
      } else res = await agent.get(url);
    }
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
    return { url, status: res.status, headers, html: res.text };
  }
}
