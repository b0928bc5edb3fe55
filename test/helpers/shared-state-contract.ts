import type { Request } from 'express';
import type { Options } from 'express-rate-limit';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '../../server/data/audit.js';
import { bumpCacheVersion, cacheVersion } from '../../server/data/cache-version.js';
import type { Database } from '../../server/data/engine/index.js';
import { DatabaseRateLimitStore, purgeRateLimits } from '../../server/data/rate-limits.js';
import { PublicResultsCache } from '../../server/results/public-cache.js';
import { clientKeyer, clientLimiting } from '../../server/security.js';
import { PageCache } from '../../server/survey/page-cache.js';

/** Two handles on one freshly migrated database: two pools on PostgreSQL (as two app processes would have), the one connection twice on SQLite. */
export type OpenPair = () => Promise<[Database, Database]>;

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 10, 9, 0, 0); // 2026-03-10 09:00 UTC

/** A clock the test moves. */
function clock(start = T0) {
  let t = start;
  return { now: () => t, set: (v: number) => void (t = v), add: (ms: number) => void (t += ms) };
}

function storeOn(db: Database, prefix: string, now: () => number, windowMs = 60_000): DatabaseRateLimitStore {
  const store = new DatabaseRateLimitStore(db, prefix, now);
  store.init({ windowMs } as Options);
  return store;
}

const client = (ip: string) => ({ ip }) as Request;

/**
 * What several app processes on one database must agree on, on each engine: rate-limit counters
 * (the express-rate-limit store on our database), the daily salt of client keys, and the cache
 * version stamp that tells cached survey pages and public results they are stale.
 */
