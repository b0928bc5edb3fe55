import { load } from 'cheerio';
import type { Express } from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../server/data/engine/index.js';
import { recomputeTotals, readTotalsByService } from '../../server/data/totals.js';
import { createService } from '../../server/data/services.js';
import { createUnit } from '../../server/data/units.js';
import type { FloodPolicy } from '../../server/vocabulary/flood-policy.js';
import { addDays } from '../../server/indicators/calendar.js';
import { localDate } from '../../server/indicators/timezone.js';
import { seedSmall, type SmallOrg } from './app.js';
import { createOfficer, signIn, signInAs, type Agent } from './officer.js';
import { expectSameTotals } from './totals-compare.js';

// Issue 10 on both engines, through the real app: officers' entry (channel assisted, way, date,
// officer), the enumerator role and its limits, the end-state question and visits without ratings,
// flood marks and the quarantine (totals equal a recomputation after every decision), and the
// import's all-or-nothing confirmation.

export interface AssistedSetup {
  store: Database;
  app: Express;
}
/** A freshly migrated database and an app on it, with the flood thresholds given. */
export type OpenAssisted = (floods: FloodPolicy) => Promise<AssistedSetup & { close: () => Promise<void> }>;

const FLOODS: FloodPolicy = { windowMs: 10 * 60_000, clientMax: 2, patternMin: 1000, patternFactor: 5 };
const TABLES = ['totals_day', 'totals_month', 'totals_group_month'];

