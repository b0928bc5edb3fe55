import { beforeEach, describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import type { Express } from 'express';
import type { Db } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { getPage, seedSmall, testApp, testDb, type SmallOrg } from './helpers/app.js';
import { signInAs, type SignedIn } from './helpers/officer.js';

// The agency footer of citizens' pages: set by an admin at /manage/agency (audited), shown on the
// home, survey, thank-you and closed pages in both languages, never in the embed view.

const FOOTER = {
  contact_id: 'Jl. Merdeka 1, telepon (0265) 123456',
  contact_en: 'Jl. Merdeka 1, phone +62 265 123456',
  complaint_label: 'SP4N-LAPOR!',
  complaint_url: 'https://www.lapor.go.id',
  privacy_id: 'Data diproses sesuai UU Pelindungan Data Pribadi.',
  privacy_en: '',
};

describe('agency footer', () => {
  let db: Db;
  let app: Express;
  let org: SmallOrg;
  let admin: SignedIn;
  beforeEach(async () => {
    db = testDb();
    const store = SqliteDatabase.of(db);
    org = await seedSmall(store);
    app = testApp(db);
    admin = await signInAs(app, store, { role: 'admin', unitId: org.rootId });
  });

  async function save(fields: Record<string, string>) {
    const token = await admin.csrf('/manage/agency');
    return admin.agent
      .post('/manage/agency')
      .type('form')
      .send({ _csrf: token, ...fields });
  }

  it('shows nothing until an admin sets it', async () => {
    expect((await getPage(app, '/')).$('.agency-footer')).toHaveLength(0);
    expect((await getPage(app, '/s/ktp')).$('.agency-footer')).toHaveLength(0);
  });

  it('is saved by an admin, audited, and shown on citizen pages in both languages', async () => {
    await getPage(app, '/s/ktp'); // a cached survey page must not outlive the change
    const res = await save(FOOTER);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/manage/agency?lang=id&saved=1');
    const audit = db.prepare("SELECT user_email, action, entity_kind, details FROM audit_log WHERE entity_kind = 'agency'").all() as Array<
      Record<string, string>
    >;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_email: admin.email, action: 'update' });
    expect(JSON.parse(audit[0]?.details ?? '{}').after).toMatchObject({ complaint_label: 'SP4N-LAPOR!', complaint_url: 'https://www.lapor.go.id' });
    // saving the same values again records nothing
    expect((await save(FOOTER)).status).toBe(303);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE entity_kind = 'agency'").pluck().get()).toBe(1);

    for (const url of ['/?lang=id', '/s/ktp?lang=id', '/s/ktp/thanks?lang=id', '/s/lama?lang=id']) {
      const { $ } = await getPage(app, url);
      const footer = $('footer.agency-footer');
      expect(footer, url).toHaveLength(1);
      expect(footer.text(), url).toContain('telepon (0265) 123456');
      expect(footer.find('a[href="https://www.lapor.go.id"]').text(), url).toBe('SP4N-LAPOR!');
      expect(footer.text(), url).toContain('Pelindungan Data Pribadi');
    }
    const en = (await getPage(app, '/s/ktp?lang=en')).$('footer.agency-footer');
    expect(en.text()).toContain('phone +62 265 123456');
    expect(en.text()).toContain('Complaints');
    // an empty English text shows the Indonesian one
    expect(en.text()).toContain('Pelindungan Data Pribadi');
    expect((await getPage(app, '/s/ktp?embed=1')).$('.agency-footer')).toHaveLength(0);
  });

  it('refuses a bad address, a channel without a name, and overlong text (422, values kept)', async () => {
    const res = await save({ ...FOOTER, complaint_label: '', complaint_url: 'lapor.go.id', privacy_id: 'x'.repeat(601) });
    expect(res.status).toBe(422);
    const $ = load(res.text);
    expect(
      $('.error-summary a')
        .map((_, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['#f-complaint_label', '#f-complaint_url', '#f-privacy_id']);
    expect($('#e-complaint_url').text()).toContain('https://');
    expect($('#f-complaint_url').attr('value')).toBe('lapor.go.id');
    const named = load((await save({ ...FOOTER, complaint_label: '' })).text);
    expect(named('#e-complaint_label').text()).toContain('SP4N-LAPOR!');
    expect(db.prepare("SELECT count(*) FROM settings WHERE key = 'agency_footer'").pluck().get()).toBe(0);
  });
});