export function sharedStateContract(name: string, openPair: OpenPair): void {
  describe(`shared state of app processes: ${name}`, () => {
    let a: Database;
    let b: Database;
    beforeEach(async () => {
      [a, b] = await openPair();
      return async () => {
        await a.close();
        if (b !== a) await b.close();
      };
    });

    describe('rate-limit store', () => {
      it('counts one key together through two handles, in one window, and tells limiters apart by prefix', async () => {
        const t = clock();
        const sa = storeOn(a, 'survey:', t.now);
        const sb = storeOn(b, 'survey:', t.now);
        const other = storeOn(b, 'api:', t.now);
        expect(sa.localKeys).toBe(false);
        expect(sa.prefix).toBe('survey:');
        expect(await sa.increment('k')).toEqual({ totalHits: 1, resetTime: new Date(T0 + 60_000) });
        t.add(1000);
        expect(await sb.increment('k')).toEqual({ totalHits: 2, resetTime: new Date(T0 + 60_000) });
        expect(await sa.increment('k')).toEqual({ totalHits: 3, resetTime: new Date(T0 + 60_000) });
        expect(await other.increment('k')).toEqual({ totalHits: 1, resetTime: new Date(T0 + 61_000) });
        expect(await sb.get('k')).toEqual({ totalHits: 3, resetTime: new Date(T0 + 60_000) });
        expect(await sa.get('nobody')).toBeUndefined();
        const rows = await a.all('SELECT key, hits, reset_at FROM rate_limits ORDER BY key');
        expect(rows).toEqual([
          { key: 'api:k', hits: 1, reset_at: T0 + 61_000 },
          { key: 'survey:k', hits: 3, reset_at: T0 + 60_000 },
        ]);
      });

      it('loses no count when many requests increment at once through two handles', async () => {
        const t = clock();
        const stores = [storeOn(a, 'p:', t.now), storeOn(b, 'p:', t.now)];
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % 2]!.increment('busy')));
        // every request got its own count: 1..50, each once
        expect(results.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(await stores[0]!.get('busy')).toEqual({ totalHits: 50, resetTime: new Date(T0 + 60_000) });
      });

      it('starts a new window once the old one has passed', async () => {
        const t = clock();
        const s = storeOn(a, 'p:', t.now, 10_000);
        await s.increment('k');
        await s.increment('k');
        t.add(9_999);
        expect((await s.increment('k')).totalHits).toBe(3);
        t.add(1); // the window ends at T0 + 10 s exactly
        expect(await s.get('k')).toBeUndefined();
        expect(await s.increment('k')).toEqual({ totalHits: 1, resetTime: new Date(T0 + 20_000) });
        expect(await s.increment('k')).toEqual({ totalHits: 2, resetTime: new Date(T0 + 20_000) });
      });

      it('decrements (never below zero, never a passed window) and resets a key', async () => {
        const t = clock();
        const s = storeOn(a, 'p:', t.now);
        const other = storeOn(b, 'q:', t.now);
        await s.increment('k');
        await s.increment('k');
        await other.increment('k');
        await s.decrement('k');
        expect((await s.get('k'))?.totalHits).toBe(1);
        await s.decrement('k');
        await s.decrement('k');
        expect((await s.get('k'))?.totalHits).toBe(0);
        expect((await s.increment('k')).totalHits).toBe(1);
        await s.resetKey('k');
        expect(await s.get('k')).toBeUndefined();
        expect((await other.get('k'))?.totalHits).toBe(1); // another limiter's count stays
        expect((await s.increment('k')).totalHits).toBe(1);
        t.add(60_000);
        await s.decrement('k'); // the window has passed: nothing to take back
        expect(await a.value('SELECT hits FROM rate_limits WHERE key = ?', ['p:k'])).toBe(1);
      });

      it('purges rows whose window has passed, in bounded batches, when a new window starts', async () => {
        const t = clock();
        for (let i = 0; i < 30; i++) await a.run('INSERT INTO rate_limits (key, hits, reset_at) VALUES (?, 1, ?)', [`old:${i}`, T0 - 1000 + i]);
        await a.run('INSERT INTO rate_limits (key, hits, reset_at) VALUES (?, 1, ?)', ['live:x', T0 + 1]);
        expect(await purgeRateLimits(a, T0, 10)).toBe(10);
        expect(await a.value('SELECT COUNT(*) FROM rate_limits')).toBe(21);
        // the oldest go first
        expect(await a.value('SELECT MIN(reset_at) FROM rate_limits')).toBe(T0 - 1000 + 10);
        // a new window of any key purges what has passed (the rest of the old rows, never a live one)
        const s = storeOn(b, 'p:', t.now);
        expect((await s.increment('k')).totalHits).toBe(1);
        expect(await a.all('SELECT key FROM rate_limits ORDER BY key')).toEqual([{ key: 'live:x' }, { key: 'p:k' }]);
        expect(await purgeRateLimits(a, T0, 10)).toBe(0);
      });
    });

    describe('client keys', () => {
      it('are the same through two handles on one database, differ between clients and change with the day', async () => {
        const t = clock();
        const keyA = clientKeyer(a, t.now);
        const keyB = clientKeyer(b, t.now);
        const [k1, k2] = await Promise.all([keyA(client('203.0.113.7')), keyB(client('203.0.113.7'))]);
        expect(k1).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(k2).toBe(k1);
        expect(await keyB(client('203.0.113.8'))).not.toBe(k1);
        // one IPv6 client's /56 is one key
        expect(await keyA(client('2001:db8:1:ff::1'))).toBe(await keyB(client('2001:db8:1:ff:abcd::9')));
        // the address itself is stored nowhere: only the day's salt
        expect(await a.all("SELECT key FROM settings WHERE key LIKE 'client%'")).toEqual([{ key: 'client_salt:2026-03-10' }]);

        t.add(DAY);
        const next = await keyA(client('203.0.113.7'));
        expect(next).not.toBe(k1);
        expect(await keyB(client('203.0.113.7'))).toBe(next);
        // the earlier day's salt is gone: its keys cannot be recomputed
        expect(await a.all("SELECT key FROM settings WHERE key LIKE 'client%'")).toEqual([{ key: 'client_salt:2026-03-11' }]);
      });

      it('are read from the database once a day per process, and a late clock never deletes a later salt', async () => {
        const t = clock();
        const key = clientKeyer(a, t.now);
        const first = await key(client('198.51.100.1'));
        // the salt is kept in memory for the day: even a deleted row does not change today's keys here
        await a.run("DELETE FROM settings WHERE key LIKE 'client_salt:%'");
        expect(await key(client('198.51.100.1'))).toBe(first);
        expect(await a.value("SELECT COUNT(*) FROM settings WHERE key LIKE 'client_salt:%'")).toBe(0);

        const late = clock(T0 - DAY); // another process whose clock is still on the day before
        await clientKeyer(b, t.now)(client('198.51.100.1'));
        await clientKeyer(b, late.now)(client('198.51.100.1'));
        expect((await a.all<{ key: string }>("SELECT key FROM settings WHERE key LIKE 'client_salt:%' ORDER BY key")).map((r) => r.key)).toEqual([
          'client_salt:2026-03-09',
          'client_salt:2026-03-10',
        ]);
      });

      it('count where the engine needs them: in the database where processes share it, else in memory', () => {
        const limiting = clientLimiting(a);
        const forSurvey = limiting.limiter('survey');
        expect(typeof forSurvey.keyGenerator).toBe('function');
        if (a.engine === 'postgres') expect(forSurvey.store).toBeInstanceOf(DatabaseRateLimitStore);
        else expect(forSurvey.store).toBeUndefined();
        const database = clientLimiting(a, { store: 'database' });
        const [s1, s2] = [database.limiter('survey').store, database.limiter('api').store];
        expect(s1).toBeInstanceOf(DatabaseRateLimitStore);
        // one store per limiter (express-rate-limit refuses a shared one), each with its prefix
        expect(s2).not.toBe(s1);
        expect([s1?.prefix, s2?.prefix]).toEqual(['survey:', 'api:']);
      });
    });

    describe('cache version', () => {
      it('moves with every audited change, in its transaction, and not when the change rolls back', async () => {
        const v0 = await cacheVersion(a);
        await a.transaction((tx) => recordAudit(tx, null, 'update', { kind: 'service', code: 'ktp' }));
        expect(await cacheVersion(b)).toBe(v0 + 1);
        await expect(
          b.transaction(async (tx) => {
            await recordAudit(tx, null, 'update', { kind: 'unit', code: 'x' });
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await cacheVersion(a)).toBe(v0 + 1);
        await a.transaction((tx) => bumpCacheVersion(tx));
        expect(await cacheVersion(a)).toBe(v0 + 2);
      });

      it('never loses a move when changes commit at once through two handles', async () => {
        const v0 = await cacheVersion(a);
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).transaction((tx) => recordAudit(tx, null, 'update', { kind: 'unit', code: `u${i}` }))),
        );
        expect(await cacheVersion(b)).toBe(v0 + 20);
      });

      it('makes public results computed before a change stale, in every process', async () => {
        const cacheA = new PublicResultsCache<string>(a);
        const cacheB = new PublicResultsCache<string>(b);
        await a.run("INSERT INTO settings (key, value) VALUES ('probe', 'before')");
        const read = (db: Database) => async () => (await db.value<string>("SELECT value FROM settings WHERE key = 'probe'")) ?? '';
        let computed = 0;
        const counted = (db: Database) => async () => (computed++, read(db)());
        expect(await cacheA.get('k', counted(a))).toBe('before');
        expect(await cacheB.get('k', counted(b))).toBe('before');
        expect(await cacheA.get('k', counted(a))).toBe('before');
        expect(computed).toBe(2);
        // a change without an audit record (a new response) keeps the bodies
        await a.run("UPDATE settings SET value = 'unaudited' WHERE key = 'probe'");
        expect(await cacheB.get('k', counted(b))).toBe('before');
        await b.transaction(async (tx) => {
          await tx.run("UPDATE settings SET value = 'after' WHERE key = 'probe'");
          await recordAudit(tx, null, 'publication.republish', { kind: 'publication', code: '2026-Q1' });
        });
        expect(await cacheA.get('k', counted(a))).toBe('after');
        expect(await cacheB.get('k', counted(b))).toBe('after');
        expect(computed).toBe(4);
      });

      it('lets a survey page cache check the version only where processes share the database', async () => {
        const pages = PageCache.for(a);
        const checking = pages.check();
        if (a.engine === 'sqlite') {
          // one process: management clears the cache itself, and serving a page reads nothing
          expect(checking).toBeUndefined();
          pages.set('k', '<p>IDEMPOTENCYKEYPLACEHOLD</p>');
          await a.transaction((tx) => bumpCacheVersion(tx));
          expect(pages.get('k')).toBeDefined();
          pages.clear();
          expect(pages.get('k')).toBeUndefined();
          return;
        }
        const v = await checking;
        expect(v).toBe(await cacheVersion(a));
        pages.set('k', '<p>IDEMPOTENCYKEYPLACEHOLD</p>', v);
        await pages.check();
        expect(pages.get('k')).toBeDefined();
        await b.transaction((tx) => bumpCacheVersion(tx));
        expect(pages.get('k')).toBeDefined(); // not yet checked
        const newer = await pages.check();
        expect(newer).toBe(v! + 1);
        expect(pages.get('k')).toBeUndefined();
        // a page whose data was read under the older version is served once, never kept
        pages.set('k', '<p>IDEMPOTENCYKEYPLACEHOLD</p>', v);
        expect(pages.get('k')).toBeUndefined();
        pages.set('k', '<p>IDEMPOTENCYKEYPLACEHOLD</p>', newer);
        expect(pages.get('k')).toBeDefined();
      });
    });
  });
}
