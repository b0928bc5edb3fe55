import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { load, type CheerioAPI } from 'cheerio';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { createService, getServiceByCode } from '../server/data/services.js';
import { createUnit, getUnitByCode } from '../server/data/units.js';
import { userByEmail } from '../server/data/users.js';
import { addResponses, times } from './helpers/responses.js';
import { seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { postFormFields, signIn, signInAs, type SignedIn } from './helpers/officer.js';

// Management (units, services, targets, profiles, populations, users, API tokens, audit log)
// through the real app, a real migrated database and the real sign-in form.
//
// The org: pemkab (root) -> dukcapil (ktp, lama inactive) -> capil-kec (akta)
//                        -> dinkes (imunisasi)

type Fields = Record<string, string>;

interface Org extends SmallOrg {
  subUnitId: number;
  aktaId: number;
  dinkesId: number;
  imunisasiId: number;
}

async function seed(store: SqliteDatabase): Promise<Org> {
  const org = await seedSmall(store);
  const subUnitId = await createUnit(store, {
    agencyId: org.agencyId,
    parentId: org.unitId,
    code: 'capil-kec',
    nameId: 'Capil Kecamatan',
    nameEn: 'District Registry',
  });
  const aktaId = await createService(store, { unitId: subUnitId, code: 'akta', nameId: 'Akta Kelahiran', nameEn: 'Birth certificate' });
  const dinkesId = await createUnit(store, {
    agencyId: org.agencyId,
    parentId: org.rootId,
    code: 'dinkes',
    nameId: 'Dinas Kesehatan',
    nameEn: 'Health Office',
  });
  const imunisasiId = await createService(store, { unitId: dinkesId, code: 'imunisasi', nameId: 'Imunisasi', nameEn: 'Immunisation' });
  return { ...org, subUnitId, aktaId, dinkesId, imunisasiId };
}

const serviceRow = (db: Db, code: string) => db.prepare('SELECT * FROM services WHERE code = ?').get(code);
const unitRow = (db: Db, code: string) => db.prepare('SELECT * FROM units WHERE code = ?').get(code);
const auditCount = (db: Db): number => db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
const lastAudit = (db: Db) =>
  db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
    user_id: number;
    user_email: string;
    action: string;
    entity_kind: string;
    entity_code: string;
    details: string;
    at: string;
  };

/** The fields of a service's edit form as the page shows them (what a browser would post back). */
async function formOf(s: SignedIn, url: string): Promise<Fields> {
  const res = await s.agent.get(url);
  expect(res.status).toBe(200);
  return postFormFields(res.text);
}

async function post(s: SignedIn, url: string, fields: Fields): Promise<{ status: number; location: string | undefined; $: CheerioAPI; text: string }> {
  const token = await s.csrf();
  const res = await s.agent
    .post(url)
    .type('form')
    .send({ _csrf: token, ...fields });
  return { status: res.status, location: res.headers.location, $: load(res.text), text: res.text };
}

