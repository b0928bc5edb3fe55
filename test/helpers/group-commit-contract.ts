import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../server/data/engine/index.js';
import { SubmissionQueue } from '../../server/data/group-commit.js';
import { expectTotalsRecomputable, meta, seed, submission } from './submissions.js';

/**
 * Group commit (server/data/group-commit.ts), run against each engine: posts that arrive together
 * are written in one transaction, each settles only after that commit, a retried key stays one
 * response also inside one batch, the totals stay exact, and a post that fails costs the others of
 * its batch nothing. `open` gives a fresh, migrated database.
 */
export function groupCommitContract(name: string, open: () => Promise<Database>): void {
  describe(`group commit: ${name}`, () => {
    it('writes posts that arrive together in one transaction, each key once, with exact totals', async () => {
      const db = await open();
      try {
        const [a, b] = (await seed(db)) as [number, number];
        const queue = SubmissionQueue.for(db);
        const before = { ...queue.stats };
        // 60 posts in one turn of the event loop: 40 keys, 20 of them sent twice (a double tap)
        const posts = Array.from({ length: 60 }, (_, i) => ({ key: `gc-${i % 40}`, service: i % 2 ? a : b, answer: 1 + (i % 4) }));
        const results = await Promise.all(
          posts.map((p, i) => queue.submit(submission({ key: p.key, answer: p.answer }), meta(p.service, `2026-03-0${1 + (i % 3)}`))),
        );
        expect(queue.stats.batches - before.batches).toBe(1);
        expect(queue.stats.posts - before.posts).toBe(60);
        // the second of a key answers the first's id, as a duplicate
        const first = new Map<string, number>();
        results.forEach((r, i) => {
          const key = `${posts[i]?.service}:${posts[i]?.key}`;
          const known = first.get(key);
          if (known === undefined) first.set(key, r.id);
          else expect(r).toMatchObject({ id: known, duplicate: true });
        });
        expect(results.filter((r) => !r.duplicate)).toHaveLength(first.size);
        expect(await db.value('SELECT count(*) FROM responses')).toBe(first.size);
        // a later batch resending stored keys, beside a new one: the stored ids, as duplicates
        const again = await Promise.all([0, 1, 2, 40].map((i) => queue.submit(submission({ key: `gc-${i}`, answer: 2 }), meta(i % 2 ? a : b, '2026-03-04'))));
        expect(again.slice(0, 3)).toEqual([0, 1, 2].map((i) => ({ id: results[i]?.id, duplicate: true, unrated: false })));
        expect(again[3]?.duplicate).toBe(false);
        expect(await db.value('SELECT count(*) FROM responses')).toBe(first.size + 1);
        expect(await db.value('SELECT SUM(n) FROM totals_day')).toBe(first.size + 1);
        await expectTotalsRecomputable(db);
      } finally {
        await db.close();
      }
    });

    it('answers each post only after its batch has committed', async () => {
      const db = await open();
      try {
        const [a] = (await seed(db)) as [number];
        let committed = 0;
        // the database as the queue sees it, noting each commit as it returns
        const watched: Database = Object.assign(Object.create(db) as Database, {
          transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
            const r = await db.transaction(fn);
            committed++;
            return r;
          },
        });
        const queue = SubmissionQueue.for(watched);
        const seen = await Promise.all(
          Array.from({ length: 12 }, (_, i) => queue.submit(submission({ key: `after-${i}`, answer: 4 }), meta(a, '2026-04-01')).then(() => committed)),
        );
        expect(seen.every((c) => c >= 1)).toBe(true);
        // and a post arriving later goes into a later batch, also answered after its own commit
        const later = await queue.submit(submission({ key: 'after-late', answer: 4 }), meta(a, '2026-04-01')).then(() => committed);
        expect(later).toBe(2);
      } finally {
        await db.close();
      }
    });

    it('retries a failed batch one post at a time: only the bad post fails, nothing of it is stored', async () => {
      const db = await open();
      try {
        const [a] = (await seed(db)) as [number];
        const queue = SubmissionQueue.for(db);
        const good = Array.from({ length: 5 }, (_, i) => queue.submit(submission({ key: `ok-${i}`, answer: 3 }), meta(a, '2026-05-02')));
        const bad = queue.submit({ ...submission({ key: 'bad', answer: 3 }), age: 5 }, meta(a, '2026-05-02')); // refused by the CHECK on age
        await expect(bad).rejects.toThrow();
        expect((await Promise.all(good)).every((r) => !r.duplicate)).toBe(true);
        expect(queue.stats.retried).toBe(1);
        expect(await db.value("SELECT count(*) FROM responses WHERE idem_key LIKE 'ok-%'")).toBe(5);
        expect(await db.value("SELECT count(*) FROM responses WHERE idem_key = 'bad'")).toBe(0);
        await expectTotalsRecomputable(db);
      } finally {
        await db.close();
      }
    });
  });
}