async function totalsTables(q: Queryable): Promise<unknown[][]> {
  return Promise.all(TABLES.map((t) => q.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4`)));
}

/** The running totals equal a recomputation from the responses (which ignores excluded ones). */
async function expectTotalsRecomputable(store: Database): Promise<void> {
  const kept = await totalsTables(store);
  await recomputeTotals(store);
  expectSameTotals(kept, await totalsTables(store));
}

const count = async (q: Queryable, sql: string, args: unknown[] = []): Promise<number> => Number(await q.value(sql, args as never[]));
const csrfOf = (html: string): string => load(html)('input[name=_csrf]').first().attr('value') ?? '';

export function assistedContract(name: string, open: OpenAssisted): void {
  describe(`assisted entry, end state and quarantine: ${name}`, () => {
    let store: Database;
    let app: Express;
    let org: SmallOrg;
    let today: string;
    beforeEach(async () => {
      const s = await open(FLOODS);
      ({ store, app } = s);
      org = await seedSmall(store);
      today = localDate(new Date(), 'Asia/Jakarta');
      return s.close;
    });

    async function entryPost(agent: Agent, code: string, fields: Record<string, string>) {
      const page = await agent.get(`/manage/services/${code}/entry?lang=en`);
      const idem = load(page.text)('input[name=idem]').attr('value') ?? '';
      return agent
        .post(`/manage/services/${code}/entry?lang=en`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), idem, ...fields });
    }

    it('records an officer entry as channel assisted with its way, interview date and officer, counted on that date', async () => {
      const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
      const date = addDays(today, -3);
      const res = await entryPost(m.agent, 'ktp', { way: 'phone', date, PERSYARATAN: '3', WAKTU: '4', gender: 'P', age: '67' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toContain(`way=phone&date=${date}&saved=1`);
      const row = await store.get<Record<string, unknown>>('SELECT channel, way, local_date, entered_by, e_persyaratan, e_waktu, age_band FROM responses');
      expect(row).toMatchObject({ channel: 'assisted', way: 'phone', local_date: date, e_persyaratan: 3, e_waktu: 4, age_band: '65plus' });
      expect(Number(row?.entered_by)).toBe(m.userId);
      expect(await count(store, "SELECT n FROM totals_day WHERE day = ? AND channel = 'assisted'", [date])).toBe(1);
      // the next form: saved note, way and date kept, empty answers
      const next = load((await m.agent.get(res.headers.location as string)).text);
      expect(next('[data-saved]').text()).toContain('Saved');
      expect(next('#f-way option[selected]').attr('value')).toBe('phone');
      expect(next('#f-date').attr('value')).toBe(date);
      expect(next('#f-PERSYARATAN').attr('value')).toBe('');
      expect(next('#f-PERSYARATAN').is('[autofocus]')).toBe(true);
    });

    it('re-renders a bad entry with 422, every message and every value kept, storing nothing', async () => {
      const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
      const res = await entryPost(m.agent, 'ktp', { way: '', date: addDays(today, 1), PERSYARATAN: '7', WAKTU: '2', comment: 'antri lama' });
      expect(res.status).toBe(422);
      const $ = load(res.text);
      const links = $('.error-summary a')
        .map((_, a) => $(a).attr('href'))
        .get();
      expect(links).toEqual(['#f-way', '#f-date', '#f-PERSYARATAN']);
      expect($('#f-PERSYARATAN').attr('value')).toBe('7');
      expect($('#f-WAKTU').attr('value')).toBe('2');
      expect($('#f-comment').text()).toBe('antri lama');
      expect(await count(store, 'SELECT count(*) FROM responses')).toBe(0);
    });

    it('lets an enumerator enter for its subtree only, and shows it nothing else', async () => {
      const otherUnit = await createUnit(store, {
        agencyId: org.agencyId,
        parentId: org.rootId,
        code: 'dinkes',
        nameId: 'Dinas Kesehatan',
        nameEn: 'Health Office',
      });
      await createService(store, { unitId: otherUnit, code: 'puskesmas', nameId: 'Puskesmas', nameEn: 'Health centre' });
      const e = await signInAs(app, store, { role: 'enumerator', unitId: org.unitId });
      const home = await e.agent.get('/dashboard?lang=en');
      expect(home.status).toBe(303);
      expect(home.headers.location).toBe('/manage/entry?lang=en');
      const list = load((await e.agent.get('/manage/entry?lang=en')).text);
      expect(
        list('[data-service]')
          .map((_, li) => list(li).attr('data-service'))
          .get(),
      ).toEqual(['ktp', 'lama']);
      for (const url of [
        '/manage?lang=en',
        '/manage/users?lang=en',
        '/manage/quarantine?lang=en',
        '/dashboard/services/ktp?lang=en',
        '/manage/services/ktp/questions?lang=en',
      ]) {
        expect([url, (await e.agent.get(url)).status]).toEqual([url, 403]);
      }
      expect((await e.agent.get('/manage/services/puskesmas/entry?lang=en')).status).toBe(403);
      // the results API answers it as it answers the public: the unpublished service is not for it
      expect((await e.agent.get('/api/v1/services/ktp/results')).status).toBe(401);
      const res = await entryPost(e.agent, 'ktp', { way: 'paper', date: today, SARANA: '2' });
      expect(res.status).toBe(303);
      expect(await count(store, "SELECT count(*) FROM responses WHERE entered_by = ? AND way = 'paper'", [e.userId])).toBe(1);
    });

    it('offers the enumerator role on the user form, and a manager may give it', async () => {
      const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
      const $ = load((await m.agent.get('/manage/users/new?lang=en')).text);
      expect($('select[name=role] option[value=enumerator]').text()).toBe('Enumerator');
    });

    it('asks the end state only where switched on; a visit without service may rate nothing and stays out of the IKM', async () => {
      const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
      const settings = load((await m.agent.get('/manage/services/ktp?lang=en')).text);
      expect(settings('a[data-questions-link]').attr('href')).toBe('/manage/services/ktp/questions?lang=en');
      const survey = async () => load((await request(app).get('/s/ktp?lang=en')).text);
      expect((await survey())('[data-profile=endstate]').length).toBe(0);
      const page = await m.agent.get('/manage/services/ktp/questions?lang=en');
      expect(
        (
          await m.agent
            .post('/manage/services/ktp/questions?lang=en')
            .type('form')
            .send({ _csrf: csrfOf(page.text), ask_end_state: '1' })
        ).status,
      ).toBe(303);
      expect(await count(store, "SELECT count(*) FROM audit_log WHERE entity_kind = 'service' AND details LIKE '%ask_end_state%'")).toBe(1);
      const $ = await survey();
      expect(
        $('[data-profile=endstate] input[type=radio]')
          .map((_, i) => $(i).attr('value'))
          .get(),
      ).toEqual(['full', 'partial', 'not_served', 'gave_up', 'na']);
      const idem = () => `k${Math.random().toString(36).slice(2)}xxxxxxxxxxxxxxxx`;
      // served in full but nothing rated: still "answer at least one question"
      const bad = await request(app).post('/s/ktp?lang=en').type('form').send({ endstate: 'full', idem: idem() });
      expect(bad.status).toBe(422);
      expect(await count(store, 'SELECT count(*) FROM unrated_visits')).toBe(0);
      const visit = await request(app).post('/s/ktp?lang=en').type('form').send({ endstate: 'not_served', gender: 'L', comment: 'loket tutup', idem: idem() });
      expect(visit.status).toBe(303);
      const rated = await request(app).post('/s/ktp?lang=en').type('form').send({ endstate: 'partial', WAKTU: '1', idem: idem() });
      expect(rated.status).toBe(303);
      expect(await count(store, 'SELECT count(*) FROM responses')).toBe(1);
      expect(await store.get('SELECT end_state, gender, comment FROM unrated_visits')).toEqual({
        end_state: 'not_served',
        gender: 'L',
        comment: 'loket tutup',
      });
      const totals = await readTotalsByService(store, { serviceIds: [org.serviceId], from: today, to: today });
      expect(totals.get(org.serviceId)?.n).toBe(1);
      expect(await count(store, "SELECT n FROM totals_group_month WHERE dimension = 'endstate' AND grp = 'partial'")).toBe(1);
      await expectTotalsRecomputable(store);
    });

    it('marks a flood suspicious, counts it until an officer excludes it, and restores it: totals equal a recomputation each time', async () => {
      const post = (i: number) =>
        request(app)
          .post('/s/ktp?lang=en')
          .type('form')
          .send({ PERSYARATAN: String((i % 4) + 1), gender: i % 2 ? 'L' : 'P', idem: `flood-key-${i}-xxxxxxxxxxxx` });
      for (let i = 0; i < 3; i++) expect((await post(i)).status).toBe(303);
      expect(await count(store, "SELECT count(*) FROM responses WHERE suspicion = 'client_burst'")).toBe(1);
      const n = async () => (await readTotalsByService(store, { serviceIds: [org.serviceId], from: today, to: today })).get(org.serviceId)?.n ?? 0;
      expect(await n()).toBe(3);

      const m = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
      const list = await m.agent.get('/manage/quarantine?lang=en');
      const $ = load(list.text);
      expect($('[data-quarantine-open]').attr('data-quarantine-open')).toBe('1');
      const form = $('tr[data-suspicious] form').first();
      const fields = {
        _csrf: csrfOf(list.text),
        kind: form.find('input[name=kind]').attr('value') as string,
        id: form.find('input[name=id]').attr('value') as string,
      };
      const decide = (decision: string) =>
        m.agent
          .post('/manage/quarantine/decide?lang=en&state=open')
          .type('form')
          .send({ ...fields, decision });

      expect((await decide('exclude')).status).toBe(303);
      expect(await n()).toBe(2);
      expect(await count(store, 'SELECT count(*) FROM responses')).toBe(3); // nothing deleted
      await expectTotalsRecomputable(store);
      expect((await decide('restore')).status).toBe(303);
      expect(await n()).toBe(3);
      await expectTotalsRecomputable(store);
      expect(await count(store, "SELECT count(*) FROM audit_log WHERE entity_kind = 'response' AND action IN ('exclude', 'restore')")).toBe(2);

      // another unit's manager cannot see or decide it; a viewer cannot open the list
      const elsewhere = await createUnit(store, { agencyId: org.agencyId, parentId: org.rootId, code: 'lain', nameId: 'Lain', nameEn: 'Other' });
      const other = await signInAs(app, store, { role: 'manager', unitId: elsewhere });
      const otherList = await other.agent.get('/manage/quarantine?lang=en');
      expect(load(otherList.text)('tr[data-suspicious]').length).toBe(0);
      const refused = await other.agent
        .post('/manage/quarantine/decide?lang=en')
        .type('form')
        .send({ ...fields, _csrf: csrfOf(otherList.text), decision: 'exclude' });
      expect(refused.status).toBe(404);
      const viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
      expect((await viewer.agent.get('/manage/quarantine?lang=en')).status).toBe(403);
    });

    it('imports a clean file whole on confirmation, once, with its interview dates', async () => {
      const account = await createOfficer(store, { role: 'enumerator', unitId: org.unitId });
      const { agent } = await signIn(app, account.email, account.password);
      const page = await agent.get('/manage/services/ktp/import?lang=id');
      const d1 = addDays(today, -10);
      const d2 = addDays(today, -40);
      const csv = `tanggal;PERSYARATAN;WAKTU;jenis_kelamin;umur;akhir_kunjungan\n${d1};3;4;P;30;\n${d2};2;;L;na;partial\n${d2};;;;;not_served\n`;
      const upload = () =>
        agent
          .post('/manage/services/ktp/import?lang=id')
          .field('_csrf', csrfOf(page.text))
          .attach('file', Buffer.from(csv), { filename: 'kertas.csv', contentType: 'text/csv' });
      const checked = await upload();
      expect(checked.status).toBe(200);
      const confirm = load(checked.text)('form[data-import-confirm]').attr('action') as string;
      expect(confirm).toMatch(/^\/manage\/services\/ktp\/import\/[\w-]{22}\/confirm\?lang=id$/);
      expect(await count(store, 'SELECT count(*) FROM responses')).toBe(0);
      const stored = await agent
        .post(confirm)
        .type('form')
        .send({ _csrf: csrfOf(checked.text) });
      expect(stored.status).toBe(303);
      expect(stored.headers.location).toContain('stored=3');
      const rows = await store.all<{ local_date: string; channel: string; way: string }>('SELECT local_date, channel, way FROM responses ORDER BY id');
      expect(rows).toEqual([
        { local_date: d1, channel: 'assisted', way: 'paper' },
        { local_date: d2, channel: 'assisted', way: 'paper' },
      ]);
      expect(await count(store, 'SELECT count(*) FROM unrated_visits')).toBe(1);
      expect(await count(store, "SELECT SUM(n) FROM totals_day WHERE day = ? AND channel = 'assisted'", [d2])).toBe(1);
      // the same confirmation again stores nothing; the same file again is recognised row by row
      expect(
        (
          await agent
            .post(confirm)
            .type('form')
            .send({ _csrf: csrfOf(checked.text) })
        ).status,
      ).toBe(410);
      const again = await upload();
      const second = await agent
        .post(load(again.text)('form[data-import-confirm]').attr('action') as string)
        .type('form')
        .send({ _csrf: csrfOf(again.text) });
      expect(second.headers.location).toContain('stored=0&repeated=3');
      expect(await count(store, 'SELECT count(*) FROM responses')).toBe(2);
      await expectTotalsRecomputable(store);
    });
  });
}