describe('management', () => {
  let db: Db;
  let store: SqliteDatabase;
  let app: Express;
  let org: Org;
  let admin: SignedIn;
  let manager: SignedIn;

  beforeEach(async () => {
    db = testDb();
    store = SqliteDatabase.of(db);
    org = await seed(store);
    app = testApp(db);
    admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId, email: 'admin@uji.go.id' });
    manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId, email: 'manajer@uji.go.id' });
  });

  describe('access', () => {
    const pages = [
      '/manage',
      '/manage/units/new',
      '/manage/units/dukcapil',
      '/manage/services/ktp',
      '/manage/services/ktp/profile',
      '/manage/units/dukcapil/populations',
      '/manage/users',
      '/manage/users/new',
      '/manage/tokens',
      '/manage/audit',
    ];

    it('sends anonymous visitors to the sign-in page', async () => {
      for (const url of pages) {
        const res = await request(app).get(url);
        expect(res.status, url).toBe(303);
        expect(res.headers.location, url).toMatch(/^\/login\?next=/);
      }
    });

    it('refuses viewers everywhere under /manage, reads and posts alike', async () => {
      const viewer = await signInAs(app, store, { role: 'viewer', unitId: org.unitId });
      for (const url of pages) expect((await viewer.agent.get(url)).status, url).toBe(403);
      const before = serviceRow(db, 'ktp');
      const res = await post(viewer, '/manage/services/ktp', { code: 'ktp', name_id: 'Diubah', name_en: 'Changed', unit: 'dukcapil', active: '1' });
      expect(res.status).toBe(403);
      expect(serviceRow(db, 'ktp')).toEqual(before);
      expect(auditCount(db)).toBe(0);
    });

    it('lets an admin open every page and see the whole agency', async () => {
      for (const url of pages) expect((await admin.agent.get(url)).status, url).toBe(200);
      const $ = load((await admin.agent.get('/manage')).text);
      expect(
        $('[data-unit]')
          .map((_, el) => $(el).attr('data-unit'))
          .get(),
      ).toEqual(['pemkab', 'dukcapil', 'capil-kec', 'dinkes']);
      expect(
        $('[data-service]')
          .map((_, el) => $(el).attr('data-service'))
          .get()
          .sort(),
      ).toEqual(['akta', 'imunisasi', 'ktp', 'lama']);
    });

    it('shows a manager only their own subtree', async () => {
      const $ = load((await manager.agent.get('/manage')).text);
      expect(
        $('[data-unit]')
          .map((_, el) => $(el).attr('data-unit'))
          .get(),
      ).toEqual(['dukcapil', 'capil-kec']);
      expect(
        $('[data-service]')
          .map((_, el) => $(el).attr('data-service'))
          .get()
          .sort(),
      ).toEqual(['akta', 'ktp', 'lama']);
      const form = load((await manager.agent.get('/manage/services/ktp')).text);
      expect(
        form('#f-unit option')
          .map((_, el) => form(el).attr('value'))
          .get(),
      ).toEqual(['dukcapil', 'capil-kec']);
    });

    it('refuses a manager every page and form outside their subtree (403), and unknown codes are 404', async () => {
      for (const url of [
        '/manage/services/imunisasi',
        '/manage/services/imunisasi/profile',
        '/manage/services/imunisasi/populations',
        '/manage/units/dinkes',
        '/manage/units/pemkab',
        '/manage/units/dinkes/profile',
        '/manage/audit',
      ]) {
        expect((await manager.agent.get(url)).status, url).toBe(403);
      }
      expect((await manager.agent.get('/manage/services/tidak-ada')).status).toBe(404);
      expect((await manager.agent.get('/manage/units/tidak-ada')).status).toBe(404);
      expect((await manager.agent.get(`/manage/users/${admin.userId}`)).status).toBe(403);

      const before = { imunisasi: serviceRow(db, 'imunisasi'), ktp: serviceRow(db, 'ktp'), dukcapil: unitRow(db, 'dukcapil') };
      const attempts: Array<[string, Fields]> = [
        ['/manage/services/imunisasi', { code: 'imunisasi', name_id: 'X', name_en: 'X', unit: 'dinkes', active: '1' }],
        // moving a service of their own out of their subtree
        ['/manage/services/ktp', { code: 'ktp', name_id: 'Perekaman KTP-el', name_en: 'Electronic ID card', unit: 'dinkes', active: '1' }],
        // moving their own unit (its parent is not theirs to change)
        ['/manage/units/dukcapil', { code: 'dukcapil', name_id: 'Dinas Dukcapil', name_en: 'Population Registry', parent: 'dinkes', active: '1' }],
        ['/manage/units/new', { code: 'baru', name_id: 'Baru', name_en: 'New', parent: 'dinkes', active: '1' }],
        ['/manage/services/new', { code: 'baru', name_id: 'Baru', name_en: 'New', unit: 'pemkab', active: '1' }],
        ['/manage/units/dinkes/populations', { period: '2026', population: '100' }],
        ['/manage/tokens', { name: 'x', unit: 'dinkes' }],
      ];
      for (const [url, fields] of attempts) expect((await post(manager, url, fields)).status, url).toBe(403);
      expect({ imunisasi: serviceRow(db, 'imunisasi'), ktp: serviceRow(db, 'ktp'), dukcapil: unitRow(db, 'dukcapil') }).toEqual(before);
      expect(await getUnitByCode(store, 'baru')).toBeUndefined();
      expect(await getServiceByCode(store, 'baru')).toBeUndefined();
      expect(auditCount(db)).toBe(0);
    });

    it('lets a manager change their own unit but not its parent', async () => {
      const fields = await formOf(manager, '/manage/units/dukcapil');
      expect(fields.parent).toBeUndefined(); // shown, not editable
      const res = await post(manager, '/manage/units/dukcapil', { ...fields, name_en: 'Civil Registry', target: '80' });
      expect(res.status).toBe(303);
      expect(await getUnitByCode(store, 'dukcapil')).toMatchObject({ name_en: 'Civil Registry', target_ikm: 80, parent_id: org.rootId });
    });

    it('enforces CSRF on every post: no token or a wrong one is 403 and changes nothing', async () => {
      const before = serviceRow(db, 'ktp');
      const fields = { code: 'ktp', name_id: 'Diubah', name_en: 'Changed', unit: 'dukcapil', active: '1' };
      expect((await admin.agent.post('/manage/services/ktp').type('form').send(fields)).status).toBe(403);
      expect(
        (
          await admin.agent
            .post('/manage/services/ktp')
            .type('form')
            .send({ ...fields, _csrf: 'x'.repeat(43) })
        ).status,
      ).toBe(403);
      expect(
        (
          await manager.agent
            .post('/manage/services/ktp')
            .type('form')
            .send({ ...fields, _csrf: await admin.csrf() })
        ).status,
      ).toBe(403);
      expect((await admin.agent.post('/manage/tokens').type('form').send({ name: 'x', unit: 'pemkab' })).status).toBe(403);
      expect(serviceRow(db, 'ktp')).toEqual(before);
      expect(db.prepare('SELECT COUNT(*) FROM api_tokens').pluck().get()).toBe(0);
      expect(auditCount(db)).toBe(0);
    });
  });

  describe('units and services', () => {
    it('creates a unit and a service, and the new survey is open at once', async () => {
      const unit = await post(admin, '/manage/units/new?lang=en', {
        code: 'kecamatan-a',
        name_id: 'Kecamatan A',
        name_en: 'District A',
        parent: 'dukcapil',
        active: '1',
        target: '82,5',
      });
      expect(unit.status).toBe(303);
      expect(unit.location).toBe('/manage/units/kecamatan-a?lang=en&saved=1');
      expect(await getUnitByCode(store, 'kecamatan-a')).toMatchObject({
        parent_id: org.unitId,
        name_en: 'District A',
        target_ikm: 82.5,
        active: 1,
        published: 0,
      });
      const page = load((await admin.agent.get(unit.location as string)).text);
      expect(page('html').attr('lang')).toBe('en');
      expect(page('.flash').text()).toContain('saved');

      expect((await request(app).get('/s/paspor')).status).toBe(404);
      const svc = await post(admin, '/manage/services/new', {
        code: 'paspor',
        name_id: 'Paspor',
        name_en: 'Passport',
        unit: 'kecamatan-a',
        active: '1',
        published: '1',
        embed_origins: 'https://portal.uji.go.id https://Kios.Uji.go.id/',
      });
      expect(svc.status).toBe(303);
      expect(await getServiceByCode(store, 'paspor')).toMatchObject({
        unit_id: (await getUnitByCode(store, 'kecamatan-a'))?.id,
        published: 1,
        active: 1,
        embed_origins: 'https://portal.uji.go.id https://kios.uji.go.id',
      });
      const survey = await request(app).get('/s/paspor');
      expect(survey.status).toBe(200);
      expect(load(survey.text)('h1').text()).toContain('Paspor');
    });

    it('renames a service and its survey shows the new name right away (the page cache is cleared)', async () => {
      expect(load((await request(app).get('/s/ktp')).text)('h1').text()).toContain('Perekaman KTP-el'); // cached now
      const fields = await formOf(admin, '/manage/services/ktp');
      expect(fields).toMatchObject({ code: 'ktp', name_id: 'Perekaman KTP-el', unit: 'dukcapil', active: '1', embed_origins: 'https://portal.uji.go.id' });
      const res = await post(admin, '/manage/services/ktp', { ...fields, name_id: 'Perekaman KTP Elektronik' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/manage/services/ktp?lang=id&saved=1');
      expect(load((await request(app).get('/s/ktp')).text)('h1').text()).toContain('Perekaman KTP Elektronik');
    });

    it('deactivates a service: its survey answers 404 right after', async () => {
      expect((await request(app).get('/s/ktp')).status).toBe(200); // cached now
      const { active: _active, ...fields } = await formOf(manager, '/manage/services/ktp');
      expect((await post(manager, '/manage/services/ktp', fields)).status).toBe(303);
      expect((await getServiceByCode(store, 'ktp'))?.active).toBe(0);
      expect((await request(app).get('/s/ktp')).status).toBe(404);
    });

    it('changes a service code: the old survey address is gone, the new one works', async () => {
      expect((await request(app).get('/s/ktp')).status).toBe(200);
      const fields = await formOf(admin, '/manage/services/ktp');
      const res = await post(admin, '/manage/services/ktp', { ...fields, code: 'ktp-el' });
      expect(res.location).toBe('/manage/services/ktp-el?lang=id&saved=1');
      expect((await request(app).get('/s/ktp')).status).toBe(404);
      expect((await request(app).get('/s/ktp-el')).status).toBe(200);
    });

    it('moves services and units within the subtree', async () => {
      const svc = await formOf(manager, '/manage/services/ktp');
      expect((await post(manager, '/manage/services/ktp', { ...svc, unit: 'capil-kec' })).status).toBe(303);
      expect((await getServiceByCode(store, 'ktp'))?.unit_id).toBe(org.subUnitId);

      const unit = await formOf(admin, '/manage/units/capil-kec');
      expect((await post(admin, '/manage/units/capil-kec', { ...unit, parent: 'dinkes' })).status).toBe(303);
      expect((await getUnitByCode(store, 'capil-kec'))?.parent_id).toBe(org.dinkesId);
      // now outside the manager's subtree, with the service moved along
      expect((await manager.agent.get('/manage/services/ktp')).status).toBe(403);
    });

    it('deactivates a unit only once nothing active is below it', async () => {
      const { active: _a, ...unit } = await formOf(admin, '/manage/units/capil-kec');
      const refused = await post(admin, '/manage/units/capil-kec', unit);
      expect(refused.status).toBe(422);
      expect(refused.$('#e-active').text()).toContain('masih memiliki layanan atau unit aktif');
      expect((await getUnitByCode(store, 'capil-kec'))?.active).toBe(1);

      const { active: _b, ...akta } = await formOf(admin, '/manage/services/akta');
      expect((await post(admin, '/manage/services/akta', akta)).status).toBe(303);
      expect((await post(admin, '/manage/units/capil-kec', unit)).status).toBe(303);
      expect((await getUnitByCode(store, 'capil-kec'))?.active).toBe(0);
      // and nothing active goes below an inactive unit
      const again = await post(admin, '/manage/services/akta', { ...akta, active: '1' });
      expect(again.status).toBe(422);
      expect((await getServiceByCode(store, 'akta'))?.active).toBe(0);
    });
  });

  describe('validation', () => {
    async function refused(s: SignedIn, url: string, fields: Fields, field: string, message: RegExp) {
      const res = await post(s, url, fields);
      expect(res.status, url).toBe(422);
      const $ = res.$;
      expect(
        $('.error-summary a')
          .map((_, a) => $(a).attr('href'))
          .get(),
      ).toContain(`#f-${field}`);
      expect($(`#e-${field}`).text()).toMatch(message);
      expect($(`#f-${field}`).attr('aria-invalid')).toBe('true');
      expect($('title').text()).toMatch(/^Kesalahan|^Error/);
      return $;
    }

    it('refuses a duplicate or malformed service code, keeping every value', async () => {
      const typed = {
        code: 'ktp',
        name_id: 'Layanan Baru',
        name_en: 'New service',
        unit: 'capil-kec',
        target: '90',
        published: '1',
        embed_origins: 'https://a.uji.go.id',
      };
      const $ = await refused(admin, '/manage/services/new?lang=en', typed, 'code', /already in use/);
      expect($('#f-name_id').attr('value')).toBe('Layanan Baru');
      expect($('#f-target').attr('value')).toBe('90');
      expect($('#f-embed_origins').attr('value')).toBe('https://a.uji.go.id');
      expect($('#f-unit option[selected]').attr('value')).toBe('capil-kec');
      expect($('#f-published').is('[checked]')).toBe(true);
      expect($('#f-active').is('[checked]')).toBe(false);
      await refused(admin, '/manage/services/new?lang=en', { ...typed, code: 'KTP Baru' }, 'code', /lowercase letters/);
      await refused(admin, '/manage/services/new?lang=en', { ...typed, code: 'new' }, 'code', /reserved/);
      expect(db.prepare('SELECT COUNT(*) FROM services').pluck().get()).toBe(4);
      expect(auditCount(db)).toBe(0);
    });

    it('refuses a target out of range and a bad embed origin, changing nothing', async () => {
      const before = serviceRow(db, 'ktp');
      const fields = await formOf(admin, '/manage/services/ktp');
      await refused(admin, '/manage/services/ktp', { ...fields, target: '120', name_id: 'Nama Baru' }, 'target', /25 sampai 100/);
      await refused(admin, '/manage/services/ktp', { ...fields, target: '24,9' }, 'target', /25 sampai 100/);
      for (const bad of ['http://portal.uji.go.id', 'https://portal.uji.go.id/embed', 'https://*.uji.go.id', 'portal.uji.go.id']) {
        const $ = await refused(
          admin,
          '/manage/services/ktp?lang=en',
          { ...fields, embed_origins: `https://ok.uji.go.id ${bad}` },
          'embed_origins',
          /not a website address/,
        );
        expect($('#e-embed_origins').text()).toContain(bad);
        expect($('#f-embed_origins').attr('value')).toBe(`https://ok.uji.go.id ${bad}`);
      }
      const unit = await formOf(admin, '/manage/units/dinkes');
      await refused(admin, '/manage/units/dinkes', { ...unit, target: 'delapan puluh' }, 'target', /25 sampai 100/);
      expect(serviceRow(db, 'ktp')).toEqual(before);
      expect(auditCount(db)).toBe(0);
    });

    it('refuses moving a unit into its own subtree', async () => {
      const before = unitRow(db, 'dukcapil');
      const fields = await formOf(admin, '/manage/units/dukcapil');
      expect((await admin.agent.get('/manage/units/dukcapil')).text).not.toContain('value="capil-kec"'); // not offered
      await refused(admin, '/manage/units/dukcapil?lang=en', { ...fields, parent: 'capil-kec' }, 'parent', /below itself/);
      await refused(admin, '/manage/units/dukcapil?lang=en', { ...fields, parent: 'dukcapil' }, 'parent', /below itself/);
      expect(unitRow(db, 'dukcapil')).toEqual(before);
      expect(auditCount(db)).toBe(0);
    });

    it('refuses target-profile shares that do not add up to 100', async () => {
      const res = await post(admin, '/manage/services/ktp/profile?lang=en', { p_gender_L: '40', p_gender_P: '50', p_age_lt25: '100' });
      expect(res.status).toBe(422);
      const $ = res.$;
      expect(
        $('.error-summary a')
          .map((_, a) => $(a).attr('href'))
          .get(),
      ).toEqual(['#f-p_gender_L']);
      expect($('#e-gender').text()).toMatch(/add up to 90%; they must add up to 100%/);
      expect($('fieldset[data-dimension=gender]').hasClass('invalid')).toBe(true);
      expect($('#f-p_gender_L').attr('aria-invalid')).toBe('true');
      expect($('#f-p_gender_L').attr('aria-describedby')).toBe('e-gender');
      expect($('#f-p_gender_P').attr('value')).toBe('50');
      expect($('#f-p_age_lt25').attr('value')).toBe('100');
      await refused(admin, '/manage/services/ktp/profile', { p_gender_L: '40', p_gender_P: 'banyak' }, 'p_gender_P', /0 sampai 100/);
      expect(db.prepare('SELECT COUNT(*) FROM target_profiles').pluck().get()).toBe(0);
      expect(auditCount(db)).toBe(0);
    });

    it('refuses a bad period or population', async () => {
      await refused(admin, '/manage/services/ktp/populations', { period: '2026-Q5', population: '10' }, 'period', /Pilih periode dari daftar/);
      await refused(admin, '/manage/services/ktp/populations', { period: '2026-Q3', population: '-3' }, 'population', /bilangan bulat/);
      expect(db.prepare('SELECT COUNT(*) FROM populations').pluck().get()).toBe(0);
    });
  });

  describe('targets, profiles and populations reach the results', () => {
    it('shows the target set in management in the API (target, attainment)', async () => {
      await addResponses(store, org.serviceId, times(10, { date: '2026-08-10', answers: 3 })); // IKM 75
      const fields = await formOf(manager, '/manage/services/ktp');
      expect((await post(manager, '/manage/services/ktp', { ...fields, target: '80' })).status).toBe(303);
      const b = (await manager.agent.get('/api/v1/services/ktp/results?from=2026-07-01&to=2026-09-30')).body;
      expect(b.ikm).toBeCloseTo(75, 10);
      expect(b.target).toBe(80);
      expect(b.attainment).toBeCloseTo(-5, 10);

      // and in the dashboards: the service page and the manager's overview
      const page = load((await manager.agent.get('/dashboard/services/ktp?period=2026-Q3&lang=en')).text);
      // the headline's target line (the dashboards' cards before it): the target and how far the IKM is from it
      const target = page('[data-figure=target]').text() || page('.cards').text();
      expect(target).toContain('80.00');
      expect(target).toMatch(/not met.*\([−-]5\.00\)/);
      const overview = load((await manager.agent.get('/dashboard?period=2026-Q3&lang=en')).text);
      // the attainment: its own column before issue 9, a note in the target column since
      expect(overview('#services-table tr[data-service=ktp]').find('[data-col=attainment], [data-col=target]').text()).toMatch(/[−-]5\.00/);

      // cleared: inherited from the unit
      const unit = await formOf(manager, '/manage/units/dukcapil');
      await post(manager, '/manage/units/dukcapil', { ...unit, target: '70' });
      await post(manager, '/manage/services/ktp', { ...fields, target: '' });
      const c = (await manager.agent.get('/api/v1/services/ktp/results?from=2026-07-01&to=2026-09-30')).body;
      expect([c.target, c.attainment]).toEqual([70, 5]);
    });

    it('shows a population in the results sample, replaces and deletes it', async () => {
      await addResponses(store, org.serviceId, times(3, { date: '2026-08-10', answers: 4 }));
      const res = await post(manager, '/manage/services/ktp/populations', { period: '2026-Q3', population: '1.000' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/manage/services/ktp/populations?lang=id&saved=1');
      const url = '/api/v1/services/ktp/results?from=2026-07-01&to=2026-09-30';
      expect((await manager.agent.get(url)).body.sample).toEqual({ population: 1000, required: 278, adequate: false });

      const $ = load((await manager.agent.get('/manage/services/ktp/populations')).text);
      expect($('tr[data-period="2026-Q3"] [data-col=population]').text()).toBe('1.000');

      await post(manager, '/manage/services/ktp/populations', { period: '2026-Q3', population: '10' });
      expect((await manager.agent.get(url)).body.sample.population).toBe(10);
      await post(manager, '/manage/services/ktp/populations/delete', { from: '2026-07-01', to: '2026-09-30' });
      expect((await manager.agent.get(url)).body.sample.population).toBeNull();
      expect(db.prepare("SELECT action FROM audit_log WHERE entity_kind = 'service' ORDER BY id").pluck().all()).toEqual([
        'population_set',
        'population_set',
        'population_delete',
      ]);
    });

    it('stores a target profile and clears it with empty boxes', async () => {
      const res = await post(admin, '/manage/units/dukcapil/profile', {
        p_gender_L: '48,5',
        p_gender_P: '51.5',
        p_disability_yes: '10',
        p_disability_no: '90',
      });
      expect(res.status).toBe(303);
      const rows = () => db.prepare('SELECT dimension, grp, share FROM target_profiles WHERE unit_id = ? ORDER BY dimension, grp').all(org.unitId);
      expect(rows()).toEqual([
        { dimension: 'disability', grp: 'no', share: 0.9 },
        { dimension: 'disability', grp: 'yes', share: 0.1 },
        { dimension: 'gender', grp: 'L', share: 0.485 },
        { dimension: 'gender', grp: 'P', share: 0.515 },
      ]);
      const $ = load((await admin.agent.get('/manage/units/dukcapil/profile')).text);
      expect($('#f-p_gender_L').attr('value')).toBe('48.5');
      expect($('#f-p_age_lt25').attr('value')).toBe('');
      expect((await post(admin, '/manage/units/dukcapil/profile', { p_disability_yes: '10', p_disability_no: '90' })).status).toBe(303);
      expect(rows()).toHaveLength(2);
      const audit = lastAudit(db);
      expect(audit).toMatchObject({ action: 'profile', entity_kind: 'unit', entity_code: 'dukcapil' });
      expect(JSON.parse(audit.details)).toEqual({ before: { gender: { L: 0.485, P: 0.515 } }, after: { gender: null } });
    });
  });

  describe('API tokens', () => {
    it('shows a new token once, stores only its hash, works for unpublished scopes in its subtree, and stops after revoke', async () => {
      const res = await post(manager, '/manage/tokens', { name: 'Dasbor daerah', unit: 'dukcapil' });
      expect(res.status).toBe(201);
      const token = res.$('#f-token').attr('value') as string;
      expect(token).toMatch(/^mutu_[A-Za-z0-9_-]{43}$/);
      expect(res.$('main').text()).toContain('Dasbor daerah');

      const row = db.prepare('SELECT * FROM api_tokens').get() as Record<string, unknown>;
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(token);
      expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain(token);

      const list = await manager.agent.get('/manage/tokens');
      expect(list.text).not.toContain(token);
      expect(load(list.text)('#tokens tbody tr').text()).toContain('Dasbor daerah');

      const bearer = { Authorization: `Bearer ${token}` };
      expect((await getServiceByCode(store, 'ktp'))?.published).toBe(0);
      expect((await request(app).get('/api/v1/services/ktp/results')).status).toBe(401);
      expect((await request(app).get('/api/v1/services/ktp/results').set(bearer)).status).toBe(200);
      expect((await request(app).get('/api/v1/services/akta/results').set(bearer)).status).toBe(200);
      expect((await request(app).get('/api/v1/services/imunisasi/results').set(bearer)).status).toBe(403);

      const revokeAction = load(list.text)('#tokens form').attr('action') as string;
      const revoked = await post(manager, revokeAction, {});
      expect(revoked.status).toBe(303);
      expect(revoked.location).toBe('/manage/tokens?lang=id&saved=1');
      expect((await request(app).get('/api/v1/services/ktp/results').set(bearer)).status).toBe(401); // a token, but no longer a valid one
      expect(db.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all()).toEqual(['create', 'revoke']);
    });

    it('refuses revoking a token outside the subtree, and an unnamed token', async () => {
      const other = await post(admin, '/manage/tokens', { name: 'Dinkes', unit: 'dinkes' });
      expect(other.status).toBe(201);
      const id = db.prepare('SELECT id FROM api_tokens').pluck().get() as number;
      expect((await post(manager, `/manage/tokens/${id}/revoke`, {})).status).toBe(403);
      expect((await post(manager, '/manage/tokens/999/revoke', {})).status).toBe(404);
      expect(db.prepare('SELECT revoked_at FROM api_tokens').pluck().get()).toBeNull();
      const $ = load((await manager.agent.get('/manage/tokens')).text);
      expect($('#tokens').text()).not.toContain('Dinkes');
      const bad = await post(manager, '/manage/tokens', { name: '  ', unit: 'dukcapil' });
      expect(bad.status).toBe(422);
      expect(bad.$('#e-name').text()).toContain('Isi nama token');
      expect(db.prepare('SELECT COUNT(*) FROM api_tokens').pluck().get()).toBe(1);
    });
  });

  describe('users', () => {
    it('lets a manager create a viewer below them, who can then sign in (password hashed)', async () => {
      const res = await post(manager, '/manage/users/new', {
        email: 'Staf@Uji.go.id',
        name: 'Staf Kecamatan',
        role: 'viewer',
        unit: 'capil-kec',
        password: 'kata sandi panjang',
      });
      expect(res.status).toBe(303);
      const user = await userByEmail(store, 'staf@uji.go.id');
      expect(user).toMatchObject({ role: 'viewer', unit_id: org.subUnitId, active: 1 });
      expect(user?.password_hash).toMatch(/^\$argon2id\$/);
      expect(res.location).toBe(`/manage/users/${user?.id}?lang=id&saved=1`);
      await signIn(app, 'staf@uji.go.id', 'kata sandi panjang');
      const list = load((await manager.agent.get('/manage/users')).text);
      expect(
        list('[data-user]')
          .map((_, el) => list(el).attr('data-user'))
          .get(),
      ).toEqual(['manajer@uji.go.id', 'staf@uji.go.id']);
    });

    it('never lets a manager give a role above theirs, reach outside their subtree, or change themselves', async () => {
      const base = { email: 'x@uji.go.id', name: 'X', role: 'manager', unit: 'dukcapil', password: 'kata sandi panjang' };
      expect((await post(manager, '/manage/users/new', base)).status).toBe(403); // a manager manages only roles below theirs
      expect((await post(manager, '/manage/users/new', { ...base, role: 'admin' })).status).toBe(403);
      expect((await post(manager, '/manage/users/new', { ...base, unit: 'dinkes' })).status).toBe(403);
      expect((await post(manager, '/manage/users/new', { ...base, unit: 'pemkab' })).status).toBe(403);
      expect(await userByEmail(store, 'x@uji.go.id')).toBeUndefined();
      const self = { name: 'Saya', role: 'admin', unit: 'dukcapil', active: '1', password: '' };
      expect((await post(manager, `/manage/users/${manager.userId}`, self)).status).toBe(403);
      expect((await post(manager, `/manage/users/${manager.userId}`, { ...self, role: 'manager', unit: 'capil-kec' })).status).toBe(403);
      expect((await post(manager, `/manage/users/${admin.userId}`, { ...self, role: 'viewer' })).status).toBe(403);
      expect(await userByEmail(store, 'manajer@uji.go.id')).toMatchObject({ role: 'manager', unit_id: org.unitId });
      const form = load((await manager.agent.get('/manage/users/new')).text);
      expect(
        form('#f-role option')
          .map((_, el) => form(el).attr('value'))
          .get(),
      ).toEqual(['enumerator', 'viewer']); // the roles below a manager's (issue 10 added enumerator)
      expect(auditCount(db)).toBe(0);
    });

    it('validates accounts: short password, duplicate email, admin off the root unit', async () => {
      const base = { email: 'baru@uji.go.id', name: 'Baru', role: 'viewer', unit: 'dukcapil', password: 'pendek' };
      let res = await post(admin, '/manage/users/new', base);
      expect(res.status).toBe(422);
      expect(res.$('#f-password').attr('aria-invalid')).toBe('true');
      expect(res.$('#e-password').text()).toMatch(/12/);
      expect(res.$('#f-password').attr('value')).toBe('');
      expect(res.$('#f-email').attr('value')).toBe('baru@uji.go.id');
      res = await post(admin, '/manage/users/new', { ...base, email: 'MANAJER@uji.go.id', password: 'kata sandi panjang' });
      expect(res.status).toBe(422);
      expect(res.$('#e-email').text()).toContain('Sudah ada pengguna');
      res = await post(admin, '/manage/users/new?lang=en', { ...base, role: 'admin', password: 'kata sandi panjang' });
      expect(res.status).toBe(422);
      expect(res.$('#e-unit').text()).toContain('top unit');
      expect(await userByEmail(store, 'baru@uji.go.id')).toBeUndefined();
    });

    it('lets an admin change a role and unit, reset a password and deactivate an account (its session ends)', async () => {
      const url = `/manage/users/${manager.userId}`;
      const fields = await formOf(admin, url);
      expect(fields).toMatchObject({ name: 'Petugas manager', role: 'manager', unit: 'dukcapil', active: '1', password: '' });
      expect((await post(admin, url, { ...fields, role: 'viewer', unit: 'capil-kec' })).status).toBe(303);
      expect(await userByEmail(store, 'manajer@uji.go.id')).toMatchObject({ role: 'viewer', unit_id: org.subUnitId });
      expect((await manager.agent.get('/manage')).status).toBe(403); // the session follows the new role at once

      expect((await post(admin, url, { ...fields, role: 'viewer', unit: 'capil-kec', password: 'sandi baru yang panjang' })).status).toBe(303);
      await signIn(app, 'manajer@uji.go.id', 'sandi baru yang panjang');
      const off: Fields = { ...fields, role: 'viewer', unit: 'capil-kec' };
      delete off.active;
      expect((await post(admin, url, off)).status).toBe(303);
      await expect(signIn(app, 'manajer@uji.go.id', 'sandi baru yang panjang')).rejects.toThrow(/401/);
      const details = db.prepare("SELECT details FROM audit_log WHERE entity_kind = 'user' ORDER BY id").pluck().all() as string[];
      expect(details.map((d) => JSON.parse(d))).toEqual([
        { before: { role: 'manager', unit: 'dukcapil' }, after: { role: 'viewer', unit: 'capil-kec' } },
        { by: { id: admin.userId, email: 'admin@uji.go.id' }, target: { id: manager.userId, email: 'manajer@uji.go.id' }, must_change: true },
        { before: { active: true }, after: { active: false } },
      ]);
      expect(details.join()).not.toContain('sandi');
    });

    it('shows an officer their own account read-only', async () => {
      const $ = load((await admin.agent.get(`/manage/users/${admin.userId}`)).text);
      expect($('main form[method=post]')).toHaveLength(0);
      expect($('main .notice').text()).toContain('akun Anda sendiri');
    });
  });

  describe('audit log', () => {
    it('records who changed what and when, in the same transaction as the change', async () => {
      const fields = await formOf(manager, '/manage/services/ktp');
      await post(manager, '/manage/services/ktp', { ...fields, name_en: 'e-ID card', target: '85', published: '1' });
      const row = lastAudit(db);
      expect(row).toMatchObject({ user_id: manager.userId, user_email: 'manajer@uji.go.id', action: 'update', entity_kind: 'service', entity_code: 'ktp' });
      expect(Date.now() - Date.parse(row.at)).toBeLessThan(60_000);
      expect(JSON.parse(row.details)).toEqual({
        before: { name_en: 'Electronic ID card', published: false, target_ikm: null },
        after: { name_en: 'e-ID card', published: true, target_ikm: 85 },
      });
      // saving without a change writes nothing
      await post(manager, '/manage/services/ktp', await formOf(manager, '/manage/services/ktp'));
      expect(auditCount(db)).toBe(1);
      // and the log cannot be rewritten
      expect(() => db.prepare('UPDATE audit_log SET user_email = ?').run('x')).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    });

    it('leaves nothing half-saved when the audit row cannot be written', async () => {
      db.exec("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
      const before = serviceRow(db, 'ktp');
      const fields = await formOf(admin, '/manage/services/ktp');
      const res = await admin.agent
        .post('/manage/services/ktp')
        .type('form')
        .send({ ...fields, _csrf: await admin.csrf(), name_id: 'Setengah' });
      expect(res.status).toBe(500);
      expect(serviceRow(db, 'ktp')).toEqual(before);
      const unit = await post(admin, '/manage/units/new', { code: 'setengah', name_id: 'S', name_en: 'S', parent: 'pemkab', active: '1' });
      expect(unit.status).toBe(500);
      expect(await getUnitByCode(store, 'setengah')).toBeUndefined();
    });

    it('is readable by admins only, newest first, filterable by kind', async () => {
      await post(manager, '/manage/tokens', { name: 'Satu', unit: 'dukcapil' });
      const fields = await formOf(manager, '/manage/services/ktp');
      await post(manager, '/manage/services/ktp', { ...fields, target: '85' });
      await post(admin, '/manage/units/dinkes/populations', { period: '2026', population: '5000' });

      expect((await manager.agent.get('/manage/audit')).status).toBe(403);
      const $ = load((await admin.agent.get('/manage/audit?lang=en')).text);
      const rows = $('#audit tbody tr');
      expect(rows).toHaveLength(3);
      expect(rows.first().find('[data-col=who]').text()).toBe('admin@uji.go.id');
      expect(rows.first().find('[data-col=action]').text()).toBe('users served set');
      expect(rows.eq(1).find('[data-col=who]').text()).toBe('manajer@uji.go.id');
      expect(rows.eq(1).find('[data-col=changes]').text()).toContain('Target IKM: follows parent → 85.00');
      expect(rows.eq(2).find('[data-col=entity]').text()).toContain('Satu');

      const svc = load((await admin.agent.get('/manage/audit?kind=service')).text);
      expect(svc('#audit tbody tr')).toHaveLength(1);
      expect(svc('#f-kind option[selected]').attr('value')).toBe('service');
    });

    it("shows a change to the agency's settings in words: its kind, the agency's name and the fields' labels", async () => {
      const saved = await post(admin, '/manage/agency', {
        contact_id: 'Jl. Merdeka 1',
        contact_en: '',
        complaint_label: '',
        complaint_url: '',
        privacy_id: '',
        privacy_en: '',
      });
      expect(saved.status).toBe(303);
      const $ = load((await admin.agent.get('/manage/audit?kind=agency&lang=id')).text);
      const row = $('#audit tbody tr');
      expect(row).toHaveLength(1);
      expect($('#f-kind option[selected]').text()).toBe('Instansi');
      const agency = db.prepare('SELECT name_id FROM agencies').pluck().get() as string;
      expect(row.find('[data-col=entity]').text()).toBe(`Instansi: ${agency}`);
      expect(row.find('[data-col=changes]').text()).toContain('Kontak (bahasa Indonesia): – → Jl. Merdeka 1');
      const en = load((await admin.agent.get('/manage/audit?kind=agency&lang=en')).text);
      expect(en('#audit tbody tr [data-col=entity]').text()).toMatch(/^Agency: /);
    });

    it('pages through a long log', async () => {
      const insert = db.prepare("INSERT INTO audit_log (user_id, user_email, action, entity_kind, entity_code) VALUES (1, 'a@b.c', 'update', 'unit', ?)");
      for (let i = 1; i <= 60; i++) insert.run(`u${i}`);
      const first = load((await admin.agent.get('/manage/audit')).text);
      expect(first('#audit tbody tr')).toHaveLength(50);
      expect(first('#audit tbody tr').first().find('[data-col=entity] code').text()).toBe('u60');
      const next = first('a[rel=next]').attr('href') as string;
      const second = load((await admin.agent.get(next)).text);
      expect(second('#audit tbody tr')).toHaveLength(10);
      expect(second('#audit tbody tr').last().find('[data-col=entity] code').text()).toBe('u1');
    });
  });

  describe('in words (issue 9)', () => {
    it('writes numbers on the population form as officers write them, in each language', async () => {
      await post(admin, '/manage/units/dukcapil/populations', { period: '2026', population: '12500' });
      const id = load((await admin.agent.get('/manage/units/dukcapil/populations?lang=id')).text);
      expect(id('#h-population').text()).toContain('12.500');
      expect(id('tr[data-period="2026"] [data-col=population]').text()).toBe('12.500');
      const en = load((await admin.agent.get('/manage/units/dukcapil/populations?lang=en')).text);
      expect(en('#h-population').text()).toContain('12,500');
      expect(en('#h-population').text()).not.toContain('12500');
      expect(en('tr[data-period="2026"] [data-col=population]').text()).toBe('12,500');
    });

    it('shows what an empty target follows: in the tree and on the forms', async () => {
      const root = await formOf(admin, '/manage/units/pemkab');
      expect((await post(admin, '/manage/units/pemkab', { ...root, target: '82' })).status).toBe(303);
      const $ = load((await admin.agent.get('/manage')).text);
      expect($('tr[data-unit=pemkab] [data-col=target]').text()).toBe('82,00');
      expect($('tr[data-unit=dukcapil] [data-col=target]').text()).toBe('mengikuti induk: 82,00');
      expect($('tr[data-service=ktp] [data-col=target]').text()).toBe('mengikuti induk: 82,00');
      const unit = await formOf(admin, '/manage/units/dukcapil');
      await post(admin, '/manage/units/dukcapil', { ...unit, target: '75,5' });
      const tree = load((await admin.agent.get('/manage?lang=en')).text);
      expect(tree('tr[data-service=ktp] [data-col=target]').text()).toBe('follows parent: 75.50');
      expect(tree('tr[data-unit=capil-kec] [data-col=target]').text()).toBe('follows parent: 75.50');

      const form = load((await admin.agent.get('/manage/services/ktp')).text);
      expect(form('#n-target').text()).toContain('mengikuti induk: 75,50 (dari Dinas Dukcapil)');
      expect(form('#f-target').attr('aria-describedby')).toContain('n-target');
      const sub = load((await admin.agent.get('/manage/units/capil-kec?lang=en')).text);
      expect(sub('#n-target').text()).toContain('follows the parent: 75.50 (from Population Registry)');
    });

    it('shows the target profile a service follows, and each dimension’s sum as the server computes it', async () => {
      await post(admin, '/manage/units/dukcapil/profile', { p_gender_L: '48,5', p_gender_P: '51,5' });
      const $ = load((await admin.agent.get('/manage/services/ktp/profile')).text);
      const gender = $('fieldset[data-dimension=gender] [data-inherited]').text();
      expect(gender).toContain('mengikuti induk (Dinas Dukcapil)');
      expect(gender).toContain('Laki-laki 48,5%');
      expect($('fieldset[data-dimension=age] [data-inherited]').text()).toContain('belum ada kelompok sasaran');
      expect($('#sum-gender').text()).toBe(''); // nothing typed here: it follows the parent

      const own = load((await admin.agent.get('/manage/units/dukcapil/profile')).text);
      expect(own('#sum-gender').text()).toBe('Jumlah: 100,0% dari 100%');
      expect(own('#sum-gender').attr('data-sum')).toBe('ok');

      const refused = await post(admin, '/manage/services/ktp/profile?lang=en', { p_gender_L: '40', p_gender_P: '50,5' });
      expect(refused.status).toBe(422);
      expect(refused.$('#sum-gender').text()).toBe('Total: 90.5% of 100%');
      expect(refused.$('#sum-gender').attr('data-sum')).toBe('off');
      expect(refused.$('#sum-gender').attr('for')).toBe('f-p_gender_L f-p_gender_P');
      // the live sum is a static script (no inline script under the CSP), and it is served
      const src = refused.$('script[src*="manage-forms"]').attr('src') as string;
      expect(src).toBeTruthy();
      expect(refused.$('script:not([src])')).toHaveLength(0);
      expect((await request(app).get(src)).status).toBe(200);
    });

    it('names the missing name in the error: Indonesian or English, in both page languages', async () => {
      const base = { code: 'baru', unit: 'dukcapil', active: '1', name_id: 'Layanan Baru', name_en: 'New service' };
      const noEn = await post(admin, '/manage/services/new', { ...base, name_en: ' ' });
      expect(noEn.status).toBe(422);
      expect(noEn.$('#e-name_en').text()).toContain('Isi nama dalam bahasa Inggris.');
      expect(noEn.$('.error-summary a[href="#f-name_en"]').text()).toBe('Isi nama dalam bahasa Inggris.');
      expect(noEn.$('#e-name_id')).toHaveLength(0);
      const noId = await post(admin, '/manage/units/new?lang=en', { code: 'baru', parent: 'dukcapil', active: '1', name_id: '', name_en: 'New' });
      expect(noId.status).toBe(422);
      expect(noId.$('.error-summary a[href="#f-name_id"]').text()).toBe('Enter the name in Indonesian.');
      const both = await post(admin, '/manage/units/new', { code: 'baru', parent: 'dukcapil', active: '1', name_id: '', name_en: '' });
      expect(
        both
          .$('.error-summary a')
          .map((_, a) => both.$(a).text())
          .get(),
      ).toEqual(['Isi nama dalam bahasa Indonesia.', 'Isi nama dalam bahasa Inggris.']);
      expect(auditCount(db)).toBe(0);
    });

    it('writes audit entries in words: labels, names, yes/no, role names and periods', async () => {
      const svc = await formOf(admin, '/manage/services/ktp');
      await post(admin, '/manage/services/ktp', { ...svc, unit: 'capil-kec', published: '1', target: '85' });
      await post(admin, '/manage/services/ktp/populations', { period: '2026-Q3', population: '12.500' });
      const user = await formOf(admin, `/manage/users/${manager.userId}`);
      await post(admin, `/manage/users/${manager.userId}`, { ...user, role: 'viewer' });

      const $ = load((await admin.agent.get('/manage/audit')).text);
      const rows = $('#audit tbody tr');
      expect(rows).toHaveLength(3);
      const account = rows.eq(0);
      expect(account.find('[data-col=entity]').text()).toBe('Pengguna: manajer@uji.go.id');
      expect(account.find('[data-col=changes]').text()).toContain('Peran: Pengelola unit → Peninjau');
      const population = rows.eq(1);
      expect(population.find('[data-col=entity]').text()).toBe('Layanan: Perekaman KTP-el');
      expect(population.find('[data-col=changes]').text()).toContain('Jumlah pengguna layanan: kosong → 12.500');
      expect(population.find('[data-col=changes]').text()).toContain('Periode: Triwulan III 2026');
      const change = rows.eq(2).find('[data-col=changes]').text();
      expect(change).toContain('Unit: Dinas Dukcapil → Capil Kecamatan');
      expect(change).toContain('Hasil dipublikasikan: tidak → ya');
      expect(change).toContain('Target IKM: mengikuti induk → 85,00');
      // no keys or codes where words exist
      expect($('#audit').text()).not.toMatch(/target_ikm|published|capil-kec|2026-Q3|"/);
      expect($('#audit code')).toHaveLength(0);
    });

    it('names the roles as wording.md does, in the list, the form and the header', async () => {
      const $ = load((await admin.agent.get('/manage/users')).text);
      expect($('tr[data-user="manajer@uji.go.id"] [data-col=role]').text()).toBe('Pengelola unit');
      expect($('tr[data-user="admin@uji.go.id"] [data-col=role]').text()).toBe('Administrator');
      expect($('.officer-bar').text()).toContain('Anda masuk sebagai Petugas admin (Administrator)');
      const en = load((await admin.agent.get(`/manage/users/${manager.userId}?lang=en`)).text);
      expect(
        en('#f-role option')
          .map((_, o) => en(o).text())
          .get(),
      ).toEqual(['Administrator', 'Unit manager', 'Enumerator', 'Viewer']);
      const mine = load((await manager.agent.get('/manage?lang=en')).text);
      expect(mine('.officer-bar').text()).toContain('Signed in as Petugas manager (Unit manager)');
    });

    it('has one officer header on the dashboard, management and password pages', async () => {
      for (const url of ['/dashboard', '/manage', '/manage/users', '/account/password']) {
        const $ = load((await manager.agent.get(url)).text);
        expect($('header.officer-top'), url).toHaveLength(1);
        expect($('header.officer-top .officer-bar').text(), url).toContain('Anda masuk sebagai Petugas manager');
        expect($('header.officer-top a[href="/manage?lang=id"]'), url).toHaveLength(1);
        expect($('header.officer-top form[action^="/logout"] input[name=_csrf]'), url).toHaveLength(1);
      }
    });

    it('answers a refused page with "no access" and a way back to the officer’s own dashboard', async () => {
      for (const url of ['/manage/units/dinkes', '/manage/audit', '/dashboard/services/imunisasi']) {
        const res = await manager.agent.get(url);
        expect(res.status, url).toBe(403);
        const $ = load(res.text);
        expect($('h1').text()).toBe('Anda tidak memiliki akses ke halaman ini');
        expect($('a[data-back]').attr('href')).toBe('/dashboard?lang=id');
        expect($('a[data-back]').text()).toBe('Kembali ke dasbor Dinas Dukcapil');
        expect($('header.officer-top')).toHaveLength(1);
      }
      const viewer = await signInAs(app, store, { role: 'viewer', unitId: org.subUnitId });
      const en = load((await viewer.agent.get('/manage?lang=en')).text);
      expect(en('h1').text()).toBe('You do not have access to this page');
      expect(en('a[data-back]').text()).toBe('Back to the dashboard of District Registry');
      // an expired form is not "no access", and citizens still get the plain page with the list of services
      const csrf = load((await admin.agent.post('/manage/tokens').type('form').send({ name: 'x', unit: 'pemkab' })).text);
      expect(csrf('h1').text()).not.toBe('Anda tidak memiliki akses ke halaman ini');
      const citizen = await request(app).get('/s/tidak-ada');
      expect(citizen.status).toBe(404);
      expect(load(citizen.text)('a[href="/?lang=id"]')).toHaveLength(1);
      expect(load(citizen.text)('header.officer-top')).toHaveLength(0);
    });

    it('offers periods in words in the users-served form and lists them in words', async () => {
      const page = load((await manager.agent.get('/manage/services/ktp/populations')).text);
      const labels = page('#f-period option')
        .map((_, o) => page(o).text())
        .get();
      expect(labels).toContain('Triwulan III 2026');
      expect(labels).toContain('Semester II 2026');
      expect(labels).toContain('Tahun 2026');
      expect(labels.join()).not.toMatch(/\d{4}-(Q|S|\d)/);
      expect(page('#f-period option[value="2026-Q3"]').text()).toBe('Triwulan III 2026');
      expect(page('details[data-range-fields]').attr('open')).toBeUndefined(); // the dates only when needed

      await post(manager, '/manage/services/ktp/populations', { period: '2026-Q3', population: '1000' });
      await post(manager, '/manage/services/ktp/populations', { period: 'range', range_from: '2026-07-01', range_to: '2026-07-15', population: '400' });
      const list = load((await manager.agent.get('/manage/services/ktp/populations?lang=en')).text);
      expect(
        list('#populations tbody th')
          .map((_, th) => list(th).text())
          .get(),
      ).toEqual(['Q3 2026', '1 Jul – 15 Jul 2026']);

      const bad = await post(manager, '/manage/services/ktp/populations', {
        period: 'range',
        range_from: '2026-05-01',
        range_to: '2026-01-01',
        population: '5',
      });
      expect(bad.status).toBe(422);
      expect(bad.$('#e-range_from').text()).toContain('Tanggal awal (1 Mei 2026) lebih akhir dari tanggal akhir (1 Januari 2026).');
      expect(bad.$('details[data-range-fields]').attr('open')).toBeDefined();
      expect(bad.$('#f-range_from').attr('value')).toBe('2026-05-01');
    });
  });
});
