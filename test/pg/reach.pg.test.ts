import { load } from 'cheerio';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { createCounterLink, revokeCounter } from '../../server/data/counters.js';
import { seedSmall } from '../helpers/app.js';
import { signInAs } from '../helpers/officer.js';
import { pgDatabases } from '../helpers/pg.js';
import { reachContract } from '../helpers/reach-contract.js';

// Each test gets its own migrated schema in the test database (DATABASE_URL); the same contract runs on SQLite in test/reach-counters.test.ts.
const open = pgDatabases();
reachContract('PostgreSQL', open);

describe('counter links through the app on PostgreSQL', () => {
  it('serves /k/:token, stores the counter with channel qr, shows it on the dashboard, and answers 410 once revoked', async () => {
    const store = await open();
    const org = await seedSmall(store);
    const app = createApp({ store, config: testConfig() });
    const { id, token } = await createCounterLink(store, { serviceId: org.serviceId, place: 'Loket 2' });
    const page = await request(app).get(`/k/${token}`);
    expect(page.status).toBe(200);
    const $ = load(page.text);
    const fields: Record<string, string> = { PERSYARATAN: '4', WAKTU: '3' };
    $('form[method=post] input[type=hidden]').each((_, el) => {
      fields[$(el).attr('name') as string] = $(el).attr('value') ?? '';
    });
    const post = await request(app).post(`/k/${token}?lang=id`).type('form').send(fields);
    expect(post.status).toBe(303);
    expect(await store.all('SELECT channel, counter_id FROM responses')).toEqual([{ channel: 'qr', counter_id: id }]);
    const manager = await signInAs(app, store, { role: 'manager', unitId: org.unitId });
    const dash = load((await manager.agent.get('/dashboard/services/ktp?lang=id')).text);
    expect(dash(`#counters-table tr[data-counter="${id}"] [data-col=n]`).text()).toBe('1');
    const reach = load((await manager.agent.get('/manage/services/ktp/reach?lang=id')).text);
    expect(reach('a[data-counter-link]').attr('href')).toBe(`/k/${token}`);
    expect(reach('a[data-counter-link]').closest('tr').find('[data-col=responses]').text()).toBe('1');
    await revokeCounter(store, id);
    expect((await request(app).get(`/k/${token}`)).status).toBe(410);
    await store.close();
  });
});
