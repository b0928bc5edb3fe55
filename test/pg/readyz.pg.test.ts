import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { pgDatabases } from '../helpers/pg.js';

// GET /readyz on PostgreSQL: ready on a migrated schema, 503 migrating on one not migrated yet
// (the unreachable and silent servers are in test/readyz.test.ts, which needs no PostgreSQL).

const migrated = pgDatabases();
const empty = pgDatabases({ migrate: false });

describe('GET /readyz (PostgreSQL)', () => {
  it('answers 200 ready on a migrated database and 503 migrating on an empty one', async () => {
    const ready = await request(createApp({ store: await migrated(), config: testConfig() })).get('/readyz');
    expect([ready.status, ready.body]).toEqual([200, { status: 'ready' }]);
    const waiting = await request(createApp({ store: await empty(), config: testConfig() })).get('/readyz');
    expect([waiting.status, waiting.body]).toEqual([503, { status: 'migrating' }]);
  });
});
