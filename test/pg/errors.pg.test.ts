import { describe, expect, it } from 'vitest';
import { isUnstorableText } from '../../server/errors.js';
import { pgDatabases } from '../helpers/pg.js';

// Text PostgreSQL cannot store (a NUL character) is the request's fault: the error handler answers
// 400 for the error PostgreSQL really raises, wherever a route let such text through.

const open = pgDatabases();

describe('text PostgreSQL refuses', () => {
  it('is recognised by the code PostgreSQL gives, and nothing else is', async () => {
    const db = await open();
    try {
      const refused = await db.value('SELECT CAST(? AS text)', ['a\u0000b']).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).not.toBeNull();
      expect(isUnstorableText(refused)).toBe(true);
      const other = await db.value('SELECT 1 / 0').then(
        () => null,
        (err: unknown) => err,
      );
      expect(isUnstorableText(other)).toBe(false);
    } finally {
      await db.close();
    }
  });
});
