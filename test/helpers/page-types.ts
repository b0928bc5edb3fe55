import type { Express } from 'express';
import request from 'supertest';
import { loadDemo } from '../../db/demo/index.js';
import type { Db } from '../../server/db.js';
import { SqliteDatabase } from '../../server/data/engine/index.js';
import { createService } from '../../server/data/services.js';
import { createKiosk, revokeKiosk } from '../../server/data/kiosk-tokens.js';
import { createCounterLink, revokeCounter } from '../../server/data/counters.js';
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
  /** posted as a multipart upload (the CSRF field first, then `file`) instead of a GET */
  upload?: { name: string; content: string };
}

/** An import file (issue 10): a header, one good row dated yesterday and, with `bad`, two rejected rows. */
const YESTERDAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const importCsv = (bad: boolean): string =>
  ['tanggal,PERSYARATAN,WAKTU,jenis_kelamin,umur', `${YESTERDAY},3,4,P,41`, ...(bad ? [`${YESTERDAY},7,,X,`, '2099-01-01,3,,,'] : [])].join('\n');

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
  { name: 'kiosk', url: '/kiosk/{kiosk}?lang=id', who: 'citizen', status: 200 },
  { name: 'kiosk service picker', url: '/kiosk/{kiosk-picker}?lang=en', who: 'citizen', status: 200 },
  { name: 'kiosk no longer in use (410)', url: '/kiosk/{kiosk-revoked}?lang=id', who: 'citizen', status: 410 },
  { name: 'counter link survey', url: '/k/{counter}?lang=id', who: 'citizen', status: 200 },
  { name: 'counter link no longer valid (410)', url: '/k/{counter-revoked}?lang=en', who: 'citizen', status: 410 },
  { name: 'survey preview', url: '/s/ktp-el?preview=1&lang=id', who: 'manager', status: 200 },
  // public results (server/routes/results.ts): the default period, and a chosen one
  { name: 'public results agency', url: '/results?lang=id', who: 'citizen', status: 200 },
  { name: 'public results agency (English)', url: '/results?lang=en', who: 'citizen', status: 200 },
  { name: 'public results unit', url: `/results/units/disdukcapil?${Q}&lang=id`, who: 'citizen', status: 200 },
  { name: 'public results unit (English)', url: `/results/units/disdukcapil?${Q}&lang=en`, who: 'citizen', status: 200 },
  { name: 'public results service', url: `/results/services/ktp-el?${Q}&lang=id`, who: 'citizen', status: 200 },
  { name: 'public results service (English)', url: '/results/services/ktp-el?period=2026-08&lang=en', who: 'citizen', status: 200 },
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
  { name: 'publication log', url: `/manage/publication-log?scope=unit:disdukcapil&${Q}&lang=id`, who: 'manager', status: 200 },
  {
    name: 'publication log with errors',
    url: '/manage/publication-log?lang=en',
    who: 'manager',
    status: 422,
    post: { scope: 'unit:disdukcapil', period: '2026-Q3', channel: 'other', published_on: '2026-02-30', url: 'ftp://x', note: '' },
  },
  { name: 'agency footer', url: '/manage/agency?lang=id', who: 'admin', status: 200 },
  { name: 'reach page', url: '/manage/services/ktp-el/reach?lang=id', who: 'manager', status: 200 },
  {
    name: 'reach page with errors',
    url: '/manage/services/ktp-el/reach/counters?lang=en',
    who: 'manager',
    status: 422,
    post: { place: '', expires: '2001-01-01' },
  },
  { name: 'poster A4', url: '/manage/services/ktp-el/reach/poster?size=a4&lang=id', who: 'manager', status: 200 },
  { name: 'table card A6', url: '/manage/services/ktp-el/reach/poster?size=a6&lang=en', who: 'manager', status: 200 },
  // follow-up plans (the demo's plan of KTP-el is made from 2026-Q1) and the SKM report
  { name: 'follow-up plan', url: '/followup/services/ktp-el?period=2026-Q1&lang=id', who: 'manager', status: 200 },
  { name: 'follow-up overview', url: '/followup?period=2026-Q1&lang=id', who: 'admin', status: 200 },
  { name: 'follow-up action form', url: '/followup/actions/1?lang=id', who: 'manager', status: 200 },
  {
    name: 'follow-up action with errors',
    url: '/followup/services/ktp-el/actions/new?period=2026-Q1&lang=id',
    who: 'manager',
    status: 422,
    post: { element: 'WAKTU', activity: '', status: 'done', evidence_url: 'ftp://x' },
  },
  { name: 'SKM report', url: `/report/services/ktp-el?${Q}&lang=id`, who: 'manager', status: 200 },
  { name: 'SKM report, live figures', url: `/report/services/ktp-el?${Q}&lang=en&figures=live`, who: 'manager', status: 200 },
  { name: 'SKM report chapter edit', url: `/report/units/disdukcapil/chapters/analysis?${Q}&lang=id`, who: 'manager', status: 200 },
  { name: 'national evaluations', url: '/followup/evaluation?year=2026&lang=id', who: 'admin', status: 200 },
  // issue 10: officers' entry, paper import, quarantine, the end-state question
  { name: 'survey form with end-state question', url: '/s/akta-kelahiran?lang=id', who: 'citizen', status: 200 },
  { name: 'interview entry list', url: '/manage/entry?lang=id', who: 'manager', status: 200 },
  { name: 'interview entry form', url: '/manage/services/ktp-el/entry?lang=id', who: 'manager', status: 200 },
  {
    name: 'interview entry with errors',
    url: '/manage/services/ktp-el/entry?lang=en',
    who: 'manager',
    status: 422,
    post: { way: '', date: '2099-01-01', PERSYARATAN: '7' },
  },
  { name: 'import page', url: '/manage/services/ktp-el/import?lang=id', who: 'manager', status: 200 },
  {
    name: 'import report (rejected rows)',
    url: '/manage/services/ktp-el/import?lang=id',
    who: 'manager',
    status: 422,
    upload: { name: 'kertas.csv', content: importCsv(true) },
  },
  {
    name: 'import report (clean file)',
    url: '/manage/services/ktp-el/import?lang=en',
    who: 'manager',
    status: 200,
    upload: { name: 'kertas.csv', content: importCsv(false) },
  },
  { name: 'quarantine list', url: '/manage/quarantine?lang=id', who: 'admin', status: 200 },
  { name: 'service questions (end state)', url: '/manage/services/ktp-el/questions?lang=id', who: 'manager', status: 200 },
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
    /** kiosk and counter link tokens by placeholder name: kiosk, kiosk-picker, kiosk-revoked, counter, counter-revoked */
    private readonly kiosks: Record<string, string> = {},
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
    // issue 10: one service asks how the visit ended; two responses wait in the quarantine (still counted)
    db.prepare("UPDATE services SET ask_end_state = 1 WHERE code = 'akta-kelahiran'").run();
    db.prepare("UPDATE responses SET suspicion = 'client_burst' WHERE id IN (SELECT id FROM responses ORDER BY id DESC LIMIT 2)").run();
    const service = (code: string) => (db.prepare('SELECT id FROM services WHERE code = ?').get(code) as { id: number }).id;
    const kiosk = (place: string, codes: string[]) =>
      store.transaction((tx) => createKiosk(tx, { unitId: unit('disdukcapil'), place, serviceIds: codes.map(service) }));
    const revoked = await kiosk('Loket Lama', ['ktp-el']);
    await revokeKiosk(store, revoked.id);
    const kiosks = {
      kiosk: (await kiosk('Loket 1', ['ktp-el'])).token,
      'kiosk-picker': (await kiosk('Lobi', ['ktp-el', 'akta-kelahiran'])).token,
      'kiosk-revoked': revoked.token,
      counter: (await createCounterLink(store, { serviceId: service('ktp-el'), place: 'Loket 2' })).token,
      'counter-revoked': await createCounterLink(store, { serviceId: service('ktp-el'), place: 'Loket 9' }).then(
        async (c) => (await revokeCounter(store, c.id), c.token),
      ),
    };
    return new PageFixture(db, testApp(db), user, kiosks);
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
    return type.url.replace('{user}', String(this.user)).replace(/\{((?:kiosk|counter)[a-z-]*)\}/, (_, name: string) => this.kiosks[name] ?? name);
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
      if (type.upload) {
        const page = await agent.get(url);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
        res = await agent.post(url).field('_csrf', csrf).attach('file', Buffer.from(type.upload.content), type.upload.name);
      } else if (type.post) {
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
