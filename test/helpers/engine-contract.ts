import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { dialect, type Database } from '../../server/data/engine/index.js';

/**
 * What the data layer relies on, run against each engine: the same SQL with `?` placeholders, numbers
 * as numbers, all-or-nothing transactions, and transactions that never interleave (the running
 * totals depend on it). `open` gives a fresh, empty database for each test.
 */
export function engineContract(name: string, open: () => Promise<Database>): void {
  describe(`database engine: ${name}`, () => {
    let db: Database;
    beforeEach(async () => {
      db = await open();
      await db.run('CREATE TABLE items (id integer PRIMARY KEY, label text, qty integer, price double precision)');
      await db.run('CREATE TABLE counter (id integer PRIMARY KEY, v integer NOT NULL)');
      await db.run('INSERT INTO counter (id, v) VALUES (1, 0)');
      return () => db.close();
    });

    it('runs the same SQL with ? placeholders, leaving a literal ? alone', async () => {
      const insert = 'INSERT INTO items (id, label, qty, price) VALUES (?, ?, ?, ?)';
      expect(await db.run(insert, [1, 'a?', 2, 1.5])).toEqual({ changes: 1 });
      await db.run(insert, [2, null, 3, 2.25]);
      expect(await db.all("SELECT id, label FROM items WHERE label IS NULL OR label = 'a?' ORDER BY id")).toEqual([
        { id: 1, label: 'a?' },
        { id: 2, label: null },
      ]);
      expect(await db.get('SELECT label FROM items WHERE id = ?', [1])).toEqual({ label: 'a?' });
      expect(await db.get('SELECT label FROM items WHERE id = ?', [99])).toBeUndefined();
      expect(await db.run('UPDATE items SET qty = qty + ? WHERE qty > ?', [10, 0])).toEqual({ changes: 2 });
      expect(await db.value('SELECT label FROM items WHERE id = ? -- a comment? not a parameter', [1])).toBe('a?');
    });

    it('returns counts and sums as numbers', async () => {
      for (let i = 1; i <= 4; i++) await db.run('INSERT INTO items (id, qty, price) VALUES (?, ?, ?)', [i, i, i / 4]);
      const row = await db.get<{ n: unknown; total: unknown; mean: unknown }>('SELECT count(*) AS n, SUM(qty) AS total, AVG(price) AS mean FROM items');
      expect(row).toEqual({ n: 4, total: 10, mean: 0.625 });
      expect(await db.value('SELECT count(*) FROM items WHERE qty > ?', [2])).toBe(2);
    });

    it('commits a transaction whole, or rolls it back whole', async () => {
      const made = await db.transaction(async (tx) => {
        await tx.run('INSERT INTO items (id, qty) VALUES (1, 1)');
        await tx.run('INSERT INTO items (id, qty) VALUES (2, 2)');
        return tx.value<number>('SELECT count(*) FROM items');
      });
      expect(made).toBe(2);
      await expect(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO items (id, qty) VALUES (3, 3)');
          await sleep(5);
          await tx.run('INSERT INTO items (id, qty) VALUES (1, 9)'); // duplicate key
        }),
      ).rejects.toThrow();
      expect(await db.all('SELECT id, qty FROM items ORDER BY id')).toEqual([
        { id: 1, qty: 1 },
        { id: 2, qty: 2 },
      ]);
    });

    it('never loses an update when transactions that wait in the middle run concurrently', async () => {
      const lock = dialect(db.engine, { sqlite: '', postgres: 'FOR UPDATE' });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          db.transaction(async (tx) => {
            const v = (await tx.value<number>(`SELECT v FROM counter WHERE id = 1 ${lock}`)) as number;
            await sleep(i % 3); // a real wait: other requests run meanwhile
            await tx.run('UPDATE counter SET v = ? WHERE id = 1', [v + 1]);
          }),
        ),
      );
      expect(await db.value('SELECT v FROM counter WHERE id = 1')).toBe(40);
    });

    it('keeps a statement outside a transaction out of it, even while the transaction waits', async () => {
      const failing = db.transaction(async (tx) => {
        await tx.run('INSERT INTO items (id, label) VALUES (1, ?)', ['inside']);
        await sleep(20);
        throw new Error('rolled back');
      });
      await sleep(1);
      const outside = db.run('INSERT INTO items (id, label) VALUES (2, ?)', ['outside']);
      await expect(failing).rejects.toThrow('rolled back');
      await outside;
      expect(await db.all('SELECT id, label FROM items ORDER BY id')).toEqual([{ id: 2, label: 'outside' }]);
    });
  });
}
