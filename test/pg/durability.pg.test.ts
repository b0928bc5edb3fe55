import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/data/open.js';
import { PostgresDatabase, type Database, type Queryable } from '../../server/data/engine/index.js';
import { SubmissionQueue } from '../../server/data/group-commit.js';
import { pgSchema } from '../helpers/pg.js';
import { meta, seed, submission } from '../helpers/submissions.js';

// Issue 12, "Acknowledged means on disk", on PostgreSQL: a group commit waits for the WAL
// (synchronous_commit on for its transaction, even where a role or the server turned it off); only
// counters whose loss costs nothing (rate limits, flood counts) skip that wait, on a pool of their
// own; and the app says at start which server settings weaken what an acknowledgement promises.

const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

/** A fresh schema's URL, with `extra` options for the sessions (as a role's defaults would set them). */
async function schemaUrl(extra = ''): Promise<string> {
  const s = await pgSchema();
  drops.push(s.drop);
  const url = new URL(s.url);
  url.searchParams.set('options', `${url.searchParams.get('options') ?? ''}${extra}`);
  return url.toString();
}

describe('durable acknowledgements on PostgreSQL', () => {
  it('commits a batch of responses synchronously where the sessions say otherwise, and counters without waiting', async () => {
    const opened = await openStore({ databaseUrl: await schemaUrl(' -c synchronous_commit=off'), databasePath: '', databasePoolMax: 4 });
    try {
      const store = opened.store as PostgresDatabase;
      expect(await store.value('SHOW synchronous_commit')).toBe('off');
      expect(opened.durabilityWarnings.some((w) => w.includes('synchronous_commit=off'))).toBe(true);
      // what the group commit's transaction runs with, read just before it commits
      const seen: unknown[] = [];
      const watched: Database = Object.assign(Object.create(store) as Database, {
        transaction: <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
          store.transaction(async (tx) => {
            const r = await fn(tx);
            seen.push(await tx.value('SHOW synchronous_commit'));
            return r;
          }),
      });
      const [a] = (await seed(store)) as [number];
      await Promise.all([1, 2, 3].map((i) => SubmissionQueue.for(watched).submit(submission({ key: `durable-${i}`, answer: 4 }), meta(a, '2026-06-01'))));
      expect(seen).toEqual(['on']);

      const counters = store.counters();
      expect(await counters.value('SHOW synchronous_commit')).toBe('off');
      // the counters' pool keeps the URL's search_path: it counts in the app's own tables
      expect(await counters.value('SHOW search_path')).toBe(await store.value('SHOW search_path'));
      await counters.run("INSERT INTO rate_limits (key, hits, reset_at) VALUES ('t:x', 1, 1)");
      expect(await store.value("SELECT hits FROM rate_limits WHERE key = 't:x'")).toBe(1);
    } finally {
      await opened.close();
    }
  });

  it('warns at start when the server runs without fsync, and only then', async () => {
    const opened = await openStore({ databaseUrl: await schemaUrl(' -c synchronous_commit=on'), databasePath: '', databasePoolMax: 2 });
    try {
      // the tests' throwaway cluster runs without fsync (.ci/pg-cluster); a production server with it
      const fsync = await opened.store.value<string>("SELECT setting FROM pg_settings WHERE name = 'fsync'");
      expect(opened.durabilityWarnings).toHaveLength(fsync === 'off' ? 1 : 0);
      if (fsync === 'off') expect(opened.durabilityWarnings[0]).toMatch(/fsync=off: .*power cut/);
    } finally {
      await opened.close();
    }
  });
});
