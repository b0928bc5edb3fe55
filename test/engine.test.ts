import { describe, expect, it } from 'vitest';
import { openDb } from '../server/db.js';
import { SqliteDatabase } from '../server/data/engine/index.js';
import { toNumbered } from '../server/data/engine/placeholders.js';
import { engineContract } from './helpers/engine-contract.js';

engineContract('SQLite', () => Promise.resolve(new SqliteDatabase(openDb(':memory:'))));

describe('placeholders for PostgreSQL', () => {
  it('numbers each ? outside literals, quoted names and comments', () => {
    expect(toNumbered("SELECT ? AS a, '?' AS b, \"we?rd\" AS c, 'it''s ?' AS d, ? -- why?\nFROM t WHERE x = ?")).toBe(
      "SELECT $1 AS a, '?' AS b, \"we?rd\" AS c, 'it''s ?' AS d, $2 -- why?\nFROM t WHERE x = $3",
    );
  });
});
