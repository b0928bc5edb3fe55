import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { ELEMENT_CODES } from '../server/indicators/types.js';
import { createMetrics, routeKind } from '../server/ops/metrics.js';
import { formFields, seedSmall, testApp, testDb } from './helpers/app.js';

// GET /metrics (issue 12, "Operations"): Prometheus' text format, counters that move, and access
// from loopback or with METRICS_TOKEN only.

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|[Nn][Aa][Nn]|[+-]?Inf))$/;

/** The text exposition parsed: `name{labels}` -> value; throws on a line that is neither a sample nor a comment. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

async function setup(config = {}) {
  const db = testDb();
  await seedSmall(SqliteDatabase.of(db));
  return { db, app: testApp(db, { config }) };
}

describe('GET /metrics', () => {
  it('counts requests by kind and status class, stored submissions, errors, and the group commits', async () => {
    const { app } = await setup();
    const before = parse((await request(app).get('/metrics')).text);
    const fields = await formFields(app, '/s/ktp');
    const posted = await request(app)
      .post('/s/ktp')
      .type('form')
      .send({ ...fields, ...Object.fromEntries(ELEMENT_CODES.map((c) => [c, '4'])) });
    expect(posted.status).toBe(303);
    await request(app).post('/s/ktp').type('form').send({ PERSYARATAN: '9' }); // invalid: 422, not a submission
    await request(app).get('/s/nope');
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const after = parse(res.text);
    const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('mutu_submissions_total{kind="survey"}')).toBe(1);
    expect(delta('mutu_http_requests_total{kind="survey",status="3xx"}')).toBe(1);
    expect(delta('mutu_http_requests_total{kind="survey",status="2xx"}')).toBe(1); // the form read
    expect(delta('mutu_http_requests_total{kind="survey",status="4xx"}')).toBe(2); // 422 and 404
    expect(delta('mutu_http_requests_total{kind="other",status="2xx"}')).toBe(1); // the first /metrics
    expect(delta('mutu_http_errors_total{kind="survey"}')).toBe(0);
    expect(after.get('mutu_http_request_duration_seconds_count{kind="survey"}')).toBe(4);
    expect(after.get('mutu_http_request_duration_seconds_bucket{le="+Inf",kind="survey"}')).toBe(4);
    expect(after.get('mutu_http_request_duration_seconds_bucket{le="10",kind="survey"}')).toBe(4); // cumulative
    expect(after.get('mutu_http_request_duration_seconds_sum{kind="survey"}')).toBeGreaterThan(0);
    expect(after.get('mutu_group_commit_queue')).toBe(0); // the post's batch is written
    expect(delta('mutu_group_commit_batches_total')).toBe(1);
    expect(delta('mutu_group_commit_posts_total')).toBe(1);
    expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('reads the depth of the group commit queue when scraped', async () => {
    const queue = { depth: 7, stats: { batches: 3, posts: 40 } };
    const text = await createMetrics({ groupCommit: queue }).registry.metrics();
    expect(parse(text).get('mutu_group_commit_queue')).toBe(7);
    queue.depth = 2;
    const again = parse(await createMetrics({ groupCommit: queue }).registry.metrics());
    expect([again.get('mutu_group_commit_queue'), again.get('mutu_group_commit_posts_total')]).toEqual([2, 40]);
  });

  it('counts a 5xx as an error of its kind', async () => {
    const { db, app } = await setup();
    const fields = await formFields(app, '/s/ktp');
    db.pragma('foreign_keys = OFF');
    db.exec('DROP TABLE responses'); // a store that fails: the post is answered 500
    const failed = await request(app)
      .post('/s/ktp')
      .type('form')
      .send({ ...fields, ...Object.fromEntries(ELEMENT_CODES.map((c) => [c, '4'])) });
    expect(failed.status).toBe(500);
    const after = parse((await request(app).get('/metrics')).text);
    expect(after.get('mutu_http_errors_total{kind="survey"}')).toBe(1);
    expect(after.get('mutu_http_requests_total{kind="survey",status="5xx"}')).toBe(1);
    expect(after.get('mutu_submissions_total{kind="survey"}')).toBe(0);
  });

  it('is refused (404) from an address that is not loopback, unless the bearer token is right', async () => {
    const token = 'a-metrics-token-of-some-length';
    const { app } = await setup({ trustProxy: 1, metricsToken: token });
    expect((await request(app).get('/metrics')).status).toBe(200); // loopback, no proxy in between
    const outside = { 'X-Forwarded-For': '203.0.113.9' };
    const refused = await request(app).get('/metrics').set(outside);
    expect(refused.status).toBe(404);
    expect(refused.text).not.toContain('mutu_');
    expect(
      (
        await request(app)
          .get('/metrics')
          .set({ ...outside, Authorization: 'Bearer wrong-token-of-same-len!!' })
      ).status,
    ).toBe(404);
    expect(
      (
        await request(app)
          .get('/metrics')
          .set({ ...outside, Authorization: `Bearer ${token}` })
      ).status,
    ).toBe(200);
    const noToken = await setup({ trustProxy: 1 });
    expect(
      (
        await request(noToken.app)
          .get('/metrics')
          .set({ ...outside, Authorization: 'Bearer ' })
      ).status,
    ).toBe(404);
    // a proxy on this host without TRUST_PROXY: the socket is loopback, the request is not
    const forgotten = await setup();
    expect((await request(forgotten.app).get('/metrics').set(outside)).status).toBe(404);
    expect((await request(forgotten.app).get('/metrics').set('Forwarded', 'for=203.0.113.9')).status).toBe(404);
    expect((await request(forgotten.app).get('/metrics')).status).toBe(200);
  });

  it('sorts paths into route kinds', () => {
    expect(
      [
        '/s/ktp',
        '/k/abc',
        '/kiosk/t/responses',
        '/results/units/x',
        '/api/v1/agency/results',
        '/manage/units',
        '/dashboard',
        '/static/a.css',
        '/',
        '/healthz',
      ].map(routeKind),
    ).toEqual(['survey', 'survey', 'kiosk', 'results', 'api', 'officer', 'officer', 'static', 'other', 'other']);
  });
});
