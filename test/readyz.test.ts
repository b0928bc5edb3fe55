import { createServer, type Socket } from 'node:net';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { PostgresDatabase } from '../server/data/engine/index.js';
import { testApp, testDb } from './helpers/app.js';

// GET /readyz (issue 12, "Operations"): ready once the database answers and is migrated; 503 while
// migrations are missing, and 503 without hanging when the database is down or does not answer.

const sockets: Socket[] = [];
// a "PostgreSQL" that accepts connections and never says a word: a server hung, or a network black hole
const silent = createServer((s) => void sockets.push(s));
afterAll(() => {
  for (const s of sockets) s.destroy();
  silent.close();
});

describe('GET /readyz', () => {
  it('answers 200 ready on a migrated database, 503 migrating when a migration is missing; /healthz stays', async () => {
    const db = testDb();
    const app = testApp(db);
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready' });
    expect(ready.headers['cache-control']).toBe('no-store');
    expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok' });
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${version - 1}`);
    const migrating = await request(app).get('/readyz');
    expect(migrating.status).toBe(503);
    expect(migrating.body).toEqual({ status: 'migrating' });
  });

  it('answers 503 unavailable when PostgreSQL refuses connections, and when it never answers', async () => {
    const refused = PostgresDatabase.connect('postgres://mutu:x@127.0.0.1:1/mutu', { max: 1 });
    const down = await request(createApp({ store: refused, config: testConfig() })).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable' });
    await refused.close();

    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const hung = PostgresDatabase.connect(`postgres://mutu:x@127.0.0.1:${port}/mutu`, { max: 1 });
    const app = createApp({ store: hung, config: testConfig() });
    const answers = await Promise.all([request(app).get('/readyz'), request(app).get('/readyz')]);
    expect(answers.map((a) => [a.status, a.body.status])).toEqual([
      [503, 'unavailable'],
      [503, 'unavailable'],
    ]);
    for (const s of sockets) s.destroy();
    await hung.close().catch(() => undefined);
  });
});
