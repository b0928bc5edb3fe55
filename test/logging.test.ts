import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { load } from 'cheerio';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { seedSmall, testDb } from './helpers/app.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('structured logs and the error page', () => {
  it('writes one JSON line per request, without the client address', async () => {
    const { lines, logger } = capture();
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    const app = createApp({ db, config: testConfig(), logger });
    await request(app).get('/healthz');
    await request(app).get('/s/ktp?lang=en');
    const requests = lines.filter((l) => l.req);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ req: { method: 'GET', url: '/healthz' }, res: { status: 200 } });
    expect(requests[1]).toMatchObject({ req: { method: 'GET', url: '/s/ktp?lang=en' }, res: { status: 200 } });
    expect(JSON.stringify(lines)).not.toMatch(/127\.0\.0\.1|::ffff|remoteAddress/);
  });

  it('logs a 5xx with method, URL and stack, and shows a translated error page without the stack in production', async () => {
    const { lines, logger } = capture();
    const db = testDb();
    await seedSmall(SqliteDatabase.of(db));
    db.exec('DROP TABLE element_texts'); // the survey form cannot be built any more
    const app = createApp({ db, config: testConfig({ env: 'production' }), logger });
    const res = await request(app).get('/s/ktp?lang=en');
    expect(res.status).toBe(500);
    const $ = load(res.text);
    expect($('h1').text()).toBe('Something went wrong');
    expect($('.stack')).toHaveLength(0);
    const error = lines.find((l) => l.msg === 'GET /s/ktp?lang=en failed');
    expect(error).toMatchObject({ level: 50, method: 'GET', url: '/s/ktp?lang=en' });
    expect(JSON.stringify(error)).toContain('element_texts');
  });
});
